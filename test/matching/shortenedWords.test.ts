import * as assert from 'node:assert/strict';
import { SearchIndex } from '../../matching/search/searchIndex';
import { ShortenedWords } from '../../matching/search/shortenedWords';

describe('shortened words', () => {
  const vocabulary = ['defragment', 'defragmenter', 'defrag', 'defrags', 'config', 'configuration', 'configurable', 'configurator', 'admin', 'administrator', 'win95', 'win95setup'];
  const documents = [40, 120, 30, 2, 500, 900, 300, 10, 200, 400, 50, 60];
  const words = new ShortenedWords(vocabulary, (word) => documents[word]);
  const longer = (word: string) => words.longerWords(word).map((id) => vocabulary[id]);

  it('finds the commonest longer words a typed word begins: "defrag" is "defragmenter"', () => {
    assert.deepEqual(longer('defrag'), ['defragmenter', 'defragment']);
    assert.deepEqual(longer('admin'), ['administrator']);
  });

  it('leaves out a word only a letter or two longer, a short typed word, and words with digits', () => {
    assert.ok(!longer('defrag').includes('defrags'), 'a plural is the stemmer\'s');
    assert.deepEqual(longer('conf'), [], 'four letters begin too many words');
    assert.deepEqual(longer('win95'), []);
    assert.deepEqual(longer('zzzzz'), []);
  });

  it('keeps the two commonest', () => {
    assert.deepEqual(longer('config'), ['configuration', 'configurable']);
  });
});

describe('search index: a shortened word in a description', () => {
  const index = new SearchIndex({ fullCoverageWeight: 1 });
  for (let i = 0; i < 40; i++) index.add([{ weight: 1, texts: [`disk drive note ${i}`] }]);
  const defragmenter = index.add([{ weight: 1, texts: ['disk defragmenter seems to stop responding'] }]);
  for (let i = 0; i < 3; i++) index.add([{ weight: 1, texts: [`defragmenter report ${i}`] }]);

  it('finds the article that writes the word out', () => {
    const hits = index.search(index.analyze('defrag on my disk', { related: true }), 1);
    assert.equal(hits[0].doc, defragmenter);
  });

  it('reads a pasted word as written', () => {
    const [defrag] = index.analyze('defrag');
    assert.equal(defrag.matches.length, 0, 'no article writes "defrag"');
  });
});
