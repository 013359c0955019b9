import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatIssue } from '../knowledge/load';
import type { HelpDesk } from './helpDesk';
import { log } from '../observability/log';

/** Quiet time after the last change before reloading: an editor saves in several writes. */
const SETTLE_MS = 300;

/**
 * Reloads the knowledge when a file under `paths` changes, without a restart. A reload
 * that brings new errors (a broken file) is refused: the previous knowledge stays in
 * service and the log says why. `reload` may take seconds (on a worker thread): one
 * runs at a time, and changes made meanwhile bring one more after it.
 */
export function watchKnowledge(paths: string[], reload: (signal: AbortSignal) => Promise<HelpDesk>, current: () => HelpDesk,
  swap: (next: HelpDesk) => void): () => void {
  const stopped = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let changedMeanwhile = false;
  const reloadOnce = async () => {
    const started = performance.now();
    try {
      const next = await reload(stopped.signal);
      if (stopped.signal.aborted) return;
      const known = new Set(current().issues.filter((i) => i.severity === 'error').map(formatIssue));
      const fresh = next.issues.filter((i) => i.severity === 'error' && !known.has(formatIssue(i)));
      if (fresh.length) {
        log.error({ errors: fresh.slice(0, 20).map(formatIssue), count: fresh.length }, 'knowledge reload refused (new errors), keeping the previous knowledge');
        return;
      }
      swap(next);
      log.info({ entries: next.stats.entries, ms: Math.round(performance.now() - started), mainThreadMs: next.stats.loadMs },
        `knowledge reloaded: ${next.stats.entries} entries`);
    } catch (error) {
      if (!stopped.signal.aborted) log.error({ err: error }, 'knowledge reload failed, keeping the previous knowledge');
    }
  };
  const reloadWhenSettled = async () => {
    if (running) {
      changedMeanwhile = true;
      return;
    }
    running = true;
    do {
      changedMeanwhile = false;
      await reloadOnce();
    } while (changedMeanwhile && !stopped.signal.aborted);
    running = false;
  };
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(reloadWhenSettled, SETTLE_MS);
  };
  // One watcher per folder: Node's recursive watch walks and stats the whole tree first,
  // seconds for an archive of tens of thousands of articles.
  const watchers = foldersUnder(paths).map((folder) => fs.watch(folder, onChange));
  return () => {
    stopped.abort(new Error('knowledge watcher stopped'));
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
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
