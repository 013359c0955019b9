import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KnowledgeIssue } from '../types';
import type { KnowledgeSource } from './knowledgeSource';
import { listFiles, listSourceFiles } from './files';

/** Knowledge files and article folders on the local disk: the paths named, folders read recursively. */
export class FileSource implements KnowledgeSource {
  constructor(readonly paths: string[]) {}

  list(issues: KnowledgeIssue[]): string[] {
    return this.paths.flatMap((p) => listFiles(p, issues));
  }

  read(name: string): Uint8Array {
    return fs.readFileSync(name);
  }

  /** Each file's path, size and modification time: reading tens of thousands of files to hash them would cost a restart seconds. */
  fingerprint(): string {
    const hash = crypto.createHash('sha256');
    for (const { file, size, mtimeMs } of listSourceFiles(this.paths)) hash.update(`${file}\t${size}\t${mtimeMs}\n`);
    return hash.digest('hex');
  }

  /**
   * One watcher per folder: Node's recursive watch walks and stats the whole tree first,
   * seconds for an archive of tens of thousands of articles. Folders added later are not watched.
   */
  watch(onChange: () => void): () => void {
    const watchers = foldersUnder(this.paths).map((folder) => fs.watch(folder, onChange));
    return () => {
      for (const watcher of watchers) watcher.close();
    };
  }
}

/** The folders named and every folder below them; a file named is watched through its folder. */
function foldersUnder(paths: string[]): string[] {
  const folders: string[] = [];
  const visit = (folder: string) => {
    folders.push(folder);
    for (const child of fs.readdirSync(folder, { withFileTypes: true })) {
      if (child.isDirectory()) visit(path.join(folder, child.name));
    }
  };
  for (const p of paths) {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (stat?.isDirectory()) visit(p);
    else if (stat) folders.push(path.dirname(p));
  }
  return [...new Set(folders)];
}
