import * as fs from 'node:fs';
import * as path from 'node:path';
import { HELP_DESK_SYSTEM } from '../servedKnowledge/draftEntry';
import type { DetailedEntry } from '../knowledge/types';
import { knowledgeFileText } from '../knowledge/writeKnowledgeFile';
import { readItem, TicketStorage } from '../storage/storage';
import { replaceFile } from '../storage/files';

const NAMESPACE = 'approved-knowledge';

interface ApprovedFile {
  entryId: string;
  text: string;
}

/**
 * Entries a help desk lead approved, as knowledge files in a folder the bot loads and
 * watches (so an approval is answered from at the next question, without a restart), and
 * as records in the store, which outlive the folder: a new instance, another replica or
 * a wiped disk writes the missing files again (`restore`). A file that is there is left as
 * it is: a lead may edit it. Withdrawn from the ticket card, both go.
 */
export class ApprovedKnowledge {
  constructor(private readonly storage: TicketStorage, readonly dir: string) {}

  /** Stores the entry, then writes its file; a second approval of the same entry writes the same file. */
  async add(entry: DetailedEntry, comment: string): Promise<void> {
    const systems = entry.system === HELP_DESK_SYSTEM.name ? [HELP_DESK_SYSTEM] : [];
    const item: ApprovedFile = { entryId: entry.id, text: knowledgeFileText({ systems, entries: [entry] }, comment) };
    await this.storage.write({ [`${NAMESPACE}/${entry.id}`]: item });
    await this.writeFile(item);
  }

  /** Writes the file of every approved entry that is missing from the folder; how many it wrote. */
  async restore(): Promise<number> {
    let written = 0;
    // Keys only: run every minute, it reads a record only for a file that is missing.
    for (const key of await this.storage.list(NAMESPACE)) {
      const entryId = key.slice(NAMESPACE.length + 1);
      if (fs.existsSync(this.fileOf(entryId))) continue;
      const item = await readItem<ApprovedFile>(this.storage, key);
      if (!item) continue;
      await this.writeFile(item);
      written++;
    }
    return written;
  }

  /** Takes an entry out of the knowledge: its record, then its file (the watcher reloads). */
  async remove(entryId: string): Promise<void> {
    await this.storage.delete([`${NAMESPACE}/${entryId}`]);
    await fs.promises.rm(this.fileOf(entryId), { force: true });
  }

  private fileOf(entryId: string): string {
    // Entry ids are made from ticket ids (letters, digits, "-"): nothing a caller chose.
    if (!/^[a-z0-9-]+$/.test(entryId)) throw new Error(`not an approved entry id: ${entryId}`);
    return path.join(this.dir, `${entryId}.yaml`);
  }

  private writeFile(item: ApprovedFile): Promise<void> {
    return replaceFile(this.fileOf(item.entryId), item.text);
  }
}
