import * as assert from 'node:assert/strict';
import { RunningApp, startApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { BotConfig } from '../../server/config';
import { APP_IDENTITY } from '../botFrameworkTokens';
import { tempDir } from '../tempDir';

const REFUSED = { error: 'Authorization: Bearer <SEARCH_TOKEN> required' };

/** GET /api/search for "what is MIS_3", with this Authorization header: status and JSON body. */
async function search(app: RunningApp, authorization?: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.url}/api/search?q=${encodeURIComponent('what is MIS_3')}`, { headers: authorization ? { Authorization: authorization } : {} });
  return { status: response.status, body: await response.json() };
}

describe('GET /api/search: who may search', function () {
  this.timeout(20_000);
  const apps: RunningApp[] = [];
  const start = async (overrides: Partial<BotConfig>) => {
    const app = await startApp({ ...readConfig(), port: 0, host: '127.0.0.1', dataDir: tempDir('search'), searchToken: '', ...overrides });
    apps.push(app);
    return app;
  };
  after(() => Promise.all(apps.map((app) => app.close())));

  it('a bot with an app id and no SEARCH_TOKEN answers nobody: 401, whatever the caller presents', async () => {
    const app = await start(APP_IDENTITY);
    for (const authorization of [undefined, 'Bearer ', 'Bearer anything', 'Basic YWRtaW46YWRtaW4=']) {
      assert.deepEqual(await search(app, authorization), { status: 401, body: REFUSED }, authorization);
    }
  });

  it('with SEARCH_TOKEN, answers only the caller presenting it; a missing or wrong one gets the same 401', async () => {
    const app = await start({ ...APP_IDENTITY, searchToken: 'portal-secret-0123456789' });
    assert.deepEqual(await search(app), { status: 401, body: REFUSED });
    assert.deepEqual(await search(app, 'Bearer portal-secret-012345678'), { status: 401, body: REFUSED });
    assert.deepEqual(await search(app, 'portal-secret-0123456789'), { status: 401, body: REFUSED });
    const allowed = await search(app, 'Bearer portal-secret-0123456789');
    assert.equal(allowed.status, 200);
    assert.equal(allowed.body.results[0].code, 'MIS_3');
  });

  it('running anonymously (on this machine only), answers without a token, as the local tools expect', async () => {
    const app = await start({ microsoftAppId: '', microsoftAppPassword: '' });
    const open = await search(app);
    assert.equal(open.status, 200);
    assert.equal(open.body.results[0].code, 'MIS_3');
  });
});
