import * as assert from 'node:assert/strict';
import { describedEntries } from '../../matching/description';
import { symmetricEigen, truncatedSvd } from '../../matching/search/randomizedSvd';
import { SearchIndex } from '../../matching/search/searchIndex';
import { entryFields } from '../../matching/textScorer';
import { article } from '../articleFixtures';

describe('the strongest directions of a sparse matrix', () => {
  // Two blocks of ones: 4 rows × columns 0-2 (singular value √12), 2 rows × columns 3-4 (2).
  const cells = [[0, 0], [1, 0], [2, 0], [3, 0], [0, 1], [1, 1], [2, 1], [3, 1], [0, 2], [1, 2], [2, 2], [3, 2], [4, 3], [5, 3], [4, 4], [5, 4]];
  const offsets = Uint32Array.from([0, 4, 8, 12, 14, 16]);
  const matrix = { rows: 6, columns: 5, offsets, rowOf: Uint32Array.from(cells, ([row]) => row), values: new Float32Array(cells.length).fill(1) };

  it('finds the singular values and directions an exact decomposition gives', () => {
    const svd = truncatedSvd(matrix, { rank: 2, oversampling: 2, powerIterations: 1, seed: 1 });
    assert.equal(svd.rank, 2);
    assert.ok(Math.abs(svd.values[0] - Math.sqrt(12)) < 1e-6, `first value ${svd.values[0]}`);
    assert.ok(Math.abs(svd.values[1] - 2) < 1e-6, `second value ${svd.values[1]}`);
    // The first direction is the first block's columns alike, and none of the second's.
    const first = [0, 1, 2, 3, 4].map((column) => Math.abs(svd.right[column * 2]));
    for (const column of [0, 1, 2]) assert.ok(Math.abs(first[column] - 1 / Math.sqrt(3)) < 1e-5);
    for (const column of [3, 4]) assert.ok(first[column] < 1e-5);
  });

  it('solves a small symmetric eigenproblem', () => {
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    assert.deepEqual([...values].map((v) => Math.round(v * 1e9) / 1e9).sort(), [1, 3]);
  });
});

describe('a description read for its meaning, learned from the archive', () => {
  // In a large archive, "freezes" and "hangs" are said of the same problems, time and again.
  const entries = [
    ...Array.from({ length: 150 }, (_, i) => article(`Q1${i}`, `Computer freezes and hangs when program ${i} starts`)),
    ...Array.from({ length: 400 }, (_, i) => article(`Q2${i}`, `Printer prints blank pages from tray ${i}`)),
    ...Array.from({ length: 400 }, (_, i) => article(`Q3${i}`, `Mouse pointer jumps on display ${i}`)),
    ...Array.from({ length: 100 }, (_, i) => article(`Q4${i}`, `Password expires on domain ${i}`)),
  ];
  const hangs = article('Q50', 'Workstation hangs at the logon screen');
  const colours = article('Q51', 'Logon screen on workstation');
  const all = [...entries, hangs, colours];
  const index = new SearchIndex();
  for (const entry of all) index.add(entryFields(entry));
  index.learnMeanings();
  const ranked = (meaningWeight: number, meaningMinWords = 4) => describedEntries(index, all, 'workstation freezes on the logon screen',
    { minCoverage: 0.1, minSharedTerms: 2, pairWeight: 0.05, meaningWeight, meaningMinWords }).map((d) => d.entry.article);

  it('puts first the article telling the problem in the words the archive uses for it', () => {
    assert.equal(ranked(0.4)[0], 'Q50');
    // By its words alone, the shorter article holding the same three words would come first.
    assert.equal(ranked(0)[0], 'Q51');
  });

  it('leaves a description of fewer words than its meaning needs to its words', () => {
    assert.equal(ranked(0.4, 5)[0], 'Q51');
  });

  it('learns nothing from a small knowledge base, whose every entry is written to be matched', () => {
    const small = new SearchIndex();
    for (const entry of [hangs, colours]) small.add(entryFields(entry));
    small.learnMeanings();
    assert.deepEqual(small.closenessInMeaning(small.analyze('workstation freezes'), [0, 1]), [0, 0]);
  });
});
