import * as assert from 'node:assert/strict';
import { FileStorage } from '../../storage/fileStorage';
import { Suggestions } from '../../learning/suggestions';
import { Learning } from '../../learning/learning';
import { PHRASINGS_FILE } from '../../learning/learnedPhrasings';
import { loadKnowledge, defaultKnowledgeDir, formatIssue } from '../../knowledge/load';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../tempDir';

const QUESTION = 'the printer keeps eating my letterhead';
const voter = (question: string, user = 'u1') => ({ question, user });

describe('learning: suggested phrasings in the store', () => {
  let storage: FileStorage;
  let suggestions: Suggestions;
  beforeEach(() => {
    storage = new FileStorage(tempDir('suggestions'));
    suggestions = new Suggestions(storage, () => new Date('2026-12-07T10:00:00Z'), 3);
  });

  it('is one suggestion per question and entry, counting users and times; a click counted twice counts once', async () => {
    assert.equal(await suggestions.vote(QUESTION, 'printer-paper-jam', voter('q1', 'ann')), true);
    assert.equal(await suggestions.vote('The printer keeps eating my letterhead?', 'printer-paper-jam', voter('q2', 'ann')), true);
    assert.equal(await suggestions.vote(QUESTION, 'printer-paper-jam', voter('q3', 'bob')), true);
    assert.equal(await suggestions.vote(QUESTION, 'printer-paper-jam', voter('q3', 'bob')), false, 'the same question of the same conversation');
    const { suggestions: listed } = await suggestions.pending();
    assert.deepEqual(listed.map(({ question, entryId, users, times }) => ({ question, entryId, users, times })),
      [{ question: QUESTION, entryId: 'printer-paper-jam', users: 2, times: 3 }]);
  });

  it('keeps no code, paste or personal data', async () => {
    assert.equal(await suggestions.vote('what is MIS_3', 'mis-3', voter('q1')), false);
    assert.equal(await suggestions.vote('mail me at bob@contoso.com when the printer works', 'printer-offline', voter('q2')), false);
    assert.deepEqual((await suggestions.pending()).suggestions, []);
  });

  it('takes a question back when it is escalated, from every entry it counted for', async () => {
    await suggestions.vote(QUESTION, 'printer-paper-jam', voter('q1'));
    await suggestions.vote(QUESTION, 'printer-offline', voter('q1'));
    await suggestions.vote(QUESTION, 'printer-paper-jam', voter('q2', 'u2'));
    await suggestions.withdraw(QUESTION, voter('q1'));
    const { suggestions: listed } = await suggestions.pending();
    assert.deepEqual(listed.map(({ entryId, times }) => [entryId, times]), [['printer-paper-jam', 1]]);
    await suggestions.withdraw(QUESTION, voter('q2', 'u2'));
    assert.deepEqual((await suggestions.pending()).suggestions, []);
    assert.deepEqual(await storage.list('suggestion'), [], 'no empty record left');
  });

  it('is bounded: past the cap, new questions are not kept, listed ones still count', async () => {
    for (const [i, question] of ['printer eats paper daily', 'printer prints pale pages', 'printer vanished from laptop'].entries()) {
      assert.equal(await suggestions.vote(question, 'printer-paper-jam', voter(`q${i}`)), true);
    }
    assert.equal(await suggestions.vote('printer spews weird symbols', 'printer-garbled-output', voter('q9')), false);
    assert.equal(await suggestions.vote('printer eats paper daily', 'printer-paper-jam', voter('q10', 'u2')), true);
    const { suggestions: listed, full } = await suggestions.pending();
    assert.equal(full, true);
    assert.equal(listed.length, 3);
  });

  it('decides in bulk; a decided question is not suggested again for that entry, and ids not pending are left out', async () => {
    await suggestions.vote(QUESTION, 'printer-paper-jam', voter('q1'));
    await suggestions.vote('printer prints pale pages', 'printer-low-toner', voter('q2'));
    const [toner, jam] = (await suggestions.pending()).suggestions.sort((a, b) => a.entryId.localeCompare(b.entryId));
    assert.deepEqual(await suggestions.decide([jam.id, 'not-an-id', `${'0'.repeat(32)}.${'0'.repeat(16)}`], true), [jam.id]);
    assert.deepEqual(await suggestions.decide([toner.id], false), [toner.id]);
    assert.deepEqual((await suggestions.pending()).suggestions, []);
    assert.deepEqual((await suggestions.decisions()).map(({ entryId, phrasing, accepted }) => [entryId, phrasing, accepted]).sort(),
      [['printer-low-toner', 'printer prints pale pages', false], ['printer-paper-jam', QUESTION, true]]);
    assert.equal(await suggestions.vote(QUESTION, 'printer-paper-jam', voter('q3')), false, 'accepted already');
    assert.equal(await suggestions.vote('printer prints pale pages', 'printer-low-toner', voter('q4')), false, 'rejected already');
  });

  it('writes accepted phrasings as a knowledge file the loader reads, and writes it again on a disk that lost it', async () => {
    const dir = tempDir('phrasings-dir');
    const learning = new Learning(storage, dir, () => undefined);
    await learning.resolved('my phone says the inbox is stuffed', 'mis-9', voter('q1'));
    await learning.resolved('my phone hates the sync key', 'mis-3', voter('q2'));
    const ids = (await learning.list()).suggestions.map((s) => s.id);
    await learning.decide({ accept: ids });
    const file = path.join(dir, PHRASINGS_FILE);
    const loaded = () => {
      const { kb, issues } = loadKnowledge([defaultKnowledgeDir(), dir]);
      assert.deepEqual(issues.map(formatIssue), []);
      return kb.entries.filter((e) => e.symptoms.some((s) => s.startsWith('my phone '))).map((e) => e.id).sort();
    };
    assert.deepEqual(loaded(), ['mis-3', 'mis-9']);

    fs.rmSync(file);
    const restarted = new Learning(storage, dir, () => undefined);
    assert.equal(await restarted.refresh(), true, 'written again from the store');
    assert.deepEqual(loaded(), ['mis-3', 'mis-9']);
    assert.equal(await restarted.refresh(), false, 'nothing decided since: not read again');
  });
});
