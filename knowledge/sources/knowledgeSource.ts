import * as path from 'node:path';
import type { KnowledgeIssue } from '../types';

/**
 * Where knowledge comes from. Loading, the cache's fingerprint and reloads go through this
 * interface only; local files (fileSource.ts) are the first implementation. A source names
 * its items as paths: the extension says what an item is (a knowledge file or an article),
 * a folder named APPROVED_FOLDER holds entries written from tickets.
 */
export interface KnowledgeSource {
  /** The names of every knowledge file and article it holds, in a stable order; what cannot be listed is an issue. */
  list(issues: KnowledgeIssue[]): string[];
  /** The bytes of one listed item; throws when it cannot be read. */
  read(name: string): Uint8Array;
  /** Changes whenever an item is added, removed or changed: a cache is reused only for the same one. */
  fingerprint(): string;
  /** Calls `onChange` when an item may have changed (reloads settle a burst of calls); returns what stops watching. */
  watch(onChange: () => void): () => void;
}

/** The folder entries approved from help desk tickets are written to: its files load as entries from tickets, shown as plain text. */
export const APPROVED_FOLDER = 'approved-knowledge';

const EXTENSIONS = ['.yaml', '.yml', '.json'];
const ARTICLE_EXTENSIONS = ['.txt', '.md'];

/** Whether `name` is one of the approved entries' files, whoever wrote or edited it. */
export function fromTickets(name: string): boolean {
  return path.basename(path.dirname(name)) === APPROVED_FOLDER;
}

export function isKnowledgeFile(name: string): boolean {
  return EXTENSIONS.includes(path.extname(name).toLowerCase());
}

export function isArticleFile(name: string): boolean {
  return ARTICLE_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** What the file source says of a file it cannot read as knowledge. */
export const KINDS_READ = `a knowledge file (${EXTENSIONS.join(', ')}) or an article (${ARTICLE_EXTENSIONS.join(', ')})`;
