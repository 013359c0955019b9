import * as assert from 'node:assert/strict';
import type { RunningApp } from '../../server/app';
import { ConversationStore } from '../../localChat/directLineStore';
import { eventually, RecordedApp, startRecordedApp } from '../helpers';

interface Opened {
  conversationId: string;
  token: string;
}

describe('local chat: Direct Line service and Bot Connector endpoints', () => {
  let app: RunningApp;
  let recorded: RecordedApp;
  const user = { id: 'local-user-test', name: 'Ann' };

  const request = (route: string, init: { method?: string; token?: string; body?: unknown; raw?: string } = {}) =>
    fetch(`${app.url}${route}`, {
      method: init.method ?? (init.body === undefined && init.raw === undefined ? 'GET' : 'POST'),
      headers: {
        'Content-Type': 'application/json',
        ...(init.token === undefined ? {} : { Authorization: `Bearer ${init.token}` }),
      },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });

  async function openConversation(): Promise<Opened> {
    const generated = await request('/v3/directline/tokens/generate', { body: { user } });
    assert.equal(generated.status, 200);
    const { token } = (await generated.json()) as Opened;
    const started = await request('/v3/directline/conversations', { token, body: {} });
    assert.equal(started.status, 201);
    const opened = (await started.json()) as Opened & { expires_in: number };
    assert.equal(opened.token, token);
    assert.ok(opened.expires_in > 0);
    return opened;
  }

  async function activities({ conversationId, token }: Opened, watermark?: string) {
    const query = watermark === undefined ? '' : `?watermark=${watermark}`;
    const response = await request(`/v3/directline/conversations/${conversationId}/activities${query}`, { token });
    assert.equal(response.status, 200);
    return (await response.json()) as { activities: any[]; watermark: string };
  }

  async function say(conversation: Opened, text: string): Promise<string> {
    const response = await request(`/v3/directline/conversations/${conversation.conversationId}/activities`, {
      token: conversation.token,
      body: { type: 'message', text, from: user, channelData: { clientActivityID: `client-${text}` } },
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { id: string }).id;
  }

  const replyTo = (conversation: Opened, id: string) =>
    eventually(
      async () => (await activities(conversation)).activities.find((a) => a.type === 'message' && a.replyToId === id && a.from.role === 'bot'),
      `the bot's reply to ${id}`,
    );

  before(async () => {
    recorded = await startRecordedApp('localchat');
    ({ app } = recorded);
  });

  after(async () => {
    await recorded?.close();
  });

  it('serves the chat page, its script and Web Chat from this server under a strict CSP', async () => {
    const page = await fetch(`${app.url}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /img-src 'self' data:.* https:/);
    const html = await page.text();
    assert.match(html, /Help desk bot \(local\)/);
    assert.doesNotMatch(html, /<script>|https?:\/\//, 'no inline script, nothing from elsewhere');

    for (const script of ['/chat.js', '/webchat.js']) {
      const response = await fetch(`${app.url}${script}`);
      assert.equal(response.status, 200, script);
      assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.ok((await response.text()).length > 0);
    }
  });

  it('opens a conversation and tells the bot the user joined', async () => {
    const { conversationId } = await openConversation();
    const joined = await eventually(
      async () => recorded.received.find((a) => a.type === 'conversationUpdate' && a.conversation.id === conversationId),
      'the conversationUpdate',
    );
    assert.deepEqual(joined.membersAdded, [user]);
    assert.equal(joined.channelId, 'webchat');
  });

  it('hands a message to the bot as a webchat activity and delivers the reply to the page', async () => {
    const conversation = await openConversation();
    const before = await activities(conversation);
    const id = await say(conversation, 'what is MIS_3');

    const received = recorded.received.find((a) => a.id === id);
    assert.ok(received, 'the bot got the message before the POST returned');
    assert.equal(received.type, 'message');
    assert.equal(received.text, 'what is MIS_3');
    assert.equal(received.channelId, 'webchat');
    assert.equal(received.serviceUrl, app.url);
    assert.equal(received.conversation.id, conversation.conversationId);
    assert.deepEqual(received.recipient, { id: 'helpdesk-bot', name: 'Help Desk', role: 'bot' });
    assert.equal(received.from.id, user.id);
    assert.equal(received.from.name, user.name);
    assert.ok(!Number.isNaN(Date.parse(received.timestamp)));

    const reply = await replyTo(conversation, id);
    assert.equal(reply.from.id, 'helpdesk-bot');
    assert.equal(reply.conversation.id, conversation.conversationId);

    const since = await activities(conversation, before.watermark);
    const echo = since.activities.find((a) => a.id === id);
    assert.equal(echo?.channelData?.clientActivityID, 'client-what is MIS_3', 'Web Chat matches its echo by this');
    assert.ok(since.activities.every((a) => !before.activities.some((old) => old.id === a.id)), 'watermark skips what was seen');
    assert.deepEqual((await activities(conversation, since.watermark)).activities, []);
  });

  it('refuses a missing or wrong token with 403', async () => {
    const conversation = await openConversation();
    const other = await openConversation();
    const route = `/v3/directline/conversations/${conversation.conversationId}/activities`;
    for (const token of [undefined, 'not-a-token', other.token]) {
      assert.equal((await request(route, { token })).status, 403);
      assert.equal((await request(route, { token, body: { type: 'message', text: 'hi' } })).status, 403);
      assert.equal((await request(`/v3/directline/conversations/${conversation.conversationId}`, { token })).status, 403);
    }
    assert.equal((await request('/v3/directline/conversations', { token: 'not-a-token', body: {} })).status, 403);
    assert.equal((await request('/v3/directline/tokens/refresh', { token: 'not-a-token', body: {} })).status, 403);
  });

  it('answers 404 for an unknown conversation, on both sides', async () => {
    const { token } = await openConversation();
    assert.equal((await request('/v3/directline/conversations/nope/activities', { token })).status, 404);
    assert.equal((await request('/v3/directline/conversations/nope', { token })).status, 404);
    assert.equal((await request('/v3/conversations/nope/activities', { body: { type: 'message', text: 'x' } })).status, 404);
    assert.equal((await request('/v3/conversations/nope/members')).status, 404);
  });

  it('rejects malformed JSON and non-activities with 400', async () => {
    const conversation = await openConversation();
    const dl = `/v3/directline/conversations/${conversation.conversationId}/activities`;
    const connector = `/v3/conversations/${conversation.conversationId}/activities`;
    for (const route of [dl, connector]) {
      assert.equal((await request(route, { token: conversation.token, raw: '{"type": "message",' })).status, 400, route);
      assert.equal((await request(route, { token: conversation.token, body: [1, 2] })).status, 400, route);
      assert.equal((await request(route, { token: conversation.token, body: { text: 'no type' } })).status, 400, route);
    }
  });

  it('re-delivers an activity the bot updates under the same id, in place of the old one', async () => {
    const conversation = await openConversation();
    const reply = await replyTo(conversation, await say(conversation, 'what is MIS_3'));
    const { watermark } = await activities(conversation);

    const route = `/v3/conversations/${conversation.conversationId}/activities/${reply.id}`;
    const put = await request(route, { method: 'PUT', body: { type: 'message', text: 'updated answer' } });
    assert.equal(put.status, 200);
    assert.deepEqual(await put.json(), { id: reply.id });

    const [updated, ...rest] = (await activities(conversation, watermark)).activities;
    assert.deepEqual(rest, []);
    assert.equal(updated.id, reply.id);
    assert.equal(updated.text, 'updated answer');
    assert.equal(updated.timestamp, reply.timestamp, 'the original timestamp keeps its place in Web Chat');
    const all = (await activities(conversation)).activities.filter((a) => a.id === reply.id);
    assert.deepEqual(all, [updated], 'a fresh client sees only the new version');

    const missing = `/v3/conversations/${conversation.conversationId}/activities/9999999`;
    assert.equal((await request(missing, { method: 'PUT', body: { type: 'message', text: 'x' } })).status, 404);
  });

  it('turns an activity the bot deletes into a messageDelete under the same id', async () => {
    const conversation = await openConversation();
    const reply = await replyTo(conversation, await say(conversation, 'what is MIS_3'));
    const route = `/v3/conversations/${conversation.conversationId}/activities/${reply.id}`;
    assert.equal((await request(route, { method: 'DELETE' })).status, 200);
    const same = (await activities(conversation)).activities.filter((a) => a.id === reply.id);
    assert.deepEqual(
      same.map((a) => a.type),
      ['messageDelete'],
    );
  });

  it('answers an invoke with what the bot returned instead of an activity id', async () => {
    const conversation = await openConversation();
    const response = await request(`/v3/directline/conversations/${conversation.conversationId}/activities`, {
      token: conversation.token,
      body: { type: 'invoke', name: 'localChatTest/unknown', from: user },
    });
    // ActivityHandler answers invokes it has no handler for with 501.
    assert.equal(response.status, 501);
  });

  it('lists the user as the member of the conversation', async () => {
    const { conversationId } = await openConversation();
    const members = await request(`/v3/conversations/${conversationId}/members`);
    assert.deepEqual(await members.json(), [user]);
    assert.equal((await request(`/v3/conversations/${conversationId}/members/${user.id}`)).status, 200);
    assert.equal((await request(`/v3/conversations/${conversationId}/members/someone-else`)).status, 404);
  });
});

describe('local chat: conversation store limits', () => {
  const user = { id: 'u', name: 'U' };

  it('drops the least recently used conversation beyond the limit', () => {
    const store = new ConversationStore({ maxConversations: 2, maxActivitiesPerConversation: 10, idleMs: 60_000 });
    const first = store.create(user);
    const second = store.create(user);
    store.get(first.id);
    const third = store.create(user);
    assert.equal(store.size, 2);
    assert.ok(store.get(first.id));
    assert.equal(store.get(second.id), undefined);
    assert.ok(store.get(third.id));
    assert.equal(store.byToken(second.token), undefined);
  });

  it('keeps only the newest activities of a conversation, watermarks still counting up', () => {
    const store = new ConversationStore({ maxConversations: 10, maxActivitiesPerConversation: 3, idleMs: 60_000 });
    const conversation = store.create(user);
    for (let i = 1; i <= 5; i++) store.append(conversation, { type: 'message', text: `m${i}` });
    const { activities, watermark } = store.since(conversation, undefined);
    assert.deepEqual(
      activities.map((a) => a.text),
      ['m3', 'm4', 'm5'],
    );
    assert.equal(watermark, '5');
    assert.deepEqual(
      store.since(conversation, '4').activities.map((a) => a.text),
      ['m5'],
    );
  });

  it('keeps a conversation under its byte limit, and all of them under theirs, stalest dropped first', () => {
    const store = new ConversationStore({ maxBytesPerConversation: 250_000, maxBytes: 600_000 });
    const paste = 'x'.repeat(100_000);
    const conversations = [store.create(user), store.create(user), store.create(user)];
    for (const conversation of conversations) {
      for (let i = 1; i <= 6; i++) store.append(conversation, { type: 'message', text: `${i} ${paste}` });
      const kept = store.since(conversation, undefined).activities;
      assert.deepEqual(kept.map((a) => String(a.text).split(' ')[0]), ['5', '6'], 'only the newest activities within 250 KB');
    }
    assert.ok(store.byteSize <= 600_000, `all conversations hold ${store.byteSize} bytes`);
    assert.equal(store.get(conversations[0].id), undefined, 'the stalest conversation went');
    assert.ok(store.get(conversations[2].id));
    // A poll is never larger than one conversation's limit.
    assert.ok(JSON.stringify(store.since(conversations[2], undefined)).length < 250_000);
  });

  it('forgets conversations left idle, and their tokens', () => {
    let now = 0;
    const store = new ConversationStore({ maxConversations: 10, maxActivitiesPerConversation: 10, idleMs: 1000 }, () => now);
    const idle = store.create(user);
    const busy = store.create(user);
    now = 900;
    store.get(busy.id);
    now = 1500;
    assert.equal(store.get(idle.id), undefined);
    assert.equal(store.byToken(idle.token), undefined);
    assert.ok(store.byToken(busy.token));
  });
});
