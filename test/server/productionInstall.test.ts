import * as assert from 'node:assert/strict';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { envPairs, execForm, Instruction, readDockerfile, Stage } from '../dockerfile';
import { eventually, REPO_ROOT } from '../helpers';
import { postToBot, StubConnector, userActivity } from '../stubConnector';
import { tempDir } from '../tempDir';
import { FileStorage } from '../../storage/fileStorage';
import { readAll } from '../../storage/storage';

const run = promisify(execFile);
const SUPPORTED_NODE_LTS = ['22', '24'];
/** Platforms kill a container this long after SIGTERM (docker stop: 10 s). */
const STOP_WITHIN_MS = 5_000;

/**
 * The Docker image's runtime stage performed outside Docker (no daemon here): the Dockerfile
 * is read, its COPY lines copy into a temp folder (from the build stage: this checkout,
 * compiled by `npm test`), its npm RUN line installs there, its ENV is the whole
 * environment with the volumes as temp folders, and its CMD starts the bot.
 */
describe('production install: the Dockerfile runtime stage, performed outside Docker', function () {
  // npm ci of the production dependencies: about 25 s from the npm cache, longer from the registry.
  this.timeout(240_000);
  const stages = readDockerfile(path.join(REPO_ROOT, 'Dockerfile'));
  const runtime = stages[stages.length - 1];
  const buildStage = stages[0];
  const only = (keyword: string, stage: Stage = runtime): Instruction[] => stage.instructions.filter((i) => i.keyword === keyword);
  const env = Object.assign({}, ...only('ENV').map((i) => envPairs(i.text))) as Record<string, string>;
  const volumes = only('VOLUME').flatMap((i) => execForm(i.text));
  let appDir: string;
  let bot: ChildProcess | undefined;
  let stub: StubConnector | undefined;

  after(async () => {
    if (bot?.exitCode === null) bot.kill('SIGKILL');
    await stub?.close();
    if (appDir) fs.rmSync(appDir, { recursive: true, force: true });
  });

  it('runs a supported Node LTS as a non-root user, with the knowledge and data folders as volumes', () => {
    assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
    for (const stage of stages) {
      const version = /^node:(\d+)-/.exec(stage.image)?.[1];
      assert.ok(version && SUPPORTED_NODE_LTS.includes(version), `${stage.name}: ${stage.image} is Node ${SUPPORTED_NODE_LTS.join(' or ')}`);
    }
    const user = only('USER').at(-1)?.text;
    assert.ok(user && !['root', '0'].includes(user), `runs as ${user}, not root`);
    assert.ok(volumes.includes(env.DATA_DIR), `DATA_DIR ${env.DATA_DIR} is a volume`);
    assert.ok(volumes.includes(env.KNOWLEDGE_PATH), `KNOWLEDGE_PATH ${env.KNOWLEDGE_PATH} is a volume`);
    assert.deepEqual(only('EXPOSE').map((i) => i.text), [env.PORT]);
    assert.ok(only('RUN', buildStage).some((i) => i.text === 'npm run build'), 'the build stage compiles');
  });

  it('installs production dependencies only: no Web Chat, no TypeScript, no test tools', async () => {
    const workdir = only('WORKDIR').at(-1)!.text;
    const buildWorkdir = only('WORKDIR', buildStage).at(-1)!.text;
    appDir = tempDir('image');
    for (const copy of only('COPY')) {
      const [destination, ...sources] = copy.text.split(/\s+/).reverse();
      for (const source of sources) {
        // From the build stage: its WORKDIR is this checkout, compiled by `npm test`.
        const from = copy.flags.from === buildStage.name ? path.join(REPO_ROOT, path.relative(buildWorkdir, source)) : path.join(REPO_ROOT, source);
        const to = path.resolve(appDir, path.relative(workdir, path.resolve(workdir, destination)), destination.endsWith('/') ? path.basename(source) : '');
        fs.cpSync(from, to, { recursive: true });
      }
    }
    for (const { text } of only('RUN')) {
      // The volumes' folders are made below as temp folders; anything else would be a step this test skips.
      if (text.startsWith('mkdir ')) continue;
      const [command, ...args] = text.split(/\s+/);
      assert.equal(command, 'npm', `a RUN step this test does not mirror: ${text}`);
      // From the npm cache where it has the packages (CI's `npm ci` filled it), else from the registry.
      await run('npm', [...args, '--prefer-offline'], { cwd: appDir, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
    }

    const installed = (name: string) => fs.existsSync(path.join(appDir, 'node_modules', name));
    assert.ok(installed('botbuilder') && installed('restify'), 'the bot\'s dependencies are installed');
    for (const devOnly of ['botframework-webchat', 'typescript', 'mocha', 'azurite']) assert.ok(!installed(devOnly), `${devOnly} is not installed`);
  });

  it('starts with its CMD, answers a turn, passes its HEALTHCHECK, explains the missing chat page, and stops cleanly on SIGTERM', async () => {
    assert.ok(appDir, 'installed by the previous test');
    stub = await StubConnector.start();
    const environment: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: appDir, ...env, PORT: '0', ALLOWED_SERVICE_URLS: stub.url };
    for (const volume of volumes) {
      const folder = fs.mkdtempSync(path.join(appDir, 'volume-'));
      for (const [key, value] of Object.entries(environment)) if (value === volume) environment[key] = folder;
    }
    const [command, ...args] = execForm(only('CMD').at(-1)!.text);
    assert.equal(command, 'node');
    const child = spawn(process.execPath, args, { cwd: appDir, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    bot = child;
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const url = await eventually(() => /listening on (http:[^\s"]+)/.exec(output)?.[1], `the bot to listen (output: ${output})`, 30_000);

    assert.equal(await postToBot(url, userActivity(stub.url, 'image-1', { id: 'user-1' }, { text: 'what is MIS_3' })), 200);
    const reply = await eventually(() => stub!.calls.find((c) => c.conversationId === 'image-1' && c.activity?.type === 'message'), 'the answer');
    assert.match(JSON.stringify(reply.activity), /SYNCKEY/i);

    const healthcheck = only('HEALTHCHECK').at(-1)!.text.replace(/^.*?CMD\s+/, '');
    const [probe, ...probeArgs] = execForm(healthcheck);
    assert.equal(probe, 'node');
    await run(process.execPath, probeArgs, { env: { ...environment, PORT: new URL(url).port } });

    const chatPage = await fetch(`${url}/`);
    assert.equal(chatPage.status, 503);
    assert.match(await chatPage.text(), /local chat page is not installed[\s\S]*npm install/);
    // The dashboard's charting library is a production dependency, served by the bot.
    const chartJs = await fetch(`${url}/dashboard/chart.js`);
    assert.equal(chartJs.status, 200);
    assert.match(chartJs.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(await chartJs.text(), /Chart\.js v4/);

    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, output);
    assert.ok(Date.now() - started < STOP_WITHIN_MS, `stopped in ${Date.now() - started} ms`);
    assert.doesNotMatch(output, /DeprecationWarning|Error/, 'no warning or error on start or stop');
    // The question's count, kept in memory, stored on SIGTERM.
    const store = new FileStorage(path.join(environment.DATA_DIR, 'store'), { readOnly: true });
    assert.deepEqual((await readAll<{ answer: number }>(store, 'activity')).map((d) => d.answer), [1]);
  });
});
