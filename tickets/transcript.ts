/**
 * The last turns of a conversation, as Bot Framework activities (the shape a handoff
 * event's transcript has), kept short: a ticket carries what the help desk needs to read,
 * not a megabyte of pasted log.
 */
export interface Turn {
  type: 'message';
  from: { id: string; name?: string; role: 'user' | 'bot' };
  text: string;
  timestamp: string;
}

/** Turns kept per conversation (user and bot messages, each one turn). */
export const MAX_TURNS = 10;
/** Characters kept of one turn's text. */
export const MAX_TURN_TEXT = 1000;

/** `turns` followed by `more`, the oldest dropped beyond MAX_TURNS, long texts cut. */
export function appendTurns(turns: readonly Turn[], ...more: Turn[]): Turn[] {
  const cut = more.map((turn) => (turn.text.length > MAX_TURN_TEXT ? { ...turn, text: `${turn.text.slice(0, MAX_TURN_TEXT - 1)}…` } : turn));
  return [...turns, ...cut].slice(-MAX_TURNS);
}
