import type { DetailedEntry, KnowledgeIssue, Phrasings } from './types';
import { type Item, type Raw, report, requiredText, textList, warning } from './fieldChecks';

/**
 * A knowledge file's `phrasings`: users' words for an entry of any file (the bot writes
 * the ones help desk leads accept, see learning/), added to that entry's symptoms, where
 * the index matches them as it matches the symptoms written by hand.
 */
export const PHRASINGS_FIELDS = ['entry', 'texts'];
/** Longest phrasing: a question as typed, never a paste or a log. */
export const MAX_PHRASING_CHARS = 200;

export function readPhrasings(raw: Raw, item: Item): Phrasings | undefined {
  const entry = requiredText(raw, 'entry', item);
  const texts = textList(raw, 'texts', item);
  const tooLong = texts?.find((text) => text.length > MAX_PHRASING_CHARS || /[\r\n]/.test(text));
  if (tooLong !== undefined) report(item, 'texts', `"${tooLong.slice(0, 40)}…" is not one line of at most ${MAX_PHRASING_CHARS} characters`);
  if (entry === undefined || texts === undefined) return undefined;
  return { entry, texts };
}

/**
 * Adds each file's phrasings to the symptoms of the entry they name, once each whatever
 * its case. A phrasing of an entry no longer loaded is a warning: the entry may come back.
 */
export function addPhrasings(contents: Array<{ file: string; phrasings: Phrasings[] }>, entries: DetailedEntry[], issues: KnowledgeIssue[]): void {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  for (const { file, phrasings } of contents) {
    for (const { entry: id, texts } of phrasings) {
      const entry = byId.get(id);
      if (!entry) {
        issues.push(warning({ file }, 'phrasings', `no entry "${id}" in the knowledge base: its phrasings are not used`));
        continue;
      }
      const known = new Set(entry.symptoms.map((s) => s.toLowerCase()));
      for (const text of texts) {
        if (known.has(text.toLowerCase())) continue;
        known.add(text.toLowerCase());
        entry.symptoms.push(text);
      }
    }
  }
}
