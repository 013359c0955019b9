/**
 * How people really paste a quoted message, as generators: one line copied from a log
 * or monitoring tool, a fragment cut off at both ends inside a question, a message with
 * its placeholders filled in, chat wrapping, and Unicode from chat clients and web pages.
 * Pure functions of the message and a seeded random source.
 */

import { normalise } from './corpus';

type Random = () => number;

const pick = <T>(items: readonly T[], random: Random): T => items[Math.floor(random() * items.length)];

export const PASTE_KINDS = ['log line', 'fragment', 'placeholders', 'chat wrapping', 'unicode'] as const;
export type PasteKind = (typeof PASTE_KINDS)[number];

const LEVELS = ['ERROR', 'Error', 'ERR', 'FATAL', 'WARN', 'E'];
const SOURCES = ['[W3SVC]', '[MSExchangeIS]', 'Service Control Manager', '<SQLAgent>', 'app.worker', '[Userenv]', 'srv01.corp.example.com'];
const PATHS = ['C:\\WINNT\\system32\\inetsrv\\inetinfo.exe', '/var/log/app/worker.log', 'D:\\Exchsrvr\\bin\\store.exe', '\\\\FS01\\share\\setup.log'];

/** A timestamp in one of the shapes log tools write. */
function timestamp(random: Random): string {
  const n = Math.floor(random() * 86_400);
  const [h, m, s] = [Math.floor(n / 3600), Math.floor(n / 60) % 60, n % 60].map((v) => String(v).padStart(2, '0'));
  return pick([
    `2024-03-05 ${h}:${m}:${s},${String(n % 1000).padStart(3, '0')}`,
    `2024-03-05T${h}:${m}:${s}.${String(n % 1000).padStart(3, '0')}Z`,
    `03/05/2024 ${h}:${m}:${s} PM`,
    `Mar  5 ${h}:${m}:${s}`,
  ], random);
}

/** One log line: timestamp, level, source, process id and often a path, then the message (often lower-cased). */
function logLine(message: string, random: Random): string {
  const parts = [timestamp(random), pick(LEVELS, random), pick(SOURCES, random)];
  if (random() < 0.6) parts.push(pick([`pid=${1000 + Math.floor(random() * 9000)}`, `[${Math.floor(random() * 9000)}:${Math.floor(random() * 90)}]`, `(PID ${Math.floor(random() * 9000)})`], random));
  if (random() < 0.4) parts.push(`${pick(PATHS, random)}:`);
  const text = random() < 0.5 ? message.toLowerCase() : message;
  return `${parts.join(random() < 0.3 ? ' | ' : ' ')} ${text}`;
}

/** The middle of a message, cut inside at both ends: at least five words, or the message itself when shorter. */
export function fragmentOf(message: string, random: Random): string {
  const words = message.split(' ');
  if (words.length < 8) return message;
  const cut = () => 1 + Math.floor(random() * Math.max(1, Math.floor(words.length * 0.25)));
  const start = cut();
  const end = Math.max(start + 5, words.length - cut());
  return words.slice(start, end).join(' ');
}

const QUESTIONS = [
  (f: string) => `getting "...${f}..." what do I do?`,
  (f: string) => `anyone seen this? ${f}... happens every morning`,
  (f: string) => `why do I get ${f} when I log in`,
  (f: string) => `error says something like '${f}' how to fix`,
];

/** A fragment asked about inside a question. */
export function inQuestion(fragment: string, random: Random): string {
  return pick(QUESTIONS, random)(fragment);
}

/** Placeholders as articles write them, and a value a real message would carry in their place. */
const PLACEHOLDER = /<[A-Za-z][A-Za-z _]{1,30}>|%\d\b|%s\b|\bx{3,}\b|\bn{3,}\b/g;

const VALUES: Array<[RegExp, string[]]> = [
  [/computer|server|machine|host|node|dc|domain controller/i, ['SRV-FS01', 'EXCH02', 'NODEB', 'dc1.corp.example.com']],
  [/file|name/i, ['Q3 budget.xls', 'setup.log', 'report_2024.doc', 'ntuser.dat']],
  [/path|dir|folder/i, ['D:\\Data\\Shared', 'C:\\Program Files\\App', '\\\\FS01\\users']],
  [/drive/i, ['D', 'E:']],
  [/user|account|login/i, ['jsmith', 'CORP\\ann.example', 'svc_backup']],
  [/domain/i, ['CORP', 'EUROPE']],
  [/number|int|value|count|n{3}/i, ['1234', '87', '65535']],
];
const ANY_VALUE = ['SRV-FS01', 'jsmith', 'C:\\Temp\\install.log', '1234', 'Exchange Routing Engine'];

/**
 * Whether the message has placeholders and words of its own beside them: one that is all
 * placeholder ("<Full directory specification>") says nothing a paste of it could be found by.
 */
export function hasPlaceholder(message: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(message) && normalise(message.replace(PLACEHOLDER, ' ')).split(' ').length >= 2;
}

/**
 * The message's wording with each placeholder standing for a few words, over normalised
 * text: articles quote one message with placeholders named differently (<file name>,
 * <filename>, xxx), and each of them quotes what a user pastes with the values in.
 */
export function templatePattern(message: string): { pattern: RegExp; longestLiteral: string } {
  const literals = message.split(PLACEHOLDER).map(normalise);
  const longestLiteral = literals.reduce((a, b) => (b.length > a.length ? b : a), '');
  const parts: string[] = [];
  literals.forEach((words, i) => {
    if (i > 0) parts.push('[a-z0-9]+(?: [a-z0-9]+){0,5}');
    if (words) parts.push(words);
  });
  return { pattern: new RegExp(` ${parts.join(' ')} `), longestLiteral };
}

/** The message with every placeholder replaced by a value of its kind. */
function filledIn(message: string, random: Random): string {
  return message.replace(PLACEHOLDER, (placeholder) => pick(VALUES.find(([kind]) => kind.test(placeholder))?.[1] ?? ANY_VALUE, random));
}

const WRAPPINGS = [
  (m: string) => `hi, I get this: ${m} any idea?`,
  (m: string) => `Hello! my screen shows "${m}" - what should I do`,
  (m: string) => `${m}\nplease help, it's urgent`,
  (m: string) => `hey team, users report this error: ${m}. thanks`,
  (m: string) => `@HelpDesk got the following when I tried again:\n\n${m}\n\nany ideas?`,
];

/** Full-width digits, no-break spaces, zero-width spaces inside words and typographic quotes. */
function unicodeVariant(message: string, random: Random): string {
  return message
    .replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)))
    .replace(/ /g, () => (random() < 0.5 ? '\u00A0' : ' '))
    .replace(/[A-Za-z]{6,}/g, (word) => (random() < 0.3 ? `${word.slice(0, 3)}\u200B${word.slice(3)}` : word))
    .replace(/'/g, '\u2019');
}

/** The query a user would send for a quoted message, in the given way of pasting it. */
export function pasted(kind: PasteKind, message: string, random: Random): string {
  switch (kind) {
    case 'log line':
      return logLine(message, random);
    case 'fragment':
      return inQuestion(fragmentOf(message, random), random);
    case 'placeholders':
      return filledIn(message, random);
    case 'chat wrapping':
      return pick(WRAPPINGS, random)(message);
    case 'unicode':
      return unicodeVariant(message, random);
  }
}
