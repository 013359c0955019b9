import { performance } from 'node:perf_hooks';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { log, Logger } from './log';
import { instruments } from './metrics';

/** Ids a turn is known by in the logs and traces. */
export interface TurnIds {
  conversationId?: string;
  activityId?: string;
  type?: string;
}

/** What a turn tells about itself while it runs: its logger, and what the matcher decided. */
export interface Turn {
  log: Logger;
  /** answer, clarify or none when the turn matched a question. */
  decision?: string;
  unknownCode?: boolean;
}

const tracer = trace.getTracer('helpdesk-bot');
const TURN_KEY = Symbol('helpdesk turn');
/** Activity types counted by name; any other (the caller chose it) is counted as "other", so metrics keep few series. */
const TYPES = new Set(['message', 'invoke', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'event', 'typing', 'endOfConversation']);

/**
 * Runs one turn inside its span, with a logger whose lines carry the conversation and
 * activity ids, and counts it (helpdesk.turns) by type and decision when it ends. One log
 * line per turn, at info: ids, type, decision, milliseconds; never the user's text.
 */
export async function observeTurn<T>(ids: TurnIds, run: (turn: Turn) => Promise<T>): Promise<T> {
  const started = performance.now();
  const type = ids.type && TYPES.has(ids.type) ? ids.type : 'other';
  const span = tracer.startSpan('turn', { kind: SpanKind.SERVER, attributes: {
    'helpdesk.conversation_id': ids.conversationId, 'helpdesk.activity_id': ids.activityId, 'helpdesk.activity_type': type,
  } });
  const turn: Turn = { log: log.child({ conversationId: ids.conversationId, activityId: ids.activityId }) };
  let failed = false;
  try {
    return await run(turn);
  } catch (error) {
    failed = true;
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    const decision = turn.decision ?? 'other';
    const unknownCode = turn.unknownCode ?? false;
    instruments.turns.add(1, { type, decision, unknown_code: unknownCode, failed });
    span.setAttributes({ 'helpdesk.decision': decision, 'helpdesk.unknown_code': unknownCode });
    span.end();
    turn.log.info({ type, decision: turn.decision, unknownCode: turn.unknownCode, ms: Math.round(performance.now() - started) }, 'turn');
  }
}

/** Keeps the turn with the Bot Framework's per-turn state, for the code the turn runs. */
export function attachTurn(context: { turnState: Map<unknown, unknown> }, turn: Turn): void {
  context.turnState.set(TURN_KEY, turn);
}

/** The turn being run with `context`, if it was observed (proactive work is not a turn). */
function turnOf(context: { turnState: Map<unknown, unknown> }): Turn | undefined {
  return context.turnState.get(TURN_KEY) as Turn | undefined;
}

/** The logger for work done with `context`: the turn's, or the process's. */
export function logOf(context: { turnState: Map<unknown, unknown> }): Logger {
  return turnOf(context)?.log ?? log;
}

/** Records what the matcher decided for the turn, and how long matching took. */
export function recordMatch(context: { turnState: Map<unknown, unknown> }, decision: string, unknownCode: boolean, matchMs: number): void {
  instruments.matchDuration.record(matchMs, { decision });
  const turn = turnOf(context);
  if (!turn) return;
  turn.decision = decision;
  turn.unknownCode = unknownCode;
}
