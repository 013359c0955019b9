import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { serveKnowledge } from '../../servedKnowledge/servedKnowledge';
import { defaultKnowledgeDir } from '../../knowledge/load';
import { articlesQuoting, noisyQuery, normalise, quotedMessages, readArchive, readArticle, sampleMessages, seededRandom } from '../../bench/eval/corpus';
import { evaluate, evaluationQueries, matcherSearch } from '../../bench/eval/evaluate';
import { templatePattern } from '../../bench/eval/pastes';
import { SHARED, needsShared } from '../helpers';

/** The 1,655 IIS articles of the KB archive, unpacked: small enough for CI. */
const SAMPLE = path.join(SHARED, 'kb-archive', 'sample');
/**
 * 96.7% observed (n 60, seed 1, matcher of 7d410f4), less a margin so that tuning may
 * trade a little here for the rest of the archive; below it is a regression.
 */
const TOP3_FLOOR = 0.85;

describe('evaluation: what answers rest on', () => {
  it('counts the answers by a code, and the wrong ones among them', () => {
    const helpDesk = serveKnowledge([defaultKnowledgeDir()], { logIssues: false });
    const asked = (expected: string) => ({ kind: 'exact' as const, text: 'what is MIS_3', message: '-', expected: new Set<string>(), expectedIds: new Set([expected]), heldOut: false });
    const report = evaluate([asked('mis-3'), asked('mis-4')], matcherSearch(helpDesk.matcher));
    assert.deepEqual([...report.answers], [['a code', { answered: 2, wrong: 1 }]]);
  });
});

describe('evaluation: message extractor', () => {
  it('joins a quoted block into one line and needs a sentence announcing it', () => {
    const symptoms = [
      'When you start the service, you may receive the following',
      'error message:',
      '',
      '   The widget service could not start because the frobnicator',
      '   is not available.',
      '',
      'The log also shows:',
      '',
      '   This indented block is not announced as a message.',
      '',
      'You receive the following error message:',
      '',
      '   Too short.',
      '',
      'You may receive one of the following error messages:',
      '',
      '   - The frobnicator is busy, try again',
      '     in a few minutes.',
      '   - The widget queue is full (error 42).',
    ];
    assert.deepEqual(quotedMessages(symptoms), [
      'The widget service could not start because the frobnicator is not available.',
      'The frobnicator is busy, try again in a few minutes.',
      'The widget queue is full (error 42).',
    ]);
  });

  it('finds the message Q214783 quotes in its SYMPTOMS', function () {
    needsShared('kb-archive/sample', this);
    const article = readArticle(path.join(SAMPLE, '214', 'Q214783.TXT'));
    assert.equal(article.number, 'Q214783');
    assert.ok(article.messages.some((m) => m.startsWith('Error replicating to target ') && !/\s\s|\n/.test(m)), JSON.stringify(article.messages));
  });

  it('samples the same messages for the same seed, and knows which articles quote them', function () {
    needsShared('kb-archive/sample', this);
    const archive = readArchive(path.join(SAMPLE, '214'));
    const [first] = sampleMessages(archive, 1, seededRandom(7));
    assert.deepEqual(sampleMessages(archive, 1, seededRandom(7)), [first]);
    const quoting = articlesQuoting(archive, [first.message.toUpperCase()]);
    assert.ok(quoting.get(normalise(first.message))!.has(first.article.number));
  });

  it('adds noise as users do: a log line among 199, or the first words', () => {
    const message = 'The widget service could not start because the frobnicator is not available.';
    const log = noisyQuery('200-line log', message, seededRandom(1)).split('\n');
    assert.equal(log.length, 200);
    assert.equal(log.filter((line) => line.includes(message)).length, 1);
    assert.equal(noisyQuery('first words', message, seededRandom(1)), 'The widget service could not start because the');
  });

  it('counts an article naming a message\'s placeholders differently as quoting the same message', () => {
    const template = templatePattern('Setup could not open the file <file name>.');
    assert.ok(template.pattern.test(` ${normalise('Setup could not open the file <filename>. Click OK.')} `));
    assert.ok(template.pattern.test(` ${normalise('Setup could not open the file C:\\Temp\\a b.log')} `));
    assert.ok(!template.pattern.test(` ${normalise('Setup could not open the file.')} `), 'a placeholder stands for at least one word');
    assert.ok(!template.pattern.test(` ${normalise('Setup could not open the files')} `));
  });
});

describe('evaluation on the KB sample', () => {
  needsShared('kb-archive/sample');
  it('finds the quoted message\'s article in the top 3', function () {
    this.timeout(30_000);
    const helpDesk = serveKnowledge([defaultKnowledgeDir(), SAMPLE]);
    const archive = readArchive(SAMPLE);
    const numbers = new Set(archive.map((a) => a.number));
    if (!helpDesk.kb.entries.some((e) => e.article && numbers.has(e.article) && e.origin === 'imported')) {
      this.test!.title += ' (pending: knowledge/ does not import *.TXT articles yet)';
      this.skip();
    }
    const report = evaluate(evaluationQueries(archive, 60, 1), matcherSearch(helpDesk.matcher));
    const { top3, queries } = report.overall;
    assert.ok(top3 / queries >= TOP3_FLOOR, `top-3 ${top3} of ${queries}`);
  });
});
