import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as sinon from 'sinon';
import { loadKnowledge, LoadProgress } from '../../knowledge/load';
import { summarizeIssues } from '../../knowledge/issueSummary';
import { serveKnowledge } from '../../servedKnowledge/servedKnowledge';
import { buildKnowledge } from '../../servedKnowledge/buildKnowledge';
import { log } from '../../observability/log';
import { REPO_ROOT } from '../helpers';
import { tempDir } from '../tempDir';

/** A folder of `n` empty article files (each one skipped with the same warning) and one broken knowledge file. */
function oddArchive(n: number): string {
  const dir = tempDir('odd-archive');
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `Q${100000 + i}.txt`), '');
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'entries:\n  - id: x\n    title: [unclosed\n');
  return dir;
}

describe('knowledge issues summarised, and progress on long loads', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => { dir = oddArchive(120); });
  afterEach(() => {
    sinon.restore();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('groups issues by kind, errors first, with their count and a few examples', () => {
    const groups = summarizeIssues(loadKnowledge([dir]).issues);
    assert.deepEqual(groups.map((g) => [g.severity, g.count]), [['error', 1], ['warning', 120]]);
    assert.equal(groups[1].kind, 'skipped: empty file');
    assert.equal(groups[1].examples.length, 3);
    assert.match(groups[1].examples[0], /Q\d+\.txt: skipped: empty file/);
  });

  it('the bot logs one line per kind of issue, not one per issue', () => {
    const warn = sinon.stub(log, 'warn');
    const error = sinon.stub(log, 'error');
    serveKnowledge([dir], { warmUp: false });
    assert.equal(warn.callCount, 1);
    const [fields, message] = warn.firstCall.args as unknown as [Record<string, unknown>, string];
    assert.equal(fields.count, 120);
    assert.match(message, /^knowledge: 120 × warning: skipped: empty file, all listed by npm run kb:check$/);
    assert.equal(error.callCount, 1);
    assert.match(error.firstCall.args[1] as unknown as string, /1 × error: invalid YAML/);
  });

  it('a load reports how far it is: files read of all, articles, time; the bot logs it, then when indexing begins', () => {
    const reports: LoadProgress[] = [];
    loadKnowledge([dir], { progress: (state) => reports.push(state), progressEveryMs: 0 });
    assert.equal(reports.length, 120);
    assert.deepEqual(reports.map((r) => r.files), Array.from({ length: 120 }, (_, i) => i + 1), 'after the knowledge file, one article file more each time');
    assert.ok(reports.every((r) => r.total === 121 && r.elapsedMs >= 0));
    const info = sinon.stub(log, 'info');
    buildKnowledge([dir], undefined, 0);
    const lines = info.getCalls().map((call) => call.args[1] as unknown as string);
    assert.match(lines[0], /^knowledge: reading 1 of 121 files \(0%\), 0 articles, \d+\.\d s$/);
    assert.deepEqual(lines.slice(-2), ['knowledge: read, indexing', 'knowledge: indexed']);
  });

  it('kb:check lists every issue, then counts them by kind; its progress goes to stderr, a line at a time when not on a terminal', () => {
    const { status, stdout, stderr } = spawnSync(process.execPath,
      [path.join(REPO_ROOT, 'dist', 'knowledge', 'check.js'), '--progress-every', '0', dir], { encoding: 'utf8' });
    assert.equal(status, 1, stdout);
    assert.equal(stdout.match(/skipped: empty file/g)?.length, 120 + 1, 'each file, then its kind');
    assert.match(stdout, /By kind:\n\s+1 {2}error {4}invalid YAML.*\n\s+120 {2}warning {2}skipped: empty file\n/);
    const progress = stderr.split('\n').filter(Boolean);
    assert.equal(progress.length, 120);
    assert.match(progress[119], /^reading 120 of 121 files \(99%\), 0 articles, \d+\.\d s$/);
  });
});
