import * as fs from 'node:fs';
import * as path from 'node:path';
import pino from 'pino';
import { log, setLogLevel } from '../observability/log';

/*
 * Loaded by mocha before the tests (.mocharc.json). The bot's log would bury the test
 * report: fault tests make it log errors with their stacks on purpose, hundreds of lines.
 * Every line, of the bot in this process and of bot processes the tests start, goes to
 * test-results/test.log instead; the lines of the test running now are kept, and the
 * reporter (reporter.ts) prints them under the test if it fails.
 */

/** Where the run's log goes; mocha runs from the repository root (where .mocharc.json is). */
export const LOG_FILE = path.resolve('test-results', 'test.log');
/** What is kept of one test's log to print if it fails: its end, where the failure is. */
const KEPT_CHARS = 32 * 1024;

fs.mkdirSync(path.dirname(LOG_FILE), { recursive: true });
const file = fs.openSync(LOG_FILE, 'w');
let kept = '';
let lines = 0;

/** Writes text the bot logged (whole lines, or a child process's output as it comes) to the file and the current test's log. */
export function captureLog(text: string): void {
  fs.writeSync(file, text);
  kept = (kept + text).slice(-KEPT_CHARS);
  lines += text.split('\n').length - 1;
}

/** Starts the log of the next test (or of a suite's hooks). */
export function startTestLog(): void {
  kept = '';
}

/** The end of what was logged since startTestLog, and how many lines the whole run logged. */
export function testLog(): { kept: string; lines: number } {
  return { kept, lines };
}

// LOG_LEVEL still decides when set; bot processes started by tests inherit it.
setLogLevel(process.env.LOG_LEVEL || 'warn');
// pino writes each line to the stream under this symbol; child loggers find it on their parent.
(log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = { write: captureLog };
