import { randomUUID } from 'node:crypto';
import type * as restify from 'restify';
import type { KeyValueStore } from '../../storage/keyValueStore';
import { log } from '../../observability/log';

/** How long the storage may take to answer a readiness probe. */
const PROBE_TIMEOUT_MS = 2000;
/** One probe record per process: probes overwrite it instead of filling the store. */
const PROBE_KEY = `health/probe-${randomUUID()}`;

/**
 * Whether the storage takes a write and gives it back, within the probe timeout: a bot
 * whose store is unreachable answers questions but loses tickets, so it is not ready.
 * Undefined when it is; otherwise what failed, in words safe to show anyone.
 */
export async function storageProblem(storage: KeyValueStore, timeoutMs = PROBE_TIMEOUT_MS): Promise<string | undefined> {
  const at = new Date().toISOString();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`storage did not answer within ${timeoutMs} ms`), timeoutMs);
  });
  const probe = (async () => {
    await storage.write({ [PROBE_KEY]: { at, eTag: '*' } });
    const read = (await storage.read([PROBE_KEY]))[PROBE_KEY];
    return read?.at === at ? undefined : 'storage did not give back what was written';
  })().catch((error) => {
    // The details (paths, account names) go to the log, not to an unauthenticated caller.
    log.warn({ err: error }, 'readyz: the storage probe failed');
    return 'storage failed';
  });
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /readyz: 200 when the bot can take turns and keep tickets, 503 with what is wrong otherwise. */
export function registerReadiness(server: restify.Server, storage: KeyValueStore): void {
  server.get('/readyz', async (_req, res) => {
    const problem = await storageProblem(storage);
    if (problem) res.send(503, { status: 'not ready', storage: problem });
    else res.send(200, { status: 'ready', storage: 'ok' });
  });
}
