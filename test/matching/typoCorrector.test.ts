import * as assert from 'node:assert/strict';
import Fuse from 'fuse.js';
import { seededRandom } from '../../bench/eval/corpus';
import { asTerm } from '../../matching/search/text';
import { editDistance, respellings, TypoCorrector } from '../../matching/search/typoCorrector';

const OPTIONS = { threshold: 0.25, minLength: 4, maxCorrections: 3 };

/**
 * What correction gave before the letter-pair filter: fuse.js over every word of the same
 * first letter and length ±1, the words more edits away than a slip left out.
 */
function correctedByFuseAlone(vocabulary: string[], typed: string): string[] {
  const found: Array<{ word: string; similarity: number }> = [];
  const maxEdits = Math.max(1, Math.floor(OPTIONS.threshold * typed.length));
  for (let length = typed.length - 1; length <= typed.length + 1; length++) {
    const group = vocabulary.filter((w) => w[0] === typed[0] && w.length === length && !/\d/.test(w));
    const fuse = new Fuse(group, { includeScore: true, threshold: OPTIONS.threshold, ignoreLocation: true });
    for (const r of fuse.search(typed)) {
      if (editDistance(typed, r.item) <= maxEdits) found.push({ word: r.item, similarity: 1 - (r.score ?? 1) });
    }
  }
  return found.sort((x, y) => y.similarity - x.similarity).slice(0, OPTIONS.maxCorrections).map((f) => f.word);
}

/** One typing slip: letters swapped, dropped, doubled or replaced. */
function misspell(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 2));
  const letter = String.fromCharCode(97 + Math.floor(random() * 26));
  switch (Math.floor(random() * 4)) {
    case 0: return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    case 1: return word.slice(0, at) + word.slice(at + 1);
    case 2: return word.slice(0, at) + letter + word.slice(at);
    default: return word.slice(0, at) + letter + word.slice(at + 1);
  }
}

describe('typo correction', () => {
  const random = seededRandom(11);
  // Words shaped like a KB's: many sharing first letters, lengths and letter pairs.
  const stems = ['connect', 'service', 'printer', 'mailbox', 'synchron', 'register', 'controll', 'exchange', 'directory', 'transport'];
  const endings = ['', 's', 'or', 'ion', 'ing', 'ed', 'er', 'ization', 'able', 'ity'];
  const vocabulary = [...new Set(stems.flatMap((s) => endings.map((e) => s + e)).concat(
    Array.from({ length: 3000 }, () => Array.from({ length: 4 + Math.floor(random() * 9) }, () => 'etaoinsrhldcum'[Math.floor(random() * 14)]).join('')),
  ))];
  const corrector = new TypoCorrector(vocabulary, OPTIONS);

  it('corrects a misspelt word to the word meant', () => {
    const words = (typed: string) => corrector.corrections(typed).map((c) => vocabulary[c.word]);
    assert.equal(words('conection')[0], 'connection');
    assert.equal(words('mailbxo')[0], 'mailbox');
    assert.deepEqual(words('zzzzzzzz'), []);
  });

  it('finds the same corrections as fuse.js reading every word of the groups', () => {
    const typed = Array.from({ length: 400 }, () => misspell(vocabulary[Math.floor(random() * vocabulary.length)], random)).filter((w) => w.length >= 4);
    for (const word of typed) {
      assert.deepEqual(corrector.corrections(word).map((c) => vocabulary[c.word]), correctedByFuseAlone(vocabulary, word), word);
    }
  });

  it('counts the letters left over: "reset" is no slip of "restor", which bitap finds it inside', () => {
    assert.equal(editDistance('reset', 'restor'), 3);
    assert.equal(editDistance('keybord', 'keyboard'), 1);
    assert.equal(editDistance('mailbxo', 'mailbox'), 1, 'two letters swapped are one slip');
    assert.deepEqual(new TypoCorrector(['restor', 'resell'], OPTIONS).corrections('reset').map((c) => c.word), []);
  });

  it('finds what bitap cannot: letters swapped, and a slip in an ending the stemmer removes', () => {
    const words = ['field', 'miss', 'writ', 'fiend'];
    const asStemmed = (word: string) => {
      const term = asTerm(word);
      return term === undefined ? undefined : words.indexOf(term) >= 0 ? words.indexOf(term) : undefined;
    };
    const stemmed = new TypoCorrector(words, OPTIONS, () => 0, asStemmed);
    const slips = (typed: string) => stemmed.slipsOf(typed).map((c) => words[c.word]);
    assert.deepEqual(stemmed.corrections('feild').map((c) => words[c.word]), [], 'bitap reads a swap as two edits');
    assert.equal(slips('feild')[0], 'field');
    assert.deepEqual(slips('missng'), ['miss'], '"missing", as the index writes it');
    assert.deepEqual(slips('writng'), ['writ']);
    assert.deepEqual(slips('zzzzz'), []);
  });

  it('respells a word with its neighbours swapped, and its ending slipped', () => {
    const slips = respellings('abcdef');
    for (const slip of ['acbdef', 'abcdfe', 'abcdf', 'abcdxef', 'abcdefx', 'abcdxf']) assert.ok(slips.includes(slip), slip);
    assert.ok(!slips.includes('abdef') && !slips.includes('axcdef'), 'a slip before the ending is bitap\'s');
    assert.ok(slips.every((slip) => slip[0] === 'a'));
  });

  it('corrects to the common word meant, not to a rare misspelling one letter away', () => {
    // "windwo" is one article's typo: "windw" holds it whole, yet it is as far from it as "window".
    const words = ['window', 'windwo', 'winder', 'windows'];
    const documents = [20000, 1, 40, 30000];
    const byFrequency = new TypoCorrector(words, OPTIONS, (word) => documents[word]);
    assert.equal(words[byFrequency.corrections('windw')[0].word], 'window');
    assert.equal(words[new TypoCorrector(words, OPTIONS).corrections('windw')[0].word], 'windwo', 'without frequencies, the closest by letters');
  });
});
