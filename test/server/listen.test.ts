import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as sinon from 'sinon';
import { RunningApp, startApp } from '../../server/app';
import { listenAddress, readConfig } from '../../server/config';
import { log } from '../../observability/log';
import { tempDir } from '../tempDir';

/** This machine's address on its network (not the loopback), if it has one. */
const networkAddress = Object.values(os.networkInterfaces()).flat()
  .find((address) => address && !address.internal && address.family === 'IPv4')?.address;


async function answersOn(host: string, port: number): Promise<boolean> {
  try {
    return (await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}

describe('where the server listens (HOST)', function () {
  this.timeout(30_000);
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  const port = () => Number(new URL(app!.url).port);

  it('reads HOST, and without it listens everywhere only when callers are authenticated', () => {
    assert.equal(readConfig({ HOST: '10.1.2.3' }).host, '10.1.2.3');
    assert.equal(listenAddress(readConfig({})), '127.0.0.1');
    assert.equal(listenAddress(readConfig({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001' })), '0.0.0.0');
    assert.equal(listenAddress(readConfig({ MicrosoftAppId: 'x', HOST: '127.0.0.1' })), '127.0.0.1');
  });

  it('running anonymously, is out of reach of the network', async function () {
    if (!networkAddress) this.skip();
    app = await startApp({ ...readConfig(), port: 0, host: '', microsoftAppId: '', dataDir: tempDir('listen') });
    assert.equal(app.url, `http://127.0.0.1:${port()}`);
    assert.equal(await answersOn('127.0.0.1', port()), true);
    assert.equal(await answersOn(networkAddress!, port()), false);
  });

  it('with HOST=0.0.0.0, answers on the network address, says loudly that it is open, and its own links stay local', async function () {
    if (!networkAddress) this.skip();
    const warn = sinon.stub(log, 'warn');
    try {
      app = await startApp({ ...readConfig(), port: 0, host: '0.0.0.0', microsoftAppId: '', dataDir: tempDir('listen') });
    } finally {
      warn.restore();
    }
    const warned = warn.getCalls().map((call) => String(call.args[0])).join('\n');
    assert.match(warned, /WITHOUT AUTHENTICATION/);
    assert.match(warned, /\/api\/reports/);
    assert.equal(await answersOn(networkAddress!, port()), true);
    assert.equal(app.url, `http://127.0.0.1:${port()}`);
    assert.match(await (await fetch(`${app.url}/`)).text(), /<html/i, 'the local chat page');
  });

  it('with an app id, answers on the network address by default', async function () {
    if (!networkAddress) this.skip();
    const warn = sinon.stub(log, 'warn');
    try {
      app = await startApp({ ...readConfig(), port: 0, host: '', microsoftAppId: '00000000-0000-0000-0000-000000000001', microsoftAppPassword: 'secret', microsoftAppTenantId: '00000000-0000-0000-0000-0000000000aa', dataDir: tempDir('listen') });
    } finally {
      warn.restore();
    }
    assert.ok(!warn.getCalls().some((call) => /WITHOUT AUTHENTICATION/.test(String(call.args[0]))), 'no warning: callers are authenticated');
    assert.equal(await answersOn(networkAddress!, port()), true);
  });
});
