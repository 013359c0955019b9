import * as fs from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { listSourceFiles } from '../knowledge/load';
import { fingerprint } from './knowledgeCache';

/** What a restart needs from disk before it can use the knowledge cache. */
export interface KnowledgePrefetch {
  /** The fingerprint of the knowledge sources as they are now. */
  fingerprint: string;
  /** The cache file's bytes; undefined when there is none. */
  cache?: Uint8Array;
}

/**
 * Lists and fingerprints the knowledge sources and reads the cache file on a worker
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
  const sources = fingerprint(listSourceFiles(paths));
  try {
    return { fingerprint: sources, cache: fs.readFileSync(cacheFile) };
  } catch {
    return { fingerprint: sources };
  }
}

if (!isMainThread && parentPort && workerData?.cacheFile) {
  const prefetched = readFromDisk(workerData.paths, workerData.cacheFile);
  // Handed over, not copied: the cache is a hundred megabytes with a large archive.
  parentPort.postMessage(prefetched, prefetched.cache ? [prefetched.cache.buffer as ArrayBuffer] : []);
}
