import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readArchive, seededRandom } from '../../bench/eval/corpus';
import { SearchIndex } from '../../matching/search/searchIndex';
import { quotedParts, tokenize } from '../../matching/search/text';
import { segments } from '../../matching/pastes/pasteLines';
import { SHARED, needsShared } from '../helpers';

const SAMPLE = path.join(SHARED, 'kb-archive', 'sample');

describe('search index: fast paths give the same answers', function () {
  this.timeout(20_000);
  needsShared('kb-archive/sample');
  let archive: ReturnType<typeof readArchive>;
  const index = new SearchIndex();
  before(() => {
    archive = readArchive(SAMPLE);
    for (const article of archive) index.add([{ weight: 3, texts: [article.title] }, { weight: 2, texts: [article.symptoms] }]);
  });

  it('skips documents only common words would bring in, and finds every document the full search finds', () => {
    const random = seededRandom(7);
    const minCoverage = 0.25;
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const words = tokenize(archive[Math.floor(random() * archive.length)].symptoms);
      if (words.length < 3) continue;
      const start = Math.floor(random() * (words.length - 3));
      const query = words.slice(start, start + 3 + Math.floor(random() * 6)).join(' ');
      const terms = index.analyze(query, { typos: false });
      const full = index.search(terms, index.size).filter((h) => h.coverage >= minCoverage).slice(0, 20);
      const pruned = index.search(terms, 20, minCoverage);
      assert.deepEqual(pruned.map((h) => [h.doc, h.coverage]), full.map((h) => [h.doc, h.coverage]), `query "${query}"`);
      compared++;
    }
    assert.ok(compared > 150, `${compared} queries compared`);
  });
});

describe('search index: typo correction', () => {
  it('weighs a misspelt common word like that word, not like a rare misspelling of it', () => {
    // One field of weight 1: a word in it is fully there.
    const index = new SearchIndex({ fullCoverageWeight: 1 });
    for (let i = 0; i < 30; i++) index.add([{ weight: 1, texts: [`microsoft windows setup note ${i}`] }]);
    const misspelt = index.add([{ weight: 1, texts: ['micrsoft windows setup typo in an old article'] }]);
    const chart = index.add([{ weight: 1, texts: ['microsoft chart standard mode crash'] }]);
    const hits = index.search(index.analyze('micrsooft chart'), index.size);
    const coverage = (doc: number) => hits.find((h) => h.doc === doc)?.coverage ?? 0;
    assert.equal(hits[0].doc, chart);
    assert.ok(coverage(chart) > 0.9, `the article about charts covers the question (${coverage(chart)})`);
    assert.ok(coverage(misspelt) < 0.1, `an article that misspells microsoft is no answer about charts (${coverage(misspelt)})`);
  });
});

describe('search index: a word one article misspells', () => {
  // Among thousands of articles: a few words set apart in a small knowledge base are not slips.
  const index = new SearchIndex({ fullCoverageWeight: 1 });
  for (let i = 0; i < 1200; i++) index.add([{ weight: 1, texts: [i % 10 ? `mouse pointer ${i} jumps` : `keyboard shortcut ${i} in the menu`, i % 3 ? '' : 'license'] }]);
  const misspelling = index.add([{ weight: 1, texts: ['keybord mapping tool notes'] }]);
  const slow = index.add([{ weight: 1, texts: ['slow keyboard after the computer restarts'] }]);
  // The British spelling, in a few articles of the many saying "license".
  const british = Array.from({ length: 6 }, (_, i) => index.add([{ weight: 1, texts: [`runtime licence ${i} file`] }]));
  const notIncluded = index.add([{ weight: 1, texts: ['license not included with the control'] }]);

  it('reads it as the far commoner word a letter away too: "keybord" is every other article\'s "keyboard"', () => {
    const hits = index.search(index.analyze('keybord slow till reboot'), 3);
    assert.equal(hits[0].doc, slow, 'the article about a slow keyboard, not the one misspelling it');
    assert.ok(hits.some((h) => h.doc === misspelling), 'the article with the word as typed is still found');
  });

  it('reads a word a few articles spell their own way as the common spelling too: "licence" is "license"', () => {
    const hits = index.search(index.analyze('licence'), 100);
    assert.ok(hits.some((h) => h.doc === notIncluded), 'the article saying "license"');
    assert.ok(british.every((doc) => hits.some((h) => h.doc === doc)), 'the articles spelling it so are still found');
  });

  it('leaves a rare word alone when no word a letter away is far commoner', () => {
    const [mapping] = index.analyze('mapping');
    assert.equal(mapping.matches.length, 1);
  });
});

describe('search index: slips a letter-by-letter search misses', () => {
  const index = new SearchIndex({ fullCoverageWeight: 1 });
  for (let i = 0; i < 50; i++) index.add([{ weight: 1, texts: [`printer queue note ${i}`] }]);
  const form = index.add([{ weight: 1, texts: ['custom form shows missing fields after the upgrade'] }]);

  it('reads two letters swapped and a slip inside an ending as the word meant: "missng feilds"', () => {
    const terms = index.analyze('missng feilds');
    assert.ok(terms.every((t) => t.matches.length), `both words corrected: ${JSON.stringify(terms.map((t) => t.term))}`);
    assert.equal(index.search(terms, 1)[0].doc, form);
  });
});

describe('search terms of a question', () => {
  it('spells contractions out: "isn\'t saved" is "is not saved", "can\'t" is "cannot"', () => {
    assert.deepEqual(tokenize("value isn't saved"), tokenize('value is not saved'));
    assert.deepEqual(tokenize("doesn’t start"), tokenize('does not start'));
    assert.deepEqual(tokenize("can't open"), tokenize('cannot open'));
  });

  it('meets a word ending in "e" in its other forms: "update", "updated", "updating", "updates"', () => {
    for (const [word, forms] of [['update', ['updated', 'updating', 'updates']], ['cache', ['caches', 'cached']], ['close', ['closed', 'closing']]] as const) {
      for (const form of forms) assert.deepEqual(tokenize(form), tokenize(word), `${form} / ${word}`);
    }
  });

  it('reads a hex number as its digits too: "STOP 0x0000007B", "0x7B" and "stop 7b" meet', () => {
    for (const text of ['STOP 0x0000007B', 'Stop 0x7B']) assert.ok(tokenize(text).includes('7b'), text);
    assert.deepEqual(tokenize('0x0A flag'), ['0x0a', 'flag'], 'one digit is too little to stand alone');
  });

  it('reads a product and its version typed as one word as the words articles write: "nt4" is "NT 4.0", "win95" "Windows 95"', () => {
    assert.ok(tokenize('nt4 dns').includes('nt'));
    assert.ok(['win', '95'].every((word) => tokenize('win95 laptop').includes(word)));
    assert.ok(!tokenize('LNK2001 unresolved').includes('2001'), 'a code is no version');
  });

  it('leaves out the words a question is wrapped in', () => {
    assert.deepEqual(tokenize('since this morning the combobox value is lost, any idea how to fix?'), tokenize('combobox value lost'));
  });
});

describe('search index: coverage', () => {
  const indexOf = (fillers: number) => {
    const index = new SearchIndex();
    const entry = (title: string, resolution: string) => index.add([{ weight: 3, texts: [title] }, { weight: 0.3, texts: [resolution] }]);
    for (let i = 0; i < fillers; i++) entry(`printer driver note ${i}`, 'reinstall the driver');
    const titled = entry('ComboBox value not saved', 'set the bound column');
    const mentioned = entry('Grid control layout lost', 'the ComboBox value is saved by the grid');
    const hits = index.search(index.analyze('combobox value saved'), index.size);
    const coverage = (doc: number) => hits.find((h) => h.doc === doc)?.coverage ?? 0;
    return { hits, titled, coverage: coverage(titled), mentioned: coverage(mentioned) };
  };

  it('among thousands of articles, counts a word in a title fully and the same word in a resolution only in part', () => {
    const { hits, titled, coverage, mentioned } = indexOf(1200);
    assert.equal(hits[0].doc, titled);
    assert.ok(coverage > 0.99, `the title holds every word (${coverage})`);
    assert.ok(mentioned < 0.5, `a resolution that mentions them is weaker evidence (${mentioned})`);
  });

  it('in a small hand-written knowledge base, counts every mention fully', () => {
    const { coverage, mentioned } = indexOf(30);
    assert.ok(coverage > 0.99 && mentioned > 0.99, `${coverage}, ${mentioned}`);
  });
});

describe('segments of a long paste', () => {
  it('reads error lines anywhere in a 1 MB log, and other lines only near its head', () => {
    const lines = Array.from({ length: 16_000 }, (_, i) => `2024-03-01 10:00:00 INFO request ${i} served in ${i % 300} ms`);
    lines.splice(100, 0, 'INFO widget queue drained near the head');
    lines.splice(9_000, 0, 'INFO widget queue drained far from the head');
    lines.splice(12_000, 0, 'ERROR Iissync.exe: Server Execution Failed error code 2148007941');
    const pieces = segments(lines.join('\n'));
    assert.ok(pieces.includes('Iissync.exe: Server Execution Failed error code 2148007941'), 'the error line, without its prefix');
    assert.ok(pieces.includes('widget queue drained near the head'));
    assert.ok(!pieces.includes('widget queue drained far from the head'));
    assert.equal(pieces.filter((p) => p.startsWith('request ')).length, 1, 'lines that differ only in numbers are read once');
  });
});

describe('what a question quotes', () => {
  it('reads the message before an ellipsis, where the user cut it', () => {
    assert.ok(quotedParts('anyone seen this? The procedure entry point could not be located... happens every morning')
      .includes('The procedure entry point could not be located'));
  });

  it('reads the message between the words a question opens with and the words saying when it happens', () => {
    assert.ok(quotedParts('why do I get Cannot access Q3 budget.xls. when I log in').includes('Cannot access Q3 budget.xls.'));
    assert.ok(quotedParts('we keep getting The RPC server is unavailable after we restart the server').includes('The RPC server is unavailable'));
  });

  it('reads a message with quotes inside it whole, from the first quotation mark of the line to the last', () => {
    assert.ok(quotedParts('getting "...LNK2001: unresolved external symbol "__doserrno"..." what do I do?')
      .includes('...LNK2001: unresolved external symbol "__doserrno"...'));
  });

  it('reads no part out of a question that quotes nothing', () => {
    assert.deepEqual(quotedParts('how do I change my desk phone number'), []);
  });
});
