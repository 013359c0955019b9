import * as assert from 'node:assert/strict';
import * as sinon from 'sinon';
import { ROLES_UNSET } from '../../escalation/helpDeskAgents';
import { log } from '../../observability/log';
import { startApp } from '../../server/app';
import { BotConfig, readConfig } from '../../server/config';
import { visibleText } from '../adaptiveCardValidator';
import { ConnectorCall } from '../stubConnector';
import { appForSuite, ask, cardText, executeData, executeDataIn, executeInvoke, personalChat as personal, postTeams, sentTo as sentIn, SuiteApp } from '../teamsApp';
import { escalationConfig } from '../ticketHelpers';
import { tempDir } from '../tempDir';

/*
 * The roles of a deployment with an app id, driven through the real server and adapter.
 * The suites' bots run without an app id (a signed Bot Framework token needs Microsoft's
 * signing keys) but with the roles an app id gives (`rolesRequired`, which startApp sets
 * from MicrosoftAppId: the last test checks that with a real app id).
 */
const CHAT = { id: '19:desk@thread.v2', conversationType: 'groupChat' };
const ANN = { id: '29:ann', name: 'Ann', aadObjectId: 'aad-ann' };
const LEE = { id: '29:lee', name: 'Lee', aadObjectId: 'aad-lee' };
const CAROL = { id: '29:carol', name: 'Carol', aadObjectId: 'aad-carol' };
const BOB = { id: '29:bob', name: 'Bob' };
type Who = { id: string; name: string };

/** What a suite's users and agents do, and what the bot sends back. */
function helpDeskActions(suite: SuiteApp) {
  const sentTo = (conversationId: string, test: (call: ConnectorCall) => boolean, what: string, from = 0) => sentIn(suite, conversationId, test, what, from);
  return {
    sentTo,
    /** Says something in the help desk chat; what the bot answered there. */
    say: async (from: Who, text: string) => {
      const start = suite.connector.calls.length;
      await postTeams(suite, CHAT, from, { text: `<at>Help Desk</at> ${text}` });
      return sentTo(CHAT.id, () => true, `the answer to "${text}"`, start);
    },
    /** Bob asks in his personal chat and escalates the answer; the ticket id. */
    escalate: async (question: string) => {
      const answer = await ask(suite, BOB, question);
      const { value } = await (await postTeams(suite, personal(BOB), BOB, executeInvoke('escalate', executeData(answer, 'escalate')))).json();
      return /HD-[2-9A-HJ-NP-Z]{8}/.exec(visibleText(value).join('\n'))![0];
    },
    /** A click on a card in the help desk chat: the invoke response's text (a refusal) or card. */
    click: async (from: Who, verb: string, data: Record<string, unknown>) => {
      const { value } = await (await postTeams(suite, CHAT, from, executeInvoke(verb, data))).json();
      return { text: typeof value === 'string' ? value : visibleText(value).join('\n'), card: value };
    },
  };
}

describe('help desk roles with an app id, while HELP_DESK_ADMINS is not set: nobody may act', function () {
  this.timeout(30_000);
  // The warning at start is expected here (the last suite checks it): not printed.
  let quiet: sinon.SinonStub;
  before(() => { quiet = sinon.stub(log, 'warn'); });
  after(() => quiet.restore());
  const suite = appForSuite('roles-unset', { escalation: escalationConfig({ rolesRequired: true }) });
  const { say, escalate, click } = helpDeskActions(suite);

  it('refuses "register escalations here" with a card naming HELP_DESK_ADMINS, registers nothing, and the ticket waits', async () => {
    const ticketId = await escalate('what is MIS_31');
    const refusal = await say(CAROL, 'register escalations here');
    const shown = cardText(refusal);
    assert.match(shown, /help desk roles are not set up/);
    assert.match(shown, /HELP_DESK_ADMINS/);
    assert.match(shown, /Your object id aad-carol/, 'the id an administrator would put in the setting');
    // Nothing registered: no ticket card ever reaches the chat, and the ticket is still to deliver.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.ok(!suite.connector.calls.some((call) => call.conversationId === CHAT.id && cardText(call).includes(`Ticket ${ticketId}`)));
    assert.equal(await suite.app.escalations.outbox.pending(), 1, 'the ticket waits in the outbox');

    for (const verb of ['take', 'resolve', 'approve-draft']) {
      const { text } = await click(CAROL, verb, { action: verb, ticketId, resolution: 'Deleted the partnership' });
      assert.equal(text, ROLES_UNSET, `${verb} refused, naming the setting`);
      assert.match(text, /HELP_DESK_ADMINS/);
    }
    assert.equal((await suite.app.escalations.tickets.get(ticketId))?.status, 'open');
  });
});

describe('help desk roles with an app id and HELP_DESK_ADMINS: the admin registers, members take and resolve, leads approve', function () {
  this.timeout(30_000);
  const suite = appForSuite('roles-set', { escalation: escalationConfig({ rolesRequired: true, helpDeskAdmins: [ANN.aadObjectId] }) });
  const { say, escalate, click, sentTo } = helpDeskActions(suite);

  it('a ticket escalated before the admin registered the chat reaches it; Carol takes and resolves; only the admin (the default lead) approves', async () => {
    const ticketId = await escalate('MIS_31 on my Pocket PC: "Synchronization stopped because the device partnership is damaged"');
    assert.match((await say(CAROL, 'register escalations here')).activity.text, /Only the help desk's administrators \(HELP_DESK_ADMINS\)/);
    assert.match((await say(ANN, 'register escalations here')).activity.text, /Escalations will be posted here/);
    const ticketCard = await sentTo(CHAT.id, (call) => cardText(call).includes(`Ticket ${ticketId}`), 'the waiting ticket posted');

    assert.match((await click(CAROL, 'take', executeData(ticketCard, 'take'))).text, /Taken by\s+Carol/);
    const { card } = await click(CAROL, 'resolve', { ...executeData(ticketCard, 'resolve'), resolution: 'Deleted the partnership and synced again' });
    const approve = executeDataIn(card, 'approve-draft');
    assert.match((await click(CAROL, 'approve-draft', approve)).text, /Only help desk leads \(HELP_DESK_LEADS/);
    assert.equal((await suite.app.escalations.tickets.get(ticketId))?.draft?.status, 'pending');
    assert.match((await click(ANN, 'approve-draft', approve)).text, /Approved by Ann/);
  });

  it('Take from a chat no admin registered is refused', async () => {
    const ticketId = await escalate('what is MIS_5');
    const other = { id: '19:other@thread.v2', conversationType: 'groupChat' };
    const { value } = await (await postTeams(suite, other, CAROL, executeInvoke('take', { action: 'take', ticketId }))).json();
    assert.match(value, /members of a conversation where a help desk administrator said/);
    assert.equal((await suite.app.escalations.tickets.get(ticketId))?.status, 'open');
  });
});

describe('help desk roles with HELP_DESK_LEADS=members: the admin lets every member of the help desk approve', function () {
  this.timeout(30_000);
  const suite = appForSuite('roles-members', { escalation: escalationConfig({ rolesRequired: true, helpDeskAdmins: [ANN.aadObjectId], helpDeskLeads: 'members' }) });
  const { say, escalate, click, sentTo } = helpDeskActions(suite);

  it('Lee, a member who is neither admin nor listed lead, approves', async () => {
    await say(ANN, 'register escalations here');
    const ticketId = await escalate('MIS_31 on my Pocket PC: "Synchronization stopped because the device partnership is damaged"');
    const ticketCard = await sentTo(CHAT.id, (call) => cardText(call).includes(`Ticket ${ticketId}`), 'the ticket card');
    const { card } = await click(LEE, 'resolve', { ...executeData(ticketCard, 'resolve'), resolution: 'Deleted the partnership' });
    assert.match((await click(LEE, 'approve-draft', executeDataIn(card, 'approve-draft'))).text, /Approved by Lee/);
  });
});

describe('help desk roles: what a real app id does at start', () => {
  const appId = { microsoftAppId: '00000000-0000-0000-0000-000000000001', microsoftAppPassword: 'secret', microsoftAppTenantId: '00000000-0000-0000-0000-0000000000aa' };
  /** The warnings a bot started with these settings logs. */
  const warningsAtStart = async (overrides: Partial<BotConfig>) => {
    const warn = sinon.stub(log, 'warn');
    try {
      const app = await startApp({ ...readConfig(), port: 0, host: '127.0.0.1', dataDir: tempDir('roles-start'), ...overrides });
      await app.close();
    } finally {
      warn.restore();
    }
    return warn.getCalls().map((call) => String(call.args.at(-1))).filter((line) => line.includes('HELP_DESK_ADMINS'));
  };

  it('an app id without HELP_DESK_ADMINS: one warning line naming it; with admins, or anonymous, none', async () => {
    const [line, ...more] = await warningsAtStart({ ...appId, escalation: escalationConfig() });
    assert.match(line, /^HELP_DESK_ADMINS is not set: with an app id nobody can register a help desk, take, resolve or approve/);
    assert.deepEqual(more, []);
    assert.deepEqual(await warningsAtStart({ ...appId, escalation: escalationConfig({ helpDeskAdmins: ['aad-ann'] }) }), []);
    assert.deepEqual(await warningsAtStart({ microsoftAppId: '', escalation: escalationConfig() }), []);
  });
});
