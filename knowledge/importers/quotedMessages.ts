import { paragraphsOf } from './lines';
import { LIMITS } from './parsedArticle';

/** Messages an article quotes, and the other articles it refers to. */

/** The paragraph ending with ":" that introduces a quoted message. */
const MESSAGE_CUE = /error|message|receive|warning|dialog|display|appears|returns|returned|reports|prompt/;
/**
 * A last sentence introducing what to do, not what was shown: "The following are ways to
 * work around this issue:", "Use one of the following methods to resolve this problem:".
 */
const ADVICE_CUE = /\b(?:work ?around|resolve|avoid)\b|\bthe following (?:ways?|steps?|methods?|workarounds?)\b/;
/** Unless it still speaks of a message: "To avoid it, note the following error message:". */
const STILL_A_MESSAGE = /\b(?:error|message)s?\b/;
/** "-or-" between two quoted messages. */
const ALTERNATIVE = /^-?or-?$/i;

/**
 * A paragraph ending with ":" that speaks of a message, unless its last sentence introduces
 * advice: "... causes an application error. The following are ways to work around this issue:".
 */
function leadIn(lines: string[]): boolean {
  const text = lines.join(' ').toLowerCase();
  if (!text.endsWith(':') || !MESSAGE_CUE.test(text)) return false;
  const last = text.split(/(?<=[.!?])\s+/).pop()!.replace(/^[-*]\s+/, '');
  return !ADVICE_CUE.test(last) || STILL_A_MESSAGE.test(last);
}

/**
 * Messages a SYMPTOMS section quotes: the paragraphs indented below a lead-in such as
 * "you may receive the following error message:", itself maybe a list item ("- You
 * receive an error message similar to the following:"). One indented paragraph is one
 * message, its wrapped lines joined by single spaces and otherwise kept exactly.
 */
export function quotedMessages(lines: string[]): string[] {
  const messages: string[] = [];
  let leadIndent: number | undefined;
  let quoting = false;
  for (const paragraph of paragraphsOf(lines)) {
    if (leadIndent !== undefined && paragraph.indent > leadIndent) {
      const text = paragraph.lines.join(' ');
      // A message wrapped after a colon ("... : error LNK2001:" then, deeper, "unresolved
      // external symbol ...") goes on; it is not a message of its own.
      if (quoting && paragraph.afterColon) messages[messages.length - 1] += ` ${text}`;
      else {
        quoting = messages.length < LIMITS.messages && !ALTERNATIVE.test(paragraph.lines[0]);
        if (quoting) messages.push(text);
      }
      continue;
    }
    quoting = false;
    leadIndent = leadIn(paragraph.lines) ? paragraph.indent : undefined;
  }
  return messages;
}

export function referencesIn(text: string, own: string | undefined): string[] {
  const found: string[] = [];
  // Q first, the word boundary checked by hand: a pattern that starts with a literal is scanned fast.
  for (const match of text.matchAll(/Q\d{5,6}(?!\d)/g)) {
    const number = match[0];
    if (/[A-Za-z0-9]/.test(text[match.index - 1] ?? ' ') || number === own || found.includes(number)) continue;
    found.push(number);
    if (found.length >= LIMITS.references) break;
  }
  return found;
}
