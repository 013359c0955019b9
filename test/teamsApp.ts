import type { BotConfig } from '../server/config';
import { RunningApp, startApp } from '../server/app';
import { readConfig } from '../server/config';
import * as assert from 'node:assert/strict';
import { ConnectorCall, StubConnector, userActivity } from './stubConnector';
import { tempDir } from './tempDir';
import { visibleText } from './adaptiveCardValidator';
import { eventually } from './helpers';

/** The running bot and the fake Bot Connector its replies reach, for one suite. */
export interface SuiteApp {
  app: RunningApp;
  connector: StubConnector;
}

/**
 * Starts the bot (anonymous, on loopback, a data folder of its own) and a fake Bot
 * Connector before the suite's tests, and stops both after them.
 */
export function appForSuite(name: string, overrides: Partial<BotConfig> = {}): SuiteApp {
  const suite = {} as SuiteApp;
  before(async () => {
    suite.connector = await StubConnector.start();
    suite.app = await startApp({ ...readConfig(), port: 0, host: '127.0.0.1', microsoftAppId: '', microsoftAppPassword: '', dataDir: tempDir(name), allowedServiceUrls: [suite.connector.url], ...overrides });
  });
  after(async () => {
    await suite.app?.close();
    await suite.connector?.close();
  });
  return suite;
}

/** The data of the first Action.Execute with this verb in the cards a call carried. */
export function executeData(call: ConnectorCall, verb: string): Record<string, unknown> {
  return executeDataIn(call.activity.attachments, verb);
}

/** The data of the first Action.Execute with this verb anywhere in `cards` (a card, attachments, an invoke response). */
export function executeDataIn(cards: unknown, verb: string): Record<string, unknown> {
  let found: any;
  JSON.stringify(cards, (key, value) => {
    if (!found && value?.type === 'Action.Execute' && value.verb === verb) found = value;
    return value;
  });
  assert.ok(found, `an ${verb} button`);
  return found.data;
}

/** Posts a Teams activity from `from` in `conversation` to the suite's bot; the response (200 expected). */
export async function postTeams(suite: SuiteApp, conversation: { id: string; conversationType: string }, from: { id: string; name: string },
  fields: Record<string, unknown>): Promise<Response> {
  const response = await fetch(`${suite.app.url}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(userActivity(suite.connector.url, conversation.id, from, { channelId: 'msteams', conversation, ...fields })),
  });
  assert.equal(response.status, 200);
  return response;
}

/** A click on an Action.Execute, as Teams sends it: an adaptiveCard/action invoke. */
export function executeInvoke(verb: string, data: Record<string, unknown>): Record<string, unknown> {
  return { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } };
}

/** The visible text of the cards a call to the connector carried. */
export function cardText(call: ConnectorCall): string {
  return (call.activity?.attachments ?? []).flatMap((a: any) => visibleText(a.content)).join('\n');
}

/** The first message the bot posted to `conversationId` after the first `from` calls that passes `test`; waits for it. */
export function sentTo(suite: SuiteApp, conversationId: string, test: (call: ConnectorCall) => boolean, what: string, from = 0): Promise<ConnectorCall> {
  return eventually(() => suite.connector.calls.slice(from).find((call) => call.conversationId === conversationId && call.method === 'POST' && test(call)), what, 10_000);
}

/** A user's personal chat with the bot. */
export const personalChat = (user: { id: string }) => ({ id: `a:${user.id}`, conversationType: 'personal' });

/** What the bot answers a user in their personal chat: the first message with cards after the question. */
export async function ask(suite: SuiteApp, user: { id: string; name: string }, text: string): Promise<ConnectorCall> {
  const from = suite.connector.calls.length;
  await postTeams(suite, personalChat(user), user, { text });
  return sentTo(suite, personalChat(user).id, (call) => call.activity?.attachments?.length > 0, `the answer to "${text}"`, from);
}
