import * as assert from 'node:assert/strict';
import { RunningApp, startApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { postToBot, StubConnector, userActivity } from '../stubConnector';
import { tempDir } from '../tempDir';

describe('Bot Framework clients shared across turns', () => {
  let app: RunningApp;
  const stubs: StubConnector[] = [];

  before(async () => {
    stubs.push(await StubConnector.start(), await StubConnector.start());
    const allowedServiceUrls = stubs.map((stub) => stub.url);
    app = await startApp({ ...readConfig(), port: 0, microsoftAppId: '', microsoftAppPassword: '', dataDir: tempDir('clients'), allowedServiceUrls });
  });

  after(async () => {
    await app?.close();
    await Promise.all(stubs.map((stub) => stub.close()));
  });

  it('answers each conversation at its own serviceUrl, turn after turn', async () => {
    for (let turn = 0; turn < 3; turn++) {
      for (const [i, stub] of stubs.entries()) {
        const status = await postToBot(app.url, userActivity(stub.url, `conversation-${i}`, { id: `user-${i}` }, { channelId: 'msteams', text: 'what is MIS_3' }));
        assert.equal(status, 200);
      }
    }
    for (const [i, stub] of stubs.entries()) {
      const replies = stub.calls.filter((call) => call.activity?.type === 'message');
      assert.equal(replies.length, 3, `three answers at serviceUrl ${i}`);
      for (const reply of replies) {
        assert.equal(reply.conversationId, `conversation-${i}`);
        assert.match(JSON.stringify(reply.activity.attachments), /MIS_3/);
      }
    }
  });
});
