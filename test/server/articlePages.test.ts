import * as assert from 'node:assert/strict';
import { replyCards } from '../../cards/cards';
import { appForSuite } from '../teamsApp';

describe('article pages: every article a card names links somewhere that answers', function () {
  this.timeout(20_000);
  const suite = appForSuite('article-pages');

  it('an article the hand-written entries come from is a page of those entries, escaped', async () => {
    const response = await fetch(`${suite.app.url}/kb/Q224801`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const page = await response.text();
    assert.match(page, /IISSYNC status 2148007941/);
    assert.match(page, /Cause: /);
    assert.doesNotMatch(page, /<script/i);
  });

  it("cards link such an article to the bot's own page, and an article it knows nothing of to the KB", async () => {
    const { matcher, cardContext, withDetails } = suite.app.helpDesk();
    const result = await withDetails(matcher.match('iissync returned 2147500037'));
    const { related } = result.matches[0].entry;
    const card = JSON.stringify(replyCards(result, cardContext));
    assert.ok(card.includes(`](${suite.app.url}/kb/Q224801)`), 'the source article on the bot');
    const onKb = related.filter((number) => !cardContext.documented?.has(number));
    assert.ok(onKb.length > 0 && onKb.length < related.length, `some related articles are written up here, some not: ${related.join(', ')}`);
    for (const number of related) {
      const home = cardContext.documented?.has(number) ? `${suite.app.url}/kb/` : cardContext.kbBaseUrl;
      assert.ok(card.includes(`](${home}${number})`), `${number} links to ${home}`);
    }
  });

  it('an article it has nothing of is a 404 that says so', async () => {
    const response = await fetch(`${suite.app.url}/kb/Q999999`);
    assert.equal(response.status, 404);
    assert.match(JSON.stringify(await response.json()), /no article Q999999/);
  });
});
