/*
 * observability/: what the running bot tells its operator: JSON log lines (pino) and
 * OpenTelemetry metrics and traces, exported to Application Insights when configured.
 * Depends on nothing else of the bot; matching, knowledge and cards do not depend on it.
 */
import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The process's logger: one JSON object a line on stdout, `level` as a word, `time` in ISO
 * form. LOG_LEVEL (default info; the entry point applies it, server/config.ts) sets how much; turns and tickets log through children
 * that add their ids. No user text goes in: questions are logged by length only.
 */
export const log: Logger = pino({
  level: 'info',
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  serializers: { err: errorFields },
});

/**
 * What of an error is logged: its kind, message, stack and status, never its other fields.
 * HTTP clients hang the request on their errors, and with it the Authorization header.
 */
function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return { type: error.name, message: error.message, stack: error.stack, code, statusCode };
}

/** Sets the level from a LOG_LEVEL value; an unknown one is warned about and leaves info. */
export function setLogLevel(level: string | undefined): void {
  const wanted = (level ?? '').trim().toLowerCase();
  if (!wanted) return;
  if (LEVELS.includes(wanted)) log.level = wanted;
  else log.warn(`LOG_LEVEL "${wanted.slice(0, 20)}" is not one of ${LEVELS.join(', ')}; logging at ${log.level}`);
}

/** The logger of one ticket's work: its lines carry the ticket id. */
export function ticketLog(ticketId: string): Logger {
  return log.child({ ticketId });
}
