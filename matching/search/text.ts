/**
 * Tokenising for symptom search. Pure functions: the same text always yields the
 * same terms, in the index and in queries.
 */

/**
 * Words that carry no meaning for matching: English function words and the words
 * people wrap a question in ("what is", "I get", "please help").
 */
const STOP_WORDS = new Set(`
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just me more
most my myself no nor not of off on once only or other our out over own same she should so
some such than that the their them then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your
yours get gets getting got im ive dont doesnt cant wont please help thanks thank hi hello hey
mean means meaning tell know say says said see show shows shown showing happen happens
happened keep keeps kept also still now today yesterday anyone someone something since
morning afternoon evening tonight idea ideas fix
`.split(/\s+/).filter(Boolean));

/** Whether a lower-case word is one of the words a question is made of rather than a name ("when", "the"). */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Letters and digits; anything else separates words. */
const WORD = /[a-z0-9]+/g;

/**
 * Contractions spelled out, so that "isn't" and "doesn't" leave no "isn" or "doesn"
 * behind, and "can't" meets the "Cannot" of titles.
 */
function expandContractions(lower: string): string {
  return lower.replace(/\bcan['\u2019]t\b/g, 'cannot').replace(/\bwon['\u2019]t\b/g, 'will not').replace(/n['\u2019]t\b/g, ' not');
}

/**
 * A light suffix stripper: enough to meet "fails"/"failed"/"failing" and
 * "packages"/"package" without a full stemmer's surprises on product names. A final
 * "e" goes too, so that "update" meets "updated" and "updating" ("updat").
 */
function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word;
  const stripped = withoutSuffix(word);
  return stripped.length > 4 && stripped.endsWith('e') && !stripped.endsWith('ee') ? stripped.slice(0, -1) : stripped;
}

/** The word without its plural or verb ending ("fails", "failed", "failing": "fail"). */
function withoutSuffix(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 6) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 5) return word.slice(0, -2);
  if (word.endsWith('es') && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** One lower-case word as the index writes it (stemmed); none for a stop word. */
export function asTerm(word: string): string | undefined {
  return STOP_WORDS.has(word) ? undefined : stem(word);
}

/** Search terms of a text: lower case, stop words dropped, stemmed. Repeats kept. */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  const lower = expandContractions(text.toLowerCase());
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) {
    const word = m[0];
    if (word.length < 2 || word.length > 40 || STOP_WORDS.has(word)) continue;
    terms.push(stem(word));
    // A hex number is also its digits: "STOP 0x0000007B", "0x7B" and "Stop 7B" are one code.
    const digits = /^0x0*([1-9a-f][0-9a-f]+)$/.exec(word)?.[1];
    if (digits && digits !== word) terms.push(digits);
    // A product and its version written as one word are the two words the articles write:
    // "nt4" is "NT 4.0", "win95" "Windows 95".
    const [, product, version] = /^([a-z]{2,3})(\d{1,2})$/.exec(word) ?? [];
    if (product && !STOP_WORDS.has(product)) terms.push(product);
    if (version?.length === 2) terms.push(version);
  }
  return terms;
}

/** Text in double quotes, or in single quotes that are not apostrophes ("it's"). */
const IN_QUOTES = /["\u201C\u201D\u201E]([^"\u201C\u201D\u201E\n]{15,300})["\u201C\u201D]|(?:^|[\s(:])['\u2018]([^'\u2018\u2019\n]{15,300})['\u2019](?=$|[\s.,;:!?)])/g;
/** From the first to the last double quote of a line: a message quoted with quotes inside ("unresolved external symbol "__doserrno""). */
const OUTER_QUOTES = /"([^\n]{15,300})"/g;
/** "I get this: <message>": what follows the first colon of a line. */
const AFTER_COLON = /^[^:\n]{1,60}:\s+(.{15,})$/gm;
/** "anyone seen this? <message>... happens every morning": an ellipsis marks where a copied message was cut. */
const BEFORE_ELLIPSIS = /(?:^|[?!]\s+)((?:(?!\.{3})[^?!\n"\u201C\u201D\u2026]){15,300}?)(?:\.{3}|\u2026)/gm;
/** "why do I get", "I keep getting", "users see": the words a question puts before the message it is about. */
const QUESTION_OPENER = /^(?:(?:why|how come)\s+(?:do|does|did|am|are|is|would)\s+(?:i|we|you|they|it|he|she|users?)\s+|(?:i|we|users?|they)\s+(?:keep\s+|still\s+|always\s+)?)(?:get|gets|getting|see|sees|seeing|receive|receiving|have|having)\s+/i;
/** "when I log in", "after we restart": the words a question puts after the message, saying when it happens. */
const QUESTION_CONTEXT = /\s+(?:when|whenever|after|while|every time|each time)\s+(?:i|we|you|they|users?|he|she)\b[^\n]{0,80}$/i;
const QUOTED_PART_MIN = 15;

/**
 * What a question quotes: text in quotation marks, after "...this:", before an ellipsis,
 * between "why do I get" and "when I log in", or on a line of its own. Matched on its
 * own too, the words around it ("anyone seen this? ... happens every morning") do not
 * outweigh the message's.
 */
export function quotedParts(text: string): string[] {
  const parts = [...text.matchAll(IN_QUOTES)].map((m) => m[1] ?? m[2]);
  parts.push(...[...text.matchAll(OUTER_QUOTES)].map((m) => m[1]));
  parts.push(...[...text.matchAll(AFTER_COLON)].map((m) => m[1]));
  parts.push(...[...text.matchAll(BEFORE_ELLIPSIS)].map((m) => m[1]));
  const framed = text.trim().replace(QUESTION_OPENER, '').replace(QUESTION_CONTEXT, '');
  if (framed !== text.trim()) parts.push(framed);
  if (text.includes('\n')) parts.push(...text.split('\n'));
  return [...new Set(parts.map((part) => part.trim()))].filter((part) => part.length >= QUOTED_PART_MIN);
}
