import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { logRecords, refusedBotProcess, startBotProcess, stopBotProcess } from '../botProcess';
import { eventually, freePort } from '../helpers';
import { faultyConnector, postToBot, userActivity } from '../stubConnector';
import { tempDir } from '../tempDir';

const LOCK = 'bot.lock';

/** A pid no process has any more: that of a child which has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

/** A refused start: exit code 1, and exactly one log line on stdout, nothing on stderr; its message. */
function oneLine(result: { code: number | null; stdout: string; stderr: string }): string {
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.equal(result.stderr, '', 'nothing on stderr (no raw stack)');
  const records = logRecords(result.stdout);
  assert.equal(records.length, 1, result.stdout);
  assert.equal(records[0].level, 'fatal');
  return records[0].msg;
}

describe('one bot per data folder and port, one error line per failed turn', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => { dir = tempDir('instance'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a second bot on the same DATA_DIR exits with one line naming the first; once that one stops, the folder is free', async () => {
    const first = await startBotProcess(dir);
    try {
      const lock = JSON.parse(fs.readFileSync(path.join(dir, LOCK), 'utf8'));
      assert.equal(lock.pid, first.child.pid);
      const message = oneLine(await refusedBotProcess(dir));
      assert.match(message, new RegExp(`^failed to start: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by process ${first.child.pid} on ${os.hostname()}`));
      assert.match(message, /one bot per DATA_DIR with STORAGE=file/);
    } finally {
      assert.equal(await stopBotProcess(first.child), 0);
    }
    assert.ok(!fs.existsSync(path.join(dir, LOCK)), 'the lock is removed on stop');
    const again = await startBotProcess(dir);
    assert.equal(await stopBotProcess(again.child), 0);
  });

  it('a lock left by a process that no longer runs is taken over, with a log line', async () => {
    const pid = deadPid();
    fs.writeFileSync(path.join(dir, LOCK), JSON.stringify({ pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const bot = await startBotProcess(dir);
    try {
      assert.equal(JSON.parse(fs.readFileSync(path.join(dir, LOCK), 'utf8')).pid, bot.child.pid);
      const takeOver = logRecords(bot.stdout()).filter((r) => /took over/.test(r.msg));
      assert.equal(takeOver.length, 1);
      assert.equal(takeOver[0].level, 'warn');
      assert.match(takeOver[0].msg, new RegExp(`process ${pid}, which held it, no longer runs`));
    } finally {
      await stopBotProcess(bot.child);
    }
  });

  it('a lock held from another machine or container is refused, saying what to do', async () => {
    fs.writeFileSync(path.join(dir, LOCK), JSON.stringify({ pid: 1, host: 'another-container', since: '2026-01-01T00:00:00.000Z' }));
    assert.match(oneLine(await refusedBotProcess(dir)), /process 1 on another-container .* another machine or container.* if it no longer runs, delete .*bot\.lock$/);
  });

  it('with STORAGE=blob, no lock is taken: any number of instances share the store', async () => {
    fs.writeFileSync(path.join(dir, LOCK), JSON.stringify({ pid: 1, host: 'another-container', since: '2026-01-01T00:00:00.000Z' }));
    // No account: it fails on the storage setting, after the place the lock would have refused it.
    assert.match(oneLine(await refusedBotProcess(dir, { STORAGE: 'blob', AZURE_STORAGE_ACCOUNT_URL: '', AZURE_STORAGE_CONNECTION_STRING: '' })), /STORAGE=blob needs/);
  });

  it('a port in use: one line naming the port and PORT, exit code 1', async () => {
    const port = await freePort();
    const other = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => other.once('listening', resolve));
    try {
      const message = oneLine(await refusedBotProcess(dir, { PORT: String(port) }));
      assert.equal(message, `failed to start: port ${port} on 127.0.0.1 is in use (another bot or program listens there): stop it, or set PORT to a free port`);
    } finally {
      other.close();
    }
    assert.ok(!fs.existsSync(path.join(dir, LOCK)), 'the lock is released');
  });

  it('a turn that fails (its reply and its apology refused by the connector): exactly one error line', async () => {
    const connector = await faultyConnector(500);
    const bot = await startBotProcess(dir, { ALLOWED_SERVICE_URLS: connector.url });
    try {
      assert.equal(await postToBot(bot.url, userActivity(connector.url, 'conv-fails', { id: 'u1' }, { text: 'what is MIS_3' })), 500);
      const turn = await eventually(() => logRecords(bot.stdout()).find((r) => r.msg === 'turn' && r.conversationId === 'conv-fails'), 'the turn\'s line');
      const errors = logRecords(bot.stdout()).filter((r) => r.level === 'error' || r.level === 'fatal');
      assert.equal(errors.length, 1, bot.stdout());
      assert.equal(errors[0].msg, 'the turn failed');
      assert.equal(errors[0].activityId, turn.activityId);
      assert.match(errors[0].apologyFailed, /ServiceError/);
    } finally {
      await stopBotProcess(bot.child);
      await connector.close();
    }
  });
});
