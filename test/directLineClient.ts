import * as assert from 'node:assert/strict';
import { eventually } from './helpers';

/** Every piece of text in an activity's cards and text, for matching. */
export function textOf(activity: any): string {
  return JSON.stringify([activity.text ?? '', ...(activity.attachments ?? []).map((a: any) => a.content)]);
}

/** A user of the local chat page, talking to the bot through the local Direct Line service as Web Chat does. */
export class DirectLineUser {
  private constructor(readonly baseUrl: string, readonly user: { id: string; name: string }, readonly conversationId: string, private readonly token: string) {}

  static async open(baseUrl: string, user: { id: string; name: string }): Promise<DirectLineUser> {
    const post = (route: string, token: string | undefined, body: unknown) =>
      fetch(`${baseUrl}${route}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const generated = await post('/v3/directline/tokens/generate', undefined, { user });
    assert.equal(generated.status, 200);
    const { token } = (await generated.json()) as { token: string };
    const started = await post('/v3/directline/conversations', token, {});
    assert.equal(started.status, 201);
    const { conversationId } = (await started.json()) as { conversationId: string };
    return new DirectLineUser(baseUrl, user, conversationId, token);
  }

  /** Sends an activity as this user and returns its id once the bot has handled it. */
  async send(activity: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${this.baseUrl}/v3/directline/conversations/${this.conversationId}/activities`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ from: this.user, ...activity }),
    });
    assert.equal(response.status, 200, `sending ${JSON.stringify(activity).slice(0, 200)}`);
    return ((await response.json()) as { id: string }).id;
  }

  say(text: string): Promise<string> {
    return this.send({ type: 'message', text });
  }

  /** What an Action.Submit button sends. */
  submit(value: Record<string, unknown>): Promise<string> {
    return this.send({ type: 'message', value });
  }

  async activities(): Promise<any[]> {
    const response = await fetch(`${this.baseUrl}/v3/directline/conversations/${this.conversationId}/activities`, {
      headers: { Authorization: `Bearer ${this.token}` },
    });
    return ((await response.json()) as { activities: any[] }).activities;
  }

  /** The first bot activity that satisfies `test`, waiting for it. */
  fromBot(test: (activity: any) => boolean, what: string, timeoutMs?: number): Promise<any> {
    return eventually(async () => (await this.activities()).find((a) => a.from.role === 'bot' && test(a)), what, timeoutMs);
  }
}

/** The data of the first Action.Submit in a card activity whose data has this `action`. */
export function submitData(activity: any, action: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const walk = (node: any) => {
    if (found || !node || typeof node !== 'object') return;
    if (node.type === 'Action.Submit' && node.data?.action === action) found = node.data;
    Object.values(node).forEach(walk);
  };
  walk(activity.attachments);
  assert.ok(found, `no ${action} button in the card`);
  return found;
}

const TICKET_ID = /HD-[2-9A-HJ-NP-Z]{8}/;

/** A help desk conversation and a user conversation on the local chat, the help desk registered. */
export async function helpDeskAndUser(app: { url: string }, userId = 'user-bob') {
  const desk = await DirectLineUser.open(app.url, { id: 'agent-ann', name: 'Ann' });
  await desk.say('register escalations here');
  await desk.fromBot((a) => /Escalations will be posted here/.test(a.text ?? ''), 'the registration confirmation');
  const user = await DirectLineUser.open(app.url, { id: userId, name: 'Bob' });
  return { desk, user };
}

/** Asks a question, escalates from the answer card and returns the ticket id the card now shows. */
export async function escalate(user: DirectLineUser, question: string, comment: string) {
  const asked = await user.say(question);
  const answer = await user.fromBot((a) => a.replyToId === asked && a.attachments?.length, 'the answer card');
  const data = submitData(answer, 'escalate');
  await user.submit({ ...data, comment });
  const confirmed = await user.fromBot((a) => a.id === answer.id && /Sent to the help desk/.test(textOf(a)), 'the confirmation in place of the card');
  return { ticketId: TICKET_ID.exec(textOf(confirmed))![0], data, answer };
}
