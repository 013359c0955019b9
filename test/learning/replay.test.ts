import * as assert from 'node:assert/strict';
import type { RunningApp } from '../../server/app';
import { eventually } from '../helpers';
import { tokenize } from '../../matching/search/text';
import { Asked, firstQuestions, laterQuestions, PRINTER_KNOWLEDGE, USERS_WORDS } from './printerKnowledge';
import { ask, replyOf, resolveWithRightEntry, startWithPrinters, suggestionsApi, tally } from './learningFromUse';

const USERS = 50;
const RELOAD_MS = 30_000;

/** The entries' search words (stemmed, without stop words), as the matcher reads them. */
function kbWords(): Set<string> {
  return new Set(tokenize(PRINTER_KNOWLEDGE.slice(PRINTER_KNOWLEDGE.indexOf('entries:'))));
}

describe('learning from use: 50 users replayed through the bot, a lead accepting on the dashboard API', function () {
  this.timeout(180_000);
  let app: RunningApp;

  before(async () => {
    app = await startWithPrinters();
  });
  after(() => app?.close());

  const askAll = async (questions: Asked[], prefix: string) => {
    const replies = [];
    for (const asked of questions) replies.push({ asked, reply: replyOf((await ask(app, asked, prefix)).card) });
    return replies;
  };

  it('the users\' words are theirs: no search word of them is in the entries', () => {
    const words = kbWords();
    for (const { said } of Object.values(USERS_WORDS)) {
      for (const term of tokenize(said.join(' '))) assert.ok(!words.has(term), `"${term}" is in the entries`);
    }
  });

  it('answers questions in users\' words after users resolved others like them and a lead accepted them, where before it did not', async () => {
    const later = laterQuestions(USERS);
    const before = tally(await askAll(later, 'before'));

    // 50 users ask in their words with the KB's word for it, and pick the right entry (or mark it helpful).
    let resolved = 0;
    for (const asked of firstQuestions(USERS)) if (await resolveWithRightEntry(asked, await ask(app, asked, 'first'))) resolved++;
    assert.ok(resolved >= 45, `${resolved} of ${USERS} users found the right entry on the card`);

    const { status, json } = await suggestionsApi(app);
    assert.equal(status, 200);
    assert.equal(json.suggestions.length, resolved, 'one suggestion per question resolved');
    const questions = new Map(firstQuestions(USERS).map((a) => [a.question, a.entryId]));
    for (const s of json.suggestions) assert.equal(s.entryId, questions.get(s.question), `suggested for the entry the user picked: ${s.question}`);

    // The lead accepts them all, in one request, as "Accept selected" sends it.
    const decided = await suggestionsApi(app, { accept: json.suggestions.map((s: { id: string }) => s.id) });
    assert.equal(decided.status, 200);
    assert.equal(decided.json.accepted.length, resolved);
    assert.deepEqual((await suggestionsApi(app)).json.suggestions, [], 'nothing left to decide');
    await eventually(() => app.helpDesk().matcher.entryById('printer-paper-jam')!.symptoms.length > 1, 'the knowledge reloaded with the phrasings', RELOAD_MS);

    const after = tally(await askAll(later, 'after'));
    console.log(`      later questions in users' words, ${USERS}: answered with the right entry ${before.answered} → ${after.answered}; right entry first ${before.first} → ${after.first}`);
    assert.ok(before.answered <= 5, `before: ${before.answered} answered`);
    assert.ok(after.answered >= 45, `after: ${after.answered} answered`);
    assert.ok(after.first >= before.first + 30, `right entry first: ${before.first} → ${after.first}`);
  });
});
