import * as assert from 'node:assert/strict';
import { startApp, RunningApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { eventually } from '../helpers';
import { faultyConnector, FaultyConnector, postToBot, userActivity } from '../stubConnector';
import { tempDir } from '../tempDir';

describe('a Bot Connector that hangs or fails', function () {
  this.timeout(60_000);
  let app: RunningApp;
  let hanging: FaultyConnector;
  let failing: FaultyConnector;
  before(async () => {
    hanging = await faultyConnector('hang');
    failing = await faultyConnector(500);
    const allowedServiceUrls = [hanging.url, failing.url];
    app = await startApp({ ...readConfig(), port: 0, microsoftAppId: '', microsoftAppPassword: '', dataDir: tempDir('faults'), connectorTimeoutMs: 500, allowedServiceUrls });
  });
  after(async () => {
    await app?.close();
    await Promise.all([hanging?.close(), failing?.close()]);
  });

  const burst = (serviceUrl: string, count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, i) => postToBot(app.url, userActivity(serviceUrl, `c-${i}`, { id: `u-${i}` }, { text: 'what is MIS_3' }))),
    );

  it('that hangs: every turn ends, and no connection to it stays open', async () => {
    const started = Date.now();
    const statuses = await burst(hanging.url, 100);
    const tookMs = Date.now() - started;
    assert.ok(statuses.every((status) => status === 500), `each turn failed: ${[...new Set(statuses)]}`);
    assert.ok(tookMs < 30_000, `100 turns ended in ${tookMs} ms`);
    await eventually(async () => (await hanging.open()) === 0, 'every connection to the connector closed', 10_000);
    assert.equal((await fetch(`${app.url}/healthz`)).status, 200);
  });

  it('that answers 500: every turn ends promptly, and nothing is retried without bound', async () => {
    const statuses = await burst(failing.url, 50);
    assert.ok(statuses.every((status) => status === 200 || status === 500), `each turn ended: ${[...new Set(statuses)]}`);
    const calls = failing.calls();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(failing.calls(), calls, 'no calls after the turns ended');
    assert.ok(calls <= 50 * 2 * 4, `${calls} calls for 50 turns (a reply, and an apology, each tried 4 times at most by the pipeline)`);
  });
});
