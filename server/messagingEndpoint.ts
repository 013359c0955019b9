import type * as restify from 'restify';
import { BodyError, bodyHeadersProblem, MAX_BODY_BYTES, parseJsonBody, readBodyBytes } from './jsonBody';
import { CallerIdentity, HelpDeskAdapter, TurnFailed, TurnLogic, Unauthorized } from '../bot/adapter';
import { activityProblem, ServiceUrlPolicy, serviceUrlProblem } from '../bot/inboundActivity';
import { log } from '../observability/log';
import { observeTurn, attachTurn } from '../observability/turn';

/** The messaging endpoint's path: it reads its own body (see `receiveActivity`). */
export const MESSAGES_PATH = '/api/messages';
/** Turns under way at once; past this a caller gets 503 and Bot Framework retries later. */
const MAX_TURNS_IN_FLIGHT = 256;
/** All an unauthenticated caller is told, whatever it sent. */
const UNAUTHORIZED = 'the request is not authorized';

export interface MessagingParts {
  adapter: HelpDeskAdapter;
  bot: TurnLogic;
  /** Where replies may go (see serviceUrlProblem). */
  serviceUrls: ServiceUrlPolicy;
}

/** Why a request gets no turn: the status and the sentence for the caller. */
interface Refusal {
  status: number;
  error: string;
  /** The body was not read to its end: the connection cannot carry another request. */
  close?: boolean;
}

interface Received {
  activity: Record<string, any>;
  identity: CallerIdentity;
}

/** POST /api/messages: one Bot Framework activity, one turn of the bot. */
export function registerMessaging(server: restify.Server, { adapter, bot, serviceUrls }: MessagingParts): void {
  let inFlight = 0;
  server.post(MESSAGES_PATH, async (req, res) => {
    const received = await receiveActivity(req, adapter, serviceUrls);
    if ('status' in received) {
      if (received.close) res.setHeader('Connection', 'close');
      res.send(received.status, { error: received.error });
      return;
    }
    if (inFlight >= MAX_TURNS_IN_FLIGHT) {
      res.header('Retry-After', '1');
      res.send(503, { error: 'too many turns under way, retry shortly' });
      return;
    }
    inFlight++;
    const { activity, identity } = received;
    const ids = { conversationId: activity.conversation?.id, activityId: activity.id, type: activity.type };
    try {
      const { status, body } = await observeTurn(ids, (turn) => adapter.runTurn(identity, activity, (context) => {
        attachTurn(context, turn);
        return bot.run(context);
      }));
      res.send(status, body);
    } catch (error) {
      // A turn that failed inside the bot has said so already (HelpDeskAdapter's onTurnError).
      if (!(error instanceof TurnFailed)) log.error({ err: error, ...ids }, 'the turn failed');
      res.send(500, { error: 'the turn failed' });
    } finally {
      inFlight--;
    }
  });
}

/**
 * The activity a request carries and who sent it, judged in the order that tells an
 * unauthenticated caller nothing about its body: the bytes are read (no more than the
 * limit), the token is checked (401, the same sentence whatever came with it), and only
 * then are the headers, the JSON and the activity's fields judged, and the token against
 * the activity's channel and serviceUrl.
 */
async function receiveActivity(req: restify.Request, adapter: HelpDeskAdapter, serviceUrls: ServiceUrlPolicy): Promise<Received | Refusal> {
  const bytes = await readBodyBytes(req, MAX_BODY_BYTES).catch((error: BodyError) => error);
  const authorization = req.headers.authorization ?? '';
  const unread = bytes instanceof BodyError;
  try {
    await adapter.authenticateCaller(authorization);
    if (unread) return { status: bytes.status, error: bytes.message, close: true };
    const refused = bodyHeadersProblem(req.headers);
    if (refused) return { status: refused.status, error: refused.message };
    const activity = parseJsonBody(bytes) as Record<string, any>;
    const problem = activityProblem(activity) ?? serviceUrlProblem(activity.serviceUrl, serviceUrls);
    if (problem) return { status: 400, error: `not an activity this bot accepts: ${problem}` };
    return { activity, identity: await adapter.authenticate(activity, authorization) };
  } catch (error) {
    if (error instanceof BodyError) return { status: error.status, error: error.message };
    if (!(error instanceof Unauthorized)) throw error;
    // Logged at debug only: anyone can send them, as many as they like.
    log.debug({ reason: error.message }, 'request not authorized');
    return { status: 401, error: UNAUTHORIZED, close: unread };
  }
}
