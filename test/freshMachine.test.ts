import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './helpers';
import { tempDir } from './tempDir';

interface MochaRun {
  code: number | null;
  output: string;
  /** test-results/test.log of the run. */
  log: string;
}

/**
 * Mocha as `npm test` runs it (.mocharc.json's log routing and reporter), on the given
 * test files, in a folder of its own: its test-results/ is not this run's.
 */
async function mocha(files: string[], env: Record<string, string>): Promise<MochaRun> {
  const rc = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, '.mocharc.json'), 'utf8'));
  const cwd = tempDir('mocha-run');
  const args = [
    ...rc['node-option'].map((option: string) => `--${option}`),
    path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    ...rc.require.flatMap((file: string) => ['--require', path.join(REPO_ROOT, file)]),
    '--reporter', path.join(REPO_ROOT, rc.reporter),
    '--no-config',
    ...files,
  ];
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const logFile = path.join(cwd, 'test-results', 'test.log');
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  fs.rmSync(cwd, { recursive: true, force: true });
  return { code, output, log };
}

const lastLine = (output: string) => output.trimEnd().split('\n').pop()!.trim();

describe('npm test on a fresh machine', function () {
  this.timeout(60_000);
  const browserSuite = path.join(REPO_ROOT, 'dist', 'test', 'localChat', 'webchat.e2e.test.js');

  it('without Chromium, the browser tests are skipped saying how to install it, and the run passes', async () => {
    const run = await mocha([browserSuite], { CHROMIUM_PATH: '/nonexistent', REQUIRE_CHROMIUM: '' });
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /- skipped: needs Chromium \(apt-get install chromium, or set CHROMIUM_PATH\)/);
    assert.match(run.output, /^\s*0 passing/m, 'no browser test ran');
    assert.match(lastLine(run.output), /^[1-9]\d* pending$/, `the summary is the last line:\n${run.output}`);
  });

  it('with REQUIRE_CHROMIUM set (CI), a missing Chromium fails the run', async () => {
    const run = await mocha([browserSuite], { CHROMIUM_PATH: '/nonexistent', REQUIRE_CHROMIUM: '1' });
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /CHROMIUM_PATH=\/nonexistent is not an executable, and REQUIRE_CHROMIUM is set/);
  });

  it("prints the bot's log only under a failed test; the run's whole log is in test-results/test.log", async () => {
    const suite = path.join(tempDir('mocha-suite'), 'fault.test.js');
    fs.writeFileSync(suite, `
      const { log } = require(${JSON.stringify(path.join(REPO_ROOT, 'dist', 'observability', 'log'))});
      describe('a fault test', () => {
        it('provokes an error on purpose', () => log.error({ err: new Error('expected by the test') }, 'the turn failed'));
        it('fails', () => { log.error('what went wrong'); throw new Error('the failure'); });
      });
    `);
    const run = await mocha([suite], { LOG_LEVEL: '' }).finally(() => fs.rmSync(path.dirname(suite), { recursive: true, force: true }));
    assert.equal(run.code, 1, run.output);
    assert.doesNotMatch(run.output, /expected by the test/, 'a passing test logs nothing on the console');
    assert.match(run.output, /1\) fails\n.*what the bot logged meanwhile.*\n.*"msg":"what went wrong"/, run.output);
    assert.match(run.output, /the bot logged 2 lines .*test-results\/test\.log\n\n\s*1 passing/, run.output);
    assert.match(run.log, /expected by the test/);
    assert.match(run.log, /what went wrong/);
  });
});
