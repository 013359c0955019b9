import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { listSourceFiles } from '../knowledge/load';
import { CacheHead, fingerprint, readCacheHead } from './knowledgeCache';

/** What a restart needs from disk before it can use the knowledge cache. */
export interface KnowledgePrefetch {
  /** The fingerprint of the knowledge sources as they are now. */
  fingerprint: string;
  /** What a restart reads of the cache file; undefined when there is none. */
  cache?: CacheHead;
}

/**
 * Lists and fingerprints the knowledge sources and reads the cache file's head on a worker
 * thread: on a restart this disk work (tens of thousands of files) runs while the main
 * thread loads botbuilder and restify, instead of after.
 */
export function prefetchKnowledge(paths: string[], cacheFile: string): Promise<KnowledgePrefetch> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { paths, cacheFile } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function readFromDisk(paths: string[], cacheFile: string): KnowledgePrefetch {
  return { fingerprint: fingerprint(listSourceFiles(paths)), cache: readCacheHead(cacheFile) };
}

if (!isMainThread && parentPort && workerData?.cacheFile) {
  const prefetched = readFromDisk(workerData.paths, workerData.cacheFile);
  // Handed over, not copied: the head is tens of megabytes with a large archive.
  parentPort.postMessage(prefetched, prefetched.cache ? [prefetched.cache.head.buffer as ArrayBuffer] : []);
}
