import * as fs from 'node:fs';
import { formatIssue } from '../knowledge/load';
import type { HelpDesk } from './helpDesk';

/** Quiet time after the last change before reloading: an editor saves in several writes. */
const SETTLE_MS = 300;

/**
 * Reloads the knowledge when a file under `paths` changes, without a restart. A reload
 * that brings new errors (a broken file) is refused: the previous knowledge stays in
 * service and the log says why.
 */
export function watchKnowledge(paths: string[], reload: () => HelpDesk, current: () => HelpDesk,
  swap: (next: HelpDesk) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        const next = reload();
        const known = new Set(current().issues.filter((i) => i.severity === 'error').map(formatIssue));
        const fresh = next.issues.filter((i) => i.severity === 'error' && !known.has(formatIssue(i)));
        if (fresh.length) {
          console.error(`[knowledge] reload refused, keeping the previous knowledge: ${fresh.map(formatIssue).join('; ')}`);
          return;
        }
        swap(next);
        console.log(`[knowledge] reloaded: ${next.stats.entries} entries in ${next.stats.loadMs} ms`);
      } catch (error) {
        console.error('[knowledge] reload failed, keeping the previous knowledge:', error);
      }
    }, SETTLE_MS);
  };
  const watchers = paths.filter((p) => fs.existsSync(p)).map((p) => fs.watch(p, { recursive: true }, onChange));
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
