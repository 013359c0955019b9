import { performance } from 'node:perf_hooks';
import { formatIssue } from '../knowledge/load';
import type { KnowledgeSource } from '../knowledge/sources/knowledgeSource';
import type { ServedKnowledge } from './servedKnowledge';
import { log } from '../observability/log';

/** Quiet time after the last change before reloading: an editor saves in several writes. */
const SETTLE_MS = 300;

/**
 * Reloads the knowledge when its source says it changed, without a restart. A reload
 * that brings new errors (a broken file) is refused: the previous knowledge stays in
 * service and the log says why. `reload` may take seconds (on a worker thread): one
 * runs at a time, and changes made meanwhile bring one more after it.
 */
export function watchKnowledge(source: KnowledgeSource, reload: (signal: AbortSignal) => Promise<ServedKnowledge>, current: () => ServedKnowledge,
  swap: (next: ServedKnowledge) => void): () => void {
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
  const stopSource = source.watch(onChange);
  return () => {
    stopped.abort(new Error('knowledge watcher stopped'));
    clearTimeout(timer);
    stopSource();
  };
}
