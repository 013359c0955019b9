import * as assert from 'node:assert/strict';
import type { KeyValueStore } from '../../storage/keyValueStore';
import { storageProblem } from '../../server/api/readiness';
import { RunningApp, startApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { tempDir } from '../tempDir';

describe('readiness (/readyz): the bot takes traffic only while its store works', function () {
  this.timeout(20_000);

  it('a running bot with a working store is ready', async () => {
    const app: RunningApp = await startApp({ ...readConfig(), port: 0, host: '127.0.0.1', microsoftAppId: '', microsoftAppPassword: '', dataDir: tempDir('readyz') });
    try {
      const response = await fetch(`${app.url}/readyz`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ready', storage: 'ok' });
    } finally {
      await app.close();
    }
  });

  const failing: KeyValueStore = { read: async () => ({}), write: async () => { throw new Error('EACCES: /secret/path/store'); }, delete: async () => undefined };
  const hanging: KeyValueStore = { read: () => new Promise(() => undefined), write: () => new Promise(() => undefined), delete: async () => undefined };
  const forgetful: KeyValueStore = { read: async () => ({}), write: async () => undefined, delete: async () => undefined };

  it('a store that fails, hangs or loses writes is named, without its details', async () => {
    assert.equal(await storageProblem(failing), 'storage failed');
    assert.equal(await storageProblem(hanging, 100), 'storage did not answer within 100 ms');
    assert.equal(await storageProblem(forgetful), 'storage did not give back what was written');
  });
});
