import * as assert from 'node:assert/strict';
import { SEARCH_COMMAND } from '../../bot/teamsSearch';
import { userActivity } from '../stubConnector';
import { appForSuite } from '../teamsApp';

/** Every text a card shows, in order. */
function shownText(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(shownText);
  if (!node || typeof node !== 'object') return [];
  const { text, title, value, type } = node as Record<string, unknown>;
  const own = [text, title, type === 'Fact' ? value : undefined].filter((t): t is string => typeof t === 'string');
  return [...own, ...Object.entries(node).filter(([key]) => key !== 'text' && key !== 'title').flatMap(([, child]) => shownText(child))];
}

describe('Teams: search from the compose box, link previews and the install welcome, through the real adapter', function () {
  this.timeout(20_000);
  const suite = appForSuite('teams-search');


  /** Posts a Teams activity and returns the HTTP status and the invoke response body. */
  async function post(fields: Record<string, unknown>): Promise<{ status: number; body: any }> {
    const activity = userActivity(suite.connector.url, 'a:1personal', { id: '29:alice', name: 'Alice' }, { channelId: 'msteams', ...fields });
    const response = await fetch(`${suite.app.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  const search = (query: string, commandId = SEARCH_COMMAND) =>
    post({ type: 'invoke', name: 'composeExtension/query', value: { commandId, parameters: [{ name: 'query', value: query }], queryOptions: { skip: 0, count: 25 } } });

  it('a code typed in the compose box lists its answer, ready to insert, with a preview line', async () => {
    const { status, body } = await search('MIS_3');
    assert.equal(status, 200);
    const { type, attachments } = body.composeExtension;
    assert.equal(type, 'result');
    assert.equal(attachments.length, 1);
    const [result] = attachments;
    assert.equal(result.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.match(result.preview.content.title, /MIS_3/);
    assert.ok(result.preview.content.text.length > 10 && result.preview.content.text.length <= 140, result.preview.content.text);
    const shown = shownText(result.content).join('\n');
    assert.match(shown, /MIS_3/);
    assert.match(shown, /What to do/);
  });

  it('the inserted card calls nothing back: no feedback, escalate or pick buttons, no comment form; links and related articles stay', async () => {
    const { body } = await search('iissync returned 2148007941');
    const card = JSON.stringify(body.composeExtension.attachments.map((a: any) => a.content));
    assert.doesNotMatch(card, /Action\.Submit|Action\.Execute|Input\./);
    assert.ok(card.includes(`](${suite.app.publicUrl}/kb/Q224801)`), 'the article link, to the page of its entries');
    assert.match(card, /Related articles/, 'the related articles shown in place');
  });

  it('a code nothing documents is said to be unknown, with nothing to insert', async () => {
    const { body } = await search('MIS_31');
    assert.deepEqual(body.composeExtension, { type: 'message', text: 'MIS_31 is not in the knowledge base.' });
  });

  it('an empty box asks for a code; a command the app does not have is refused in words', async () => {
    assert.match((await search('   ')).body.composeExtension.text, /Type an error code/);
    assert.match((await search('MIS_3', 'somethingElse')).body.composeExtension.text, /no such search/);
  });

  it("a link to the bot's own article page unfurls into the article's card; other links stay as they are", async () => {
    const own = await post({ type: 'invoke', name: 'composeExtension/queryLink', value: { url: `${suite.app.publicUrl}/kb/Q224801` } });
    assert.equal(own.status, 200);
    assert.match(shownText(own.body.composeExtension.attachments[0].content).join('\n'), /IISSYNC|Q224801/);
    const other = await post({ type: 'invoke', name: 'composeExtension/queryLink', value: { url: 'https://evil.example.com/kb/Q224801' } });
    assert.equal(other.status, 200);
    assert.equal(other.body?.composeExtension, undefined);
  });

  it('installing the app welcomes once; a member joining the team later gets no post', async () => {
    const before = suite.connector.calls.length;
    await post({ type: 'installationUpdate', action: 'add', conversation: { id: '19:team@thread.tacv2', conversationType: 'channel' } });
    await post({
      type: 'conversationUpdate',
      conversation: { id: '19:team@thread.tacv2', conversationType: 'channel' },
      membersAdded: [{ id: '29:bob' }],
      channelData: { eventType: 'teamMemberAdded', team: { id: '19:team@thread.tacv2' } },
    });
    const posted = suite.connector.calls.slice(before).filter((call) => call.activity?.type === 'message');
    assert.equal(posted.length, 1);
    assert.match(JSON.stringify(posted[0].activity.attachments), /Help Desk|help desk/i);
  });
});
