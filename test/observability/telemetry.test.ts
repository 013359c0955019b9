import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { logRecords, processSuite, startBotProcess, stopBotProcess } from '../botProcess';
import { postToBot, userActivity } from '../stubConnector';
import { connectionStringProblem } from '../../observability/telemetry';

/**
 * Application Insights' ingestion endpoint as far as the exporter goes: it takes the
 * envelopes POSTed to /v2.1/track and keeps them. The exporter sends over https only, so
 * the endpoint has a certificate made here, which the bot trusts through NODE_EXTRA_CA_CERTS.
 */
async function startIngestion(dir: string) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
  if (made.status !== 0) return undefined;
  const envelopes: any[] = [];
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      const received = text.trim().startsWith('[') ? JSON.parse(text) : text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
      if (req.url?.endsWith('/track')) envelopes.push(...received);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ itemsReceived: received.length, itemsAccepted: received.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, cert, envelopes, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('telemetry to Application Insights', function () {
  this.timeout(40_000);
  const suite = processSuite('telemetry');

  it('sends a request per turn with its ids, and the turn and match metrics by decision, by the time the bot stops', async function () {
    const ingestion = await startIngestion(suite.dir);
    if (!ingestion) this.skip(); // no openssl to make the endpoint's certificate
    try {
      const bot = await startBotProcess(path.join(suite.dir, 'data'), {
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${randomUUID()};IngestionEndpoint=${ingestion.url}`,
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
        NODE_EXTRA_CA_CERTS: ingestion.cert,
        ALLOWED_SERVICE_URLS: suite.connector.url,
      });
      const activity = userActivity(suite.connector.url, 'conv-telemetry', { id: 'user-telemetry' }, { text: 'what is MIS_3' });
      assert.equal(await postToBot(bot.url, activity), 200);
      assert.equal(await stopBotProcess(bot.child), 0, bot.stdout());
      const { envelopes } = ingestion;
      const request = envelopes.find((e) => e.data?.baseType === 'RequestData' && e.data.baseData.properties?.['helpdesk.activity_id'] === activity.id);
      assert.ok(request, `a request for the turn among ${JSON.stringify(envelopes).slice(0, 2000)}`);
      assert.equal(request.data.baseData.name, 'turn');
      assert.equal(request.data.baseData.properties['helpdesk.conversation_id'], 'conv-telemetry');
      assert.equal(request.data.baseData.properties['helpdesk.decision'], 'answer');
      const metric = (name: string) => envelopes.find((e) => e.data?.baseType === 'MetricData' && e.data.baseData.metrics[0].name === name)?.data.baseData;
      const turns = metric('helpdesk.turns');
      assert.equal(turns?.properties.decision, 'answer', JSON.stringify(turns));
      assert.equal(turns.metrics[0].value, 1);
      assert.ok(metric('helpdesk.match.duration'), 'match latency');
      assert.equal(metric('helpdesk.outbox.backlog')?.metrics[0].value, 0, 'the outbox backlog');
    } finally {
      await ingestion.close();
    }
  });

  it('a malformed connection string: the bot starts, says so, and answers', async () => {
    const bot = await startBotProcess(path.join(suite.dir, 'data'), { APPLICATIONINSIGHTS_CONNECTION_STRING: 'https://dc.services.visualstudio.com', ALLOWED_SERVICE_URLS: suite.connector.url });
    try {
      const warning = logRecords(bot.stdout()).find((r) => r.level === 'warn');
      assert.match(warning?.msg ?? '', /APPLICATIONINSIGHTS_CONNECTION_STRING is malformed \(.*\): telemetry is off/);
      assert.equal(await postToBot(bot.url, userActivity(suite.connector.url, 'conv-malformed', { id: 'u' }, { text: 'what is MIS_3' })), 200);
    } finally {
      await stopBotProcess(bot.child);
    }
  });

  it('tells a malformed connection string from a good one', () => {
    const key = 'InstrumentationKey=00000000-0000-0000-0000-000000000001';
    assert.equal(connectionStringProblem(`${key};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://x/`), undefined);
    assert.match(connectionStringProblem('InstrumentationKey=not-a-guid') ?? '', /InstrumentationKey/);
    assert.match(connectionStringProblem(`${key};IngestionEndpoint=westeurope`) ?? '', /IngestionEndpoint/);
    assert.match(connectionStringProblem('just text') ?? '', /Name=value/);
  });
});
