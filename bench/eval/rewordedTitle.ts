import { normalise } from './corpus';

/**
 * A title reworded the way users talk (not a question in their own words: see
 * bench/eval/usersWords.ts), generated from an article's title: its words
 * swapped for the ones users say ("unable to" → "can't", "receive" → "get"), wrapped in
 * how people ask, and cut until it shares no run of four words with the article, which
 * is what keeps it from being a quote.
 */

type Random = () => number;

/** Words and phrases of KB titles, and what users say instead. */
const USER_WORDS: Array<[RegExp, string[]]> = [
  [/\bunable to\b|\bcannot\b|\bcan not\b/g, ["can't", 'not able to']],
  [/\bdoes not\b|\bdo not\b/g, ["doesn't", "won't"]],
  [/\bis not\b|\bare not\b/g, ["isn't", 'no longer']],
  [/\breceive\b|\breceiving\b/g, ['get', 'see']],
  [/\berror message\b/g, ['popup', 'error box']],
  [/\bfails\b|\bfail\b/g, ["doesn't work", 'breaks']],
  [/\bfailure\b/g, ['problem']],
  [/\bstart\b|\bstarting\b/g, ['launch', 'open']],
  [/\bcomputer\b/g, ['pc', 'machine']],
  [/\bdelete\b|\bdeletes\b/g, ['remove', 'wipe']],
  [/\bcreate\b|\bcreating\b/g, ['make', 'set up']],
  [/\bdisplay\b|\bdisplays\b/g, ['show', 'shows']],
  [/\bconnect\b|\bconnecting\b/g, ['reach', 'get through to']],
  [/\bincorrect\b|\binvalid\b/g, ['wrong', 'bad']],
  [/\bstops responding\b|\bhangs\b/g, ['freezes', 'locks up']],
  [/\bcauses\b/g, ['makes']],
  [/\bdocument\b/g, ['file']],
  [/\busers?\b/g, ['people', 'staff']],
  [/\bmay\b|\bmight\b/g, ['']],
];

const OPENERS = ['my', 'our', 'since this morning', 'after the update', 'on one pc'];
const CLOSERS = ['any idea?', 'what now', 'how to fix', 'help', ''];

/** Runs of four words, as "a b c d" strings. */
function fourWordRuns(words: string[]): Set<string> {
  const runs = new Set<string>();
  for (let i = 0; i + 4 <= words.length; i++) runs.add(words.slice(i, i + 4).join(' '));
  return runs;
}

/**
 * A rewording of the title that shares no four-word run with `articleText` (title and
 * symptoms), or undefined when too little is left of it.
 */
export function rewordTitle(title: string, articleText: string, random: Random): string | undefined {
  let text = title.replace(/^[A-Z]{2,}[A-Za-z ]*:\s*/, '').toLowerCase();
  for (const [phrase, instead] of USER_WORDS) text = text.replace(phrase, () => instead[Math.floor(random() * instead.length)]);
  const words = `${OPENERS[Math.floor(random() * OPENERS.length)]} ${text}`.split(/\s+/).filter(Boolean);
  const quoted = fourWordRuns(normalise(`${title} ${articleText}`).split(' '));
  // Drop the third word of every run the article also has, until none is left.
  for (let i = 0; i + 4 <= words.length;) {
    if (quoted.has(normalise(words.slice(i, i + 4).join(' ')))) words.splice(i + 2, 1);
    else i++;
  }
  if (words.filter((w) => w.length > 3).length < 3) return undefined;
  if ([...fourWordRuns(normalise(words.join(' ')).split(' '))].some((run) => quoted.has(run))) return undefined;
  return `${words.join(' ')} ${CLOSERS[Math.floor(random() * CLOSERS.length)]}`.trim();
}
