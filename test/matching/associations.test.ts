import * as assert from 'node:assert/strict';
import { learnAssociations, relatedWords, TwoTellings } from '../../matching/search/associations';
import { SearchIndex } from '../../matching/search/searchIndex';

describe('related words learned from titles and their symptoms', () => {
  // Words 0 "reboot", 1 "restart", 2 "printer", 3 "slow", 4 "error" (everywhere), 5 "jams".
  const tellings = (count: number, title: number[], symptoms: number[]): TwoTellings[] => Array.from({ length: count }, () => ({ title, symptoms }));
  const learned = learnAssociations([
    ...tellings(12, [0], [1, 4]), // "Reboots ..." told as "restarts ... error"
    ...tellings(40, [2, 4], [3, 4]), // printers and errors, slow
    ...tellings(9, [2], [5]), // paired in too few articles
  ], 6);
  const related = (word: number) => [...relatedWords(learned, word)];

  it('relates two words a title and its own symptoms pair in many articles, both ways', () => {
    assert.deepEqual(related(0), [1]);
    assert.ok(related(1).includes(0));
  });

  it('relates no word to one that is everywhere, nor two that too few articles pair', () => {
    assert.ok(!related(0).includes(4), 'error is in every article: pairing it is chance');
    assert.ok(!related(2).includes(5), 'nine articles are too few');
  });
});

describe('search index: a word finds the words the knowledge base uses for it', () => {
  const index = new SearchIndex({ fullCoverageWeight: 1 });
  const told: Array<{ title: string; symptoms: string[] }> = [];
  const add = (title: string, symptoms: string) => {
    told.push({ title, symptoms: [symptoms] });
    return index.add([{ weight: 3, texts: [title] }, { weight: 1, texts: [symptoms] }]);
  };
  // Among thousands of articles, a hundred tell "reboot" in their titles as "restart" in their symptoms.
  for (let i = 0; i < 100; i++) add(`Server ${i} reboots`, `the server restarts by itself, model ${i}`);
  for (let i = 0; i < 1100; i++) add(`Topic w${i % 40} and w${(i + 7) % 40}`, `notes on w${(i + 13) % 40}`);
  const restarted = add('Printer queue empties after a restart', 'jobs vanish from the queue');
  const refilled = add('Printer queue empties after a cartridge', 'jobs vanish from the queue');
  index.associate(told);

  it('finds the article saying "restart" for a description saying "reboot", only when asked to', () => {
    const scores = (related: boolean) => {
      const hits = index.search(index.analyze('printer queue empties on reboot', { common: true, related }), 3);
      return [restarted, refilled].map((doc) => hits.find((h) => h.doc === doc)?.score ?? 0);
    };
    const [withRestart, withCartridge] = scores(true);
    assert.ok(withRestart > withCartridge, `restart ${withRestart} over cartridge ${withCartridge}`);
    const [alone, other] = scores(false);
    assert.equal(alone, other, 'word for word, the two articles fit alike');
  });
});
