import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FileSource } from '../knowledge/sources/fileSource';
import { type CacheHead, readCacheHead } from './cache/cacheFile';
import { cachedKey, cacheKey } from './cache/knowledgeCache';

/** What a restart needs from disk before it can use the knowledge cache. */
export interface KnowledgePrefetch {
  /** The cache key of the knowledge sources as they are now. */
  key: string;
  /** What a restart reads of the cache file; undefined when there is none. */
  cache?: CacheHead;
}

interface Task {
  paths: string[];
  cacheFile: string;
  /** Also rebuild the cache when it does not match the sources. */
  rebuild: boolean;
}

/**
 * Runs the task on a worker thread. Aborting lets a rebuild under way finish writing the
 * cache (a valid cache is no loss; a write cut short would be), without waiting for it.
 */
function onWorker(task: Task, signal?: AbortSignal): Promise<KnowledgePrefetch> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(__filename, { workerData: task });
    const onAbort = () => {
      worker.unref();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    worker.once('message', (prefetched: KnowledgePrefetch) => { settle(); resolve(prefetched); });
    worker.once('error', (error) => { settle(); reject(error); });
    worker.once('exit', (code) => { settle(); reject(new Error(`the knowledge worker stopped (exit code ${code}) before it answered`)); });
  });
}

/**
 * Lists and fingerprints the local knowledge files and reads the cache file's head on a
 * worker thread: on a restart this disk work (tens of thousands of files) runs while the
 * main thread loads the rest of the bot, instead of after. Local files only: a worker is
 * handed paths, not a source object.
 */
export function prefetchKnowledge(paths: string[], cacheFile: string): Promise<KnowledgePrefetch> {
  return onWorker({ paths, cacheFile, rebuild: false });
}

/**
 * The same, after rebuilding the cache on the worker thread when a source changed: a
 * reload of a large archive reads and indexes for seconds, during which the bot keeps
 * answering from the knowledge it has; it then only reads the new cache back.
 */
export function rebuildKnowledge(paths: string[], cacheFile: string, signal?: AbortSignal): Promise<KnowledgePrefetch> {
  return onWorker({ paths, cacheFile, rebuild: true }, signal);
}

function readFromDisk({ paths, cacheFile, rebuild }: Task): KnowledgePrefetch {
  const key = cacheKey(new FileSource(paths).fingerprint());
  const cache = readCacheHead(cacheFile);
  if (!rebuild || (cache && cachedKey(cache) === key)) return { key, cache };
  // Required here: the prefetch at start, on the critical path, needs none of the parsers or the matcher.
  const { buildKnowledge } = require('./buildKnowledge') as typeof import('./buildKnowledge');
  buildKnowledge(paths, { file: cacheFile, key });
  return { key, cache: readCacheHead(cacheFile) };
}

if (!isMainThread && parentPort && workerData?.cacheFile) {
  const prefetched = readFromDisk(workerData as Task);
  // Handed over, not copied: the head is tens of megabytes with a large archive.
  parentPort.postMessage(prefetched, prefetched.cache ? [prefetched.cache.head.buffer as ArrayBuffer] : []);
}
