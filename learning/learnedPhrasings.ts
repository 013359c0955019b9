import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Phrasings } from '../knowledge/types';
import { phrasingsFileText } from '../knowledge/writeKnowledgeFile';
import { replaceFile } from '../storage/files';
import type { Suggestions } from './suggestions';

/** The file, in the approved-knowledge folder (loaded and watched): its name is no entry id. */
export const PHRASINGS_FILE = 'learned-phrasings.yaml';
const COMMENT = [
  'Phrasings users asked in, accepted by a help desk lead on the dashboard (learning from use).',
  'Written by the bot from its store whenever a lead decides: change them on the dashboard, not here.',
].join('\n');

/**
 * The accepted phrasings as one knowledge file, written from the decisions in the store:
 * on a decision, and on every replica when the decisions' keys change (a decision taken
 * on another one), so that each one's knowledge watcher reloads them. Written only when
 * its text changes: an unchanged file brings no reload.
 */
export class LearnedPhrasings {
  private writtenFor?: string;

  constructor(private readonly suggestions: Suggestions, private readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, PHRASINGS_FILE);
  }

  /** Writes the file if the decisions changed since it was last written; whether it wrote. */
  async refresh(): Promise<boolean> {
    const keys = (await this.suggestions.decisionKeys()).join('\n');
    if (keys === this.writtenFor) return false;
    const written = await this.write();
    this.writtenFor = keys;
    return written;
  }

  /** Writes the accepted phrasings, grouped by entry, in a stable order; whether the text changed. */
  async write(): Promise<boolean> {
    const byEntry = new Map<string, Set<string>>();
    for (const { entryId, phrasing, accepted } of await this.suggestions.decisions()) {
      if (accepted) byEntry.set(entryId, (byEntry.get(entryId) ?? new Set()).add(phrasing));
    }
    const phrasings: Phrasings[] = [...byEntry].sort(([a], [b]) => a.localeCompare(b)).map(([entry, texts]) => ({ entry, texts: [...texts].sort() }));
    if (!phrasings.length && !fs.existsSync(this.file)) return false;
    const text = phrasingsFileText(phrasings, COMMENT);
    if (text === (await fs.promises.readFile(this.file, 'utf8').catch(() => undefined))) return false;
    await replaceFile(this.file, text);
    return true;
  }
}
