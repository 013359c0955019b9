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

  it('keeps its directions orthonormal when the matrix has fewer directions than it samples, and large values', () => {
    // Rank 2 (rows 0-3 on columns 0-5, rows 4-5 on columns 6-9), all ten directions sampled:
    // eight are rounding noise, never directions, however large the values.
    const blocks = Array.from({ length: 10 }, (_, c) => (c < 6 ? [0, 1, 2, 3] : [4, 5]));
    const large = {
      rows: 6, columns: 10, offsets: Uint32Array.from([0, ...blocks.map((_, c) => blocks.slice(0, c + 1).flat().length)]),
      rowOf: Uint32Array.from(blocks.flat()), values: Float32Array.from(blocks.flat(), (row) => 1e4 * (row + 1)),
    };
    const svd = truncatedSvd(large, { rank: 4, oversampling: 6, powerIterations: 1, seed: 1 });
    const exact = [Math.sqrt(4 * 1e8 * (25 + 36)), Math.sqrt(6 * 1e8 * (1 + 4 + 9 + 16))];
    for (const [k, value] of exact.entries()) assert.ok(Math.abs(svd.values[k] - value) < 1e-6 * value, `value ${k}: ${svd.values[k]} for ${value}`);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const dot = blocks.reduce((sum, _, c) => sum + svd.right[c * svd.rank + i] * svd.right[c * svd.rank + j], 0);
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-5, `direction ${i}·${j} = ${dot}`);
      }
    }
    for (let k = 2; k < svd.rank; k++) assert.ok(svd.values[k] < 1e-6 * exact[0], `value ${k}: ${svd.values[k]} is noise`);
  });

  it('solves a small symmetric eigenproblem', () => {
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    assert.deepEqual([...values].map((v) => Math.round(v * 1e9) / 1e9).sort((a, b) => a - b), [1, 3]);
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
    { minCoverage: 0.1, minSharedTerms: 2, pairWeight: 0.05, meaningWeight, meaningMinWords, versionPenalty: 0 }).map((d) => d.entry.article);

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
    for (const entry of entries.slice(0, 999)) small.add(entryFields(entry));
    small.learnMeanings();
    assert.deepEqual(small.closenessInMeaning(small.analyze('computer freezes when the program starts'), [0, 1]), [0, 0]);
  });
});
