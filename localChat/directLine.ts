import { randomBytes } from 'node:crypto';
import type * as restify from 'restify';
import type { ChannelAccount } from 'botbuilder';
import { log } from '../observability/log';
import { Conversation, ConversationStore, NewActivity, StoredActivity, sameToken } from './directLineStore';

const BOT_ACCOUNT: ChannelAccount = { id: 'helpdesk-bot', name: 'Help Desk', role: 'bot' };
const CHANNEL_ID = 'webchat';
/** Longest one turn may take before the sender gets 502; Direct Line allows 15 s, a local bot under a debugger needs more. */
const BOT_TIMEOUT_MS = 30_000;
const NOT_AN_ACTIVITY = error('BadArgument', 'Expected an activity: a JSON object with a string "type"');

export interface DirectLineOptions {
  /** This server's base URL: the bot's endpoint and the serviceUrl its replies go to. */
  baseUrl: () => string;
}

interface BotResponse {
  status: number;
  body: unknown;
}

/**
 * A minimal Direct Line v3 service (REST polling, no WebSocket, no uploads) for Web Chat, and the
 * Bot Connector endpoints the bot's replies come back to. Only for an anonymous bot: nothing on the
 * connector side checks who is calling.
 */
export function registerDirectLine(server: restify.Server, { baseUrl }: DirectLineOptions): void {
  const store = new ConversationStore();
  const info = (conversation: Conversation) => ({
    conversationId: conversation.id,
    token: conversation.token,
    expires_in: store.idleSeconds,
  });

  /** The conversation in the path if the bearer token is its own; otherwise answers 404 or 403. */
  const authorized = (req: restify.Request, res: restify.Response): Conversation | undefined => {
    const conversation = store.get(req.params.conversationId);
    if (!conversation) {
      res.send(404, error('BadArgument', 'Conversation not found'));
    } else if (!sameToken(bearer(req), conversation.token)) {
      res.send(403, error('TokenInvalid', 'Token not valid for this conversation'));
    } else {
      return conversation;
    }
    return undefined;
  };

  const stamp = (conversation: Conversation, activity: NewActivity): NewActivity => ({
    ...activity,
    timestamp: new Date().toISOString(),
    channelId: CHANNEL_ID,
    serviceUrl: baseUrl(),
    conversation: { id: conversation.id },
  });

  /** Hands activities to the bot one at a time per conversation, as a channel would, over real HTTP. */
  const deliver = (conversation: Conversation, activity: StoredActivity): Promise<BotResponse> => {
    const turn = conversation.delivery.then(() => postToBot(`${baseUrl()}/api/messages`, activity));
    conversation.delivery = turn.catch(() => undefined);
    return turn;
  };

  // Direct Line, as Web Chat (botframework-directlinejs) calls it.

  server.post('/v3/directline/tokens/generate', async (req, res) => {
    res.send(200, info(store.create(userAccount(req.body?.user))));
  });

  server.post('/v3/directline/tokens/refresh', async (req, res) => {
    const conversation = store.byToken(bearer(req));
    if (conversation) res.send(200, info(conversation));
    else res.send(403, error('TokenInvalid', 'Token not valid'));
  });

  server.post('/v3/directline/conversations', async (req, res) => {
    const conversation = store.byToken(bearer(req));
    if (!conversation) {
      res.send(403, error('TokenInvalid', 'Start a conversation with a token from /v3/directline/tokens/generate'));
      return;
    }
    if (conversation.started) {
      res.send(200, info(conversation));
      return;
    }
    conversation.started = true;
    // Kept in the transcript too: Web Chat holds back a reply until it has seen what it replies to.
    const greeting = store.append(
      conversation,
      stamp(conversation, {
        type: 'conversationUpdate',
        from: { ...conversation.user, role: 'user' },
        recipient: BOT_ACCOUNT,
        membersAdded: [conversation.user],
      }),
    );
    deliver(conversation, greeting).catch((reason) => log.error({ err: reason }, 'local chat: conversationUpdate not delivered'));
    res.send(201, info(conversation));
  });

  server.get('/v3/directline/conversations/:conversationId', async (req, res) => {
    const conversation = authorized(req, res);
    if (conversation) res.send(200, info(conversation));
  });

  server.get('/v3/directline/conversations/:conversationId/activities', async (req, res) => {
    const conversation = authorized(req, res);
    if (conversation) res.send(200, store.since(conversation, req.query?.watermark));
  });

  server.post('/v3/directline/conversations/:conversationId/activities', async (req, res) => {
    const conversation = authorized(req, res);
    if (!conversation) return;
    const body = activityIn(req, res);
    if (!body) return;
    const sender = body.from ?? {};
    const activity = store.append(conversation, {
      ...stamp(conversation, body),
      from: {
        id: typeof sender.id === 'string' && sender.id ? sender.id : conversation.user.id,
        name: typeof sender.name === 'string' ? sender.name : conversation.user.name,
        role: 'user',
      },
      recipient: BOT_ACCOUNT,
    });

    let reply: BotResponse;
    try {
      reply = await deliver(conversation, activity);
    } catch (reason) {
      res.send(502, error('BotError', `The bot could not be reached: ${(reason as Error).message}`));
      return;
    }
    if (activity.type === 'invoke') res.send(reply.status, reply.body);
    else if (reply.status >= 400) res.send(502, error('BotError', `The bot answered HTTP ${reply.status}`));
    else res.send(200, { id: activity.id });
  });

  // Bot Connector: the bot's serviceUrl is this server, so its replies, updates and deletes land here.

  const botConversation = (req: restify.Request, res: restify.Response): Conversation | undefined => {
    const conversation = store.get(req.params.conversationId);
    if (!conversation) res.send(404, error('ConversationNotFound', 'Conversation not found'));
    return conversation;
  };

  const fromBot = (conversation: Conversation, body: NewActivity): NewActivity => ({
    ...stamp(conversation, body),
    from: BOT_ACCOUNT,
    recipient: conversation.user,
  });

  const send = async (req: restify.Request, res: restify.Response) => {
    const conversation = botConversation(req, res);
    if (!conversation) return;
    const body = activityIn(req, res);
    if (!body) return;
    const replyToId = body.replyToId ?? req.params.activityId;
    const activity = store.append(conversation, { ...fromBot(conversation, body), ...(replyToId ? { replyToId } : {}) });
    res.send(200, { id: activity.id });
  };
  server.post('/v3/conversations/:conversationId/activities', send);
  server.post('/v3/conversations/:conversationId/activities/:activityId', send);

  server.put('/v3/conversations/:conversationId/activities/:activityId', async (req, res) => {
    const conversation = botConversation(req, res);
    if (!conversation) return;
    const body = activityIn(req, res);
    if (!body) return;
    const { activityId } = req.params;
    const updated = store.replace(conversation, { ...fromBot(conversation, body), id: activityId });
    if (updated) res.send(200, { id: activityId });
    else res.send(404, error('ActivityNotFound', 'Activity not found'));
  });

  server.del('/v3/conversations/:conversationId/activities/:activityId', async (req, res) => {
    const conversation = botConversation(req, res);
    if (!conversation) return;
    // Web Chat drops an activity when another with the same id arrives, and renders no messageDelete.
    const tombstone = { ...fromBot(conversation, { type: 'messageDelete' }), id: req.params.activityId };
    if (store.replace(conversation, tombstone)) res.send(200);
    else res.send(404, error('ActivityNotFound', 'Activity not found'));
  });

  server.get('/v3/conversations/:conversationId/members', async (req, res) => {
    const conversation = botConversation(req, res);
    if (conversation) res.send(200, [conversation.user]);
  });

  server.get('/v3/conversations/:conversationId/members/:memberId', async (req, res) => {
    const conversation = botConversation(req, res);
    if (!conversation) return;
    if (req.params.memberId === conversation.user.id) res.send(200, conversation.user);
    else res.send(404, error('MemberNotFound', 'Member not found'));
  });
}

async function postToBot(url: string, activity: StoredActivity): Promise<BotResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity),
    signal: AbortSignal.timeout(BOT_TIMEOUT_MS),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('json') ?? false;
  return { status: response.status, body: isJson && text ? JSON.parse(text) : undefined };
}

/** The user the page says it is, or a made-up one. */
function userAccount(value: unknown): ChannelAccount {
  const user = (value ?? {}) as Partial<ChannelAccount>;
  const id = typeof user.id === 'string' && user.id ? user.id : `user-${randomBytes(6).toString('hex')}`;
  return { id, name: typeof user.name === 'string' && user.name ? user.name : id };
}

function bearer(req: restify.Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** The activity a request carries, or undefined once it is answered 400. */
function activityIn(req: restify.Request, res: restify.Response): (NewActivity & Record<string, any>) | undefined {
  const body: unknown = req.body;
  if (!!body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { type?: unknown }).type === 'string') {
    return body as NewActivity & Record<string, any>;
  }
  res.send(400, NOT_AN_ACTIVITY);
  return undefined;
}

function error(code: string, message: string) {
  return { error: { code, message } };
}
