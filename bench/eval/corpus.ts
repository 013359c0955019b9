import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Evaluation material read from a plain-text KB archive (`txt/NNN/QNNNNNN.TXT`): the
 * error messages that SYMPTOMS sections quote, sampled with a seed, and made into
 * queries with the noise users add. Shared by the evaluation and the benchmark.
 *
 * The extractor here is the ground truth of the evaluation, so it is deliberately
 * independent of the importer in knowledge/ and kept simple: a sentence that announces
 * a message ("... you may receive the following error message:"), then the indented
 * block under it, wrapped lines joined with single spaces.
 */

export interface KbArticle {
  /** "Q214783", from the DOCUMENT header (the file name when the header is missing). */
  number: string;
  file: string;
  title: string;
  /** Messages quoted in SYMPTOMS, in order, each on one line. */
  messages: string[];
  /** The SYMPTOMS section normalised with `normalise`, to find which articles quote a message. */
  symptoms: string;
}

/** Words that announce a quoted message. */
const CUE = /error message|following error|following message|you (?:may )?receive|may receive/i;
/** Shorter messages ("Access denied") name no one article; longer blocks are transcripts, not messages. */
const MESSAGE_LENGTH = { min: 20, max: 300 };
const UNDERLINE = /^=+\s*$/;
/** The ruler that closes the article body, before the keyword trailer. */
const RULER = /^={10,}\s*$/;

/**
 * How messages are compared: lower-case words and numbers, single spaces, so that
 * "code=C0000005" quoted once as "code = C0000005" is still the same message.
 */
export function normalise(text: string): string {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join(' ');
}

/** The lines of a section (a title underlined with `====`) up to the next one. */
function sectionLines(text: string, title: RegExp): string[] {
  const lines = text.split(/\r?\n/);
  const isHeading = (i: number) => lines[i].trim() !== '' && !UNDERLINE.test(lines[i]) && UNDERLINE.test(lines[i + 1] ?? '');
  const start = lines.findIndex((line, i) => isHeading(i) && title.test(line.trim()));
  if (start < 0) return [];
  const body: string[] = [];
  for (let i = start + 2; i < lines.length && !isHeading(i) && !RULER.test(lines[i]); i++) body.push(lines[i].trimEnd());
  return body;
}

function indentation(line: string): number {
  return /^[ \t]*/.exec(line)![0].replace(/\t/g, '        ').length;
}

/** "- ", "* ", "o ", "1. ": a list of messages, one per item. */
const BULLET = /^(?:[-*o\u2022]|\d+[.)])\s+/;

/**
 * Messages quoted in a section: for each paragraph that names a message and ends with a
 * colon, the block indented deeper than it that follows (each item, when it is a list).
 */
export function quotedMessages(lines: string[]): string[] {
  const messages: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!CUE.test(lines[i])) continue;
    const depth = indentation(lines[i]);
    let end = i;
    while (end + 1 < lines.length && lines[end + 1].trim() && indentation(lines[end + 1]) <= depth) end++;
    if (!lines[end].endsWith(':')) continue;
    let next = end + 1;
    while (next < lines.length && !lines[next].trim()) next++;
    const items: string[][] = [];
    for (; next < lines.length && lines[next].trim() && indentation(lines[next]) > depth; next++) {
      const line = lines[next].trim();
      if (BULLET.test(line) || !items.length) items.push([line.replace(BULLET, '')]);
      else items[items.length - 1].push(line);
    }
    for (const message of items.map((item) => item.join(' '))) {
      // "On the Macintosh client:" introduces a message, it is not one.
      if (message.length >= MESSAGE_LENGTH.min && message.length <= MESSAGE_LENGTH.max && !message.endsWith(':')) messages.push(message);
    }
    i = next - 1;
  }
  return messages;
}

export function readArticle(file: string): KbArticle {
  // The archive is 1990s Windows text: latin1 reads every byte as one character, never fails.
  const text = fs.readFileSync(file, 'latin1');
  const symptoms = sectionLines(text, /^SYMPTOMS?$/);
  return {
    number: /^DOCUMENT:\s*(Q\d+)/m.exec(text)?.[1] ?? path.basename(file, path.extname(file)).toUpperCase(),
    file,
    title: /^TITLE\s*:(.*)$/m.exec(text)?.[1].trim() ?? '',
    messages: quotedMessages(symptoms),
    symptoms: normalise(symptoms.join(' ')),
  };
}

/** `*.TXT` files under a folder, recursively, in a stable order. */
function articleFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((item) => {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) return articleFiles(full);
      return item.isFile() && /\.txt$/i.test(item.name) ? [full] : [];
    });
}

export function readArchive(dir: string): KbArticle[] {
  return articleFiles(dir).map(readArticle);
}

/** Seeded PRNG (mulberry32): the same seed samples the same articles and noise on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n items drawn without replacement (all of them, shuffled, when there are fewer). */
export function sample<T>(items: T[], n: number, random: () => number): T[] {
  const copy = [...items];
  const count = Math.min(n, copy.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

export interface SampledMessage {
  article: KbArticle;
  message: string;
}

/** n articles that quote a message, one of their messages each. */
export function sampleMessages(archive: KbArticle[], n: number, random: () => number): SampledMessage[] {
  return sample(archive.filter((a) => a.messages.length), n, random)
    .map((article) => ({ article, message: article.messages[Math.floor(random() * article.messages.length)] }));
}

/**
 * Articles whose SYMPTOMS contain each message, or whose title quotes it ("Err Msg: ..."):
 * the right answers for it, since a message quoted by several articles ("Error: Access is
 * denied.") names none of them alone.
 */
export function articlesQuoting(archive: KbArticle[], messages: string[]): Map<string, Set<string>> {
  const quoting = new Map<string, Set<string>>();
  for (const message of messages) quoting.set(normalise(message), new Set());
  for (const article of archive) {
    const texts = quotingTexts(article);
    for (const [message, articles] of quoting) {
      if (texts.some((text) => text.includes(` ${message} `))) articles.add(article.number);
    }
  }
  return quoting;
}

/** "Err Msg: ...", "Error Message: ...": a title that quotes a message, written for it. */
const TITLE_QUOTE = /(?:^|:\s*)(?:err(?:or)?\.? ?msg|error message)\s*:\s*/i;

/** `quotingTexts` of each article, made once: every placeholder query reads them all. */
const quotingTextsOf = new WeakMap<KbArticle, string[]>();

/**
 * What of an article quotes messages, normalised and padded with spaces (whole words
 * only: "error 5" is not in "error 50"): its SYMPTOMS, and its title when it quotes one.
 */
function quotingTexts(article: KbArticle): string[] {
  let texts = quotingTextsOf.get(article);
  if (!texts) {
    const cue = TITLE_QUOTE.exec(article.title);
    texts = article.symptoms ? [` ${article.symptoms} `] : [];
    if (cue) texts.push(` ${normalise(article.title.slice(cue.index + cue[0].length))} `);
    quotingTextsOf.set(article, texts);
  }
  return texts;
}

/** Numbers of the articles quoting the message (as `articlesQuoting`), whatever they call its placeholders. */
export function articlesQuotingTemplate(archive: KbArticle[], template: { pattern: RegExp; longestLiteral: string }): Set<string> {
  const quoting = new Set<string>();
  for (const article of archive) {
    if (quotingTexts(article).some((text) => text.includes(template.longestLiteral) && template.pattern.test(text))) quoting.add(article.number);
  }
  return quoting;
}

export const NOISE_KINDS = ['exact', 'lower case', '200-line log', 'first words'] as const;
export type NoiseKind = (typeof NOISE_KINDS)[number];

/** What users paste: the message as is, lower-cased, inside a log, or only its beginning. */
export function noisyQuery(kind: NoiseKind, message: string, random: () => number): string {
  switch (kind) {
    case 'exact':
      return message;
    case 'lower case':
      return message.toLowerCase();
    case '200-line log':
      return serviceLog(message, { lines: 200 }, random);
    case 'first words': {
      const words = message.split(' ');
      return words.slice(0, Math.max(4, Math.ceil(words.length * 0.6))).join(' ');
    }
  }
}

const PROCESSES = ['w3wp.exe:4312', 'inetinfo.exe:1208', 'svchost.exe:884', 'dllhost.exe:2740', 'lsass.exe:612'];
/** Ordinary log traffic, with the odd warning a real log has. */
const NOISE: Array<{ level: string; text: (n: number) => string }> = [
  { level: 'INFO ', text: (n) => `GET /app/default.asp?id=${n} 200 0 ${n % 250} ms` },
  { level: 'INFO ', text: (n) => `POST /api/orders/${n} 201 0 ${n % 90} ms` },
  { level: 'DEBUG', text: (n) => `session ${(n * 7919).toString(16)} opened for user u${n % 97}` },
  { level: 'INFO ', text: (n) => `scheduled task cleanup-${n % 5} completed, ${n % 40} items removed` },
  { level: 'DEBUG', text: (n) => `cache hit ratio ${(n % 100) / 100} over ${n % 1000} lookups` },
  { level: 'INFO ', text: (n) => `application pool DefaultAppPool recycled worker ${n % 8}` },
  { level: 'WARN ', text: (n) => `slow request /reports/${n} took ${1000 + (n % 4000)} ms` },
  { level: 'WARN ', text: (n) => `retrying connection to dc${n % 3}.corp.example.com (attempt 2 of 3)` },
];

function logLine(i: number, level: string, process: string, text: string): string {
  const seconds = 36_000 + i;
  const time = [Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60]
    .map((v) => String(v).padStart(2, '0')).join(':');
  return `2024-03-05 ${time}.${String((i * 37) % 1000).padStart(3, '0')} ${level} [${process}] ${text}`;
}

/** Ordinary log traffic: `lines` lines, or about `bytes` bytes. */
function noiseLines(size: { lines: number } | { bytes: number }, random?: () => number): string[] {
  const lines: string[] = [];
  let bytes = 0;
  const full = () => ('lines' in size ? lines.length >= size.lines : bytes >= size.bytes);
  for (let i = 0; !full(); i++) {
    const n = random ? Math.floor(random() * 100_000) : i;
    const { level, text } = NOISE[n % NOISE.length];
    const line = logLine(i, level, PROCESSES[n % PROCESSES.length], text(n));
    lines.push(line);
    bytes += line.length + 1;
  }
  return lines;
}

/**
 * About `bytes` of service log with each message on ERROR lines spread evenly through it
 * (the first near the head, the last near the end), among noise lines.
 */
export function spreadLog(messages: string[], bytes: number, random: () => number): string {
  const lines = noiseLines({ bytes }, random);
  const step = Math.floor(lines.length / (messages.length + 1));
  messages.forEach((message, i) => {
    const at = step * (i + 1);
    lines[at] = logLine(at, 'ERROR', PROCESSES[i % PROCESSES.length], message);
  });
  return lines.join('\n');
}

/**
 * A service log with the message on one ERROR line among noise lines: `lines` lines in
 * all, or about `bytes` bytes, the message at a random place (the middle when no random).
 */
export function serviceLog(message: string, size: { lines: number } | { bytes: number }, random?: () => number): string {
  const lines = noiseLines('lines' in size ? { lines: size.lines - 1 } : size, random);
  const at = random ? Math.floor(random() * (lines.length + 1)) : Math.floor(lines.length / 2);
  lines.splice(at, 0, logLine(at, 'ERROR', PROCESSES[0], message));
  return lines.join('\n');
}
