import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { articleEntries } from '../../knowledge/importers/articleEntries';
import { decodeArticle } from '../../knowledge/importers/decodeArticle';
import { parseArticle } from '../../knowledge/importers/parseArticle';
import { defaultKnowledgeDir, formatIssue, listSourceFiles, loadKnowledge } from '../../knowledge/load';
import { knowledgeLocation, readConfig } from '../../server/config';
import type { KnowledgeIssue } from '../../knowledge/types';
import { readSeed, REPO_ROOT, SHARED, needsShared } from '../helpers';
import { tempDir } from '../tempDir';

// The seeds and the sample archive are read at test time: what is checked here is what
// they say, so no text of theirs is copied into the repository.
const SAMPLE = path.join(SHARED, 'kb-archive', 'sample');
const sampleFile = (number: string) => path.join(SAMPLE, number.slice(1, 4), `${number}.TXT`);
const systems = loadKnowledge([defaultKnowledgeDir()]).kb.systems;
/** The parsed seed; undefined without the seeds, whose tests needsShared skips. */
const parseSeed = (prefix: string) => {
  const text = readSeed(prefix);
  return (text ? parseArticle(text, `${prefix}seed.txt`) : undefined) as ReturnType<typeof parseArticle>;
};
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const field = (text: string, pattern: RegExp) => pattern.exec(text)![1].trim();
const errors = (issues: KnowledgeIssue[]) => issues.filter((i) => i.severity === 'error');
const warnings = (issues: KnowledgeIssue[]) => issues.filter((i) => i.severity === 'warning');

/** Indented lines right after the lead-in `after` matches, as one line: a quoted message. */
function quotedAfter(text: string, after: RegExp): string {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => after.test(line)) + 1;
  const block: string[] = [];
  for (let i = start; i < lines.length && (block.length === 0 || lines[i].trim()); i++) {
    if (lines[i].trim()) block.push(lines[i].trim());
  }
  return block.join(' ');
}

describe('articles: the plain-text KB format (seed 002)', () => {
  needsShared('seeds');
  const text = readSeed('002_');
  const article = parseSeed('002_');

  it('reads the header: number, title, product, ISO date', () => {
    assert.equal(article.format, 'plain');
    assert.equal(article.number, 'Q235698');
    assert.equal(article.title, field(text, /^TITLE\s*:(.*)$/m));
    assert.equal(article.product, field(text, /^PRODUCT :(.*)$/m));
    assert.equal(article.date, '2000-10-21');
  });

  it('reads the sections, each paragraph on one line', () => {
    assert.deepEqual(article.sections.map((s) => s.name), ['SYMPTOMS', 'WORKAROUND', 'STATUS']);
    for (const { text: body } of article.sections) {
      assert.ok(body && !body.split('\n\n').some((p) => p.includes('\n') || p.includes('  ')), body);
    }
  });

  it('finds the status the symptoms give, after "is :"', () => assert.deepEqual(article.codes, ['2147500037']));

  it('becomes one IISSYNC entry with its workaround and status as steps', () => {
    const { article: record, entries: [entry, extra] } = articleEntries(article, systems);
    assert.equal(extra, undefined);
    assert.deepEqual(record, { number: 'Q235698', title: article.title, file: article.file, product: article.product, date: '2000-10-21' });
    assert.equal(entry.id, 'Q235698');
    assert.equal(entry.system, 'IISSYNC');
    assert.equal(entry.origin, 'imported');
    assert.deepEqual(entry.codes, ['2147500037']);
    assert.deepEqual(entry.resolution, [article.sections[1].text, article.sections[2].text]);
    assert.ok(entry.keywords.includes(article.product!));
  });
});

describe('articles: the web page export (seed 000, the IISSYNC status table)', () => {
  needsShared('seeds');
  const text = readSeed('000_');
  const article = parseSeed('000_');
  /** The table's rows as the test reads them: code and the row's text, wrapped or not. */
  const rows = text.split(/^\s*\+-+\+\s*$/m)
    .map((chunk) => /^\s*\|\s*(\d+)\s*\|([\s\S]*)$/m.exec(chunk))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: m[1], text: collapse(m[2].replace(/\|/g, ' ')) }));

  it('reads the front matter and the tab-indented header', () => {
    assert.equal(article.format, 'web');
    assert.equal(article.number, 'Q224801');
    assert.equal(article.title, field(text, /^title: "Q224801: (.*)"$/m));
    assert.equal(article.product, field(text, /^\tProduct\(s\):(.*)$/m));
    assert.equal(article.date, '2000-03-30');
    assert.deepEqual(article.sections.map((s) => s.name), ['SUMMARY', 'MORE INFORMATION']);
  });

  it('reads the sixteen rows of the status table, with their meanings', () => {
    assert.equal(rows.length, 16);
    assert.deepEqual(article.codeRows.map((r) => r.code), rows.map((r) => r.code));
    for (const [i, row] of article.codeRows.entries()) assert.equal(row.meaning, rows[i].text, row.code);
  });

  it('joins the wrapped 2148598801 row and keeps the article it points to', () => {
    const row = article.codeRows.find((r) => r.code === '2148598801')!;
    assert.match(row.meaning!, /article Q243342 for/);
    assert.deepEqual(row.references, ['Q243342']);
    assert.equal(row.resolution.length, 1);
    assert.match(row.resolution[0], /Q243342/);
  });

  it('becomes the article entry and one IISSYNC entry per code', () => {
    const { entries } = articleEntries(article, systems);
    assert.deepEqual(entries.map((e) => e.id), ['Q224801', ...rows.map((r) => `Q224801-${r.code}`)]);
    for (const entry of entries) assert.equal(entry.system, 'IISSYNC', entry.id);
    const wrapped = entries.find((e) => e.id === 'Q224801-2148598801')!;
    assert.deepEqual([wrapped.codes, wrapped.related, wrapped.article], [['2148598801'], ['Q243342'], 'Q224801']);
    assert.equal(wrapped.title, firstSentence(rows.find((r) => r.code === '2148598801')!.text));
    // A row that says nothing to do points to its article.
    assert.deepEqual(entries.find((e) => e.id === 'Q224801-1726')!.resolution, ['See Q224801.']);
  });
});

const firstSentence = (text: string) => text.slice(0, text.indexOf('.'));

describe('articles: quoted messages and codes (seed 001, Q310412)', () => {
  needsShared('seeds');
  const text = readSeed('001_');
  const article = parseSeed('001_');
  const quoted = [...text.matchAll(/Source : [\s\S]*?\)\s*\n/g)].map((m) => collapse(m[0]));

  it('keeps both error messages exactly, wrapped lines joined by one space', () => {
    assert.equal(quoted.length, 2);
    assert.deepEqual(article.messages, quoted);
  });

  it('takes the codes the messages name, not the numbers around them', () => {
    assert.deepEqual(article.codes, ['2148007941', '2147746132']);
  });

  it('refers to Q301919, and not to itself', () => assert.deepEqual(article.references, ['Q301919']));

  it('files the entry under IISSYNC, named in its title', () => {
    const [entry] = articleEntries(article, systems).entries;
    assert.equal(entry.system, 'IISSYNC');
    assert.deepEqual(entry.messages, quoted);
  });
});

/** An article of our own making, in the archive's layout: its message is quoted below a list item. */
describe('articles: seed 003 (Q249603)', () => {
  needsShared('seeds');
  const text = readSeed('003_');
  const article = parseSeed('003_');

  it('refers to Q224801', () => assert.deepEqual(article.references, ['Q224801']));

  it('takes the additional query words as keywords', () => {
    const words = field(text, /Additional query words:(.*)$/m).split(',').map((w) => w.trim());
    for (const word of words) assert.ok(article.keywords.includes(word), word);
  });
});

describe('articles: the ActiveSync code list (seed 004)', () => {
  needsShared('seeds');
  const text = readSeed('004_');
  const article = parseSeed('004_');
  const listed = [...text.matchAll(/^(MIS_\d+) \((SYNC_STATUS_CODE_\w+)\)/gm)].map((m) => ({ code: m[1], name: m[2] }));
  const row = (code: string) => article.codeRows.find((r) => r.code === code)!;
  /** The paragraph labelled `label` that follows `code` in the seed. */
  const paragraph = (code: string, label: string) => collapse(field(text, new RegExp(`^${code} [\\s\\S]*?^${label}:([\\s\\S]*?)^(?:Explanation|Resolution|Additional|MIS_)`, 'm')));

  it('lists MIS_0 to MIS_9 with their symbolic names', () => {
    assert.equal(article.format, 'codelist');
    assert.equal(listed.length, 10);
    assert.deepEqual(article.codeRows.map((r) => ({ code: r.code, name: r.names[0] })), listed);
  });

  it('attaches each Explanation and Resolution to the codes above it', () => {
    assert.equal(row('MIS_3').explanation, paragraph('MIS_3', 'Explanation'));
    assert.deepEqual(row('MIS_3').resolution, [paragraph('MIS_3', 'Resolution')]);
    assert.equal(row('MIS_8').explanation, paragraph('MIS_8', 'Explanation'));
    // MIS_4 has no paragraphs of its own: those below MIS_5 explain both.
    assert.equal(row('MIS_4').explanation, paragraph('MIS_5', 'Explanation'));
    assert.deepEqual(row('MIS_4').resolution, row('MIS_5').resolution);
    assert.equal(row('MIS_5').resolution[0], paragraph('MIS_5', 'Resolution'));
    assert.ok(row('MIS_5').resolution.length > 1, 'the additional troubleshooting notes are steps too');
  });

  it('explains nothing for the codes listed bare', () => {
    for (const code of ['MIS_0', 'MIS_1', 'MIS_6', 'MIS_7']) {
      assert.deepEqual([row(code).meaning, row(code).explanation, row(code).resolution], [undefined, undefined, []], code);
    }
  });

  it('keeps the message each code shows', () => {
    const shown = collapse(field(text, /^MIS_3 \(\w+\):([\s\S]*?)^Explanation:/m));
    assert.deepEqual(row('MIS_3').messages, [shown]);
  });

  it('becomes Server ActiveSync entries without an article: the fragment has no number', () => {
    const { article: record, entries } = articleEntries(article, systems);
    assert.equal(record, undefined);
    assert.deepEqual(entries.map((e) => e.codes[0]), listed.map((l) => l.code));
    for (const entry of entries) {
      assert.equal(entry.system, 'Server ActiveSync', entry.id);
      assert.equal(entry.article, undefined);
      assert.match(entry.id, /^004_seed-MIS_\d$/);
    }
    assert.deepEqual(entries[3].names, [listed[3].name]);
  });
});

describe('articles: the sample archive', () => {
  needsShared('kb-archive/sample');
  const file = sampleFile('Q214783');
  let text: string;
  before(() => { text = fs.readFileSync(file, 'latin1'); });

  it('Q214783: IISSYNC error code 64, with the message its symptoms quote', () => {
    const { kb, issues } = loadKnowledge([defaultKnowledgeDir(), file]);
    assert.deepEqual(issues.map(formatIssue), []);
    const entry = kb.entries.find((e) => e.id === 'Q214783')!;
    assert.equal(entry.system, 'IISSYNC');
    assert.deepEqual(entry.codes, ['64']);
    assert.deepEqual(entry.messages, [quotedAfter(text, /following error message:/)]);
    assert.equal(kb.articles.get('Q214783')?.file, file);
  });

  it('loads all 1,655 articles without an error, skipping none', () => {
    const { kb, issues, stats } = loadKnowledge([SAMPLE]);
    assert.deepEqual(errors(issues).map(formatIssue), []);
    // The sample has no odd file to skip: its few non-ASCII files are Windows-1252 text.
    assert.deepEqual(warnings(issues).map(formatIssue), []);
    assert.deepEqual([stats.files, stats.articles, stats.skipped], [1655, 1655, 0]);
    assert.equal(kb.articles.size, 1655);
  });

  it('reads the Windows-1252 bytes of the non-UTF-8 files as their characters', () => {
    const bytes = fs.readFileSync(sampleFile('Q216422'));
    const at = bytes.indexOf(0xb7);
    assert.ok(at > 0, 'the sample file still has its 0xB7 byte');
    assert.equal(decodeArticle(bytes)[at], '·');
  });
});

describe('articles: the versions its "applies to" box names', () => {
  it('reads each product line\'s version numbers, not the numbers of its other words', () => {
    const article = parseArticle(['DOCUMENT:Q900010  01-JAN-2001  [winnt]', 'TITLE   :Service Stops After Upgrade', '',
      'The information in this article applies to:', '', ' - Microsoft Windows NT Server version 4.0 ', ' - Microsoft Word 97 for Windows',
      ' - Microsoft Win32 Software Development Kit', ' - Microsoft Windows NT Workstation version 4.00 ',
      ' - Microsoft Visual C++, 32-bit Edition, version 4.0 with Service Pack 3', ' - Microsoft LAN Manager for OS/2', '-----------------------------', '',
      'SYMPTOMS', '========', '', 'The service stops.', ''].join('\n'), 'Q900010.TXT');
    assert.deepEqual(article.appliesTo, ['4', '97']);
    assert.deepEqual(articleEntries(article, systems).entries[0].versions, ['4', '97']);
  });
});

describe('articles: what is not an article', () => {
  it('says why a file is not an article in any format', () => {
    assert.throws(() => parseArticle('', 'x.txt'), /empty/);
    assert.throws(() => parseArticle('Just some notes\nabout nothing.\n', 'x.txt'), /not a KB article/);
    assert.throws(() => parseArticle('DOCUMENT:\nTITLE   :No number\n', 'x.txt'), /no KB number/);
    assert.throws(() => parseArticle('---\nlayout: page\n', 'x.md'), /front matter/);
    assert.throws(() => decodeArticle(new Uint8Array([68, 0, 1, 2])), /binary/);
  });

  it('reads pathological text in linear time', () => {
    const started = performance.now();
    const huge = [
      `DOCUMENT:Q123456  01-JAN-2000  [x]\nTITLE   :Error ${'error '.repeat(20000)}\n\nSYMPTOMS\n========\n`,
      `${'| 1 '.repeat(50000)}\n${'+-'.repeat(50000)}\n`,
      `${'Q1234567'.repeat(20000)} ${'0x'.repeat(50000)} ${'a.'.repeat(50000)}\n`,
      `${'   you receive this error:\n'.repeat(5000)}${'      error 5\n'.repeat(5000)}`,
      `${'MIS_1 (A_B'.repeat(20000)}\n`,
    ].join('');
    const article = parseArticle(huge, 'huge.txt');
    articleEntries(article, systems);
    assert.ok(performance.now() - started < 2000, `${Math.round(performance.now() - started)} ms`);
  });
});

describe('articles: loading folders of articles beside knowledge files', () => {
  needsShared('kb-archive/sample');
  let dir: string;
  beforeEach(() => { dir = tempDir('articles'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, data: string | Uint8Array) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    return file;
  };
  const copySample = (number: string, name = `${number}.TXT`) => write(name, fs.readFileSync(sampleFile(number)));

  it('skips binary, empty and unknown files with a warning naming each, and loads the rest', () => {
    copySample('Q214783', 'kb/Q214783.txt');
    write('kb/garbage.TXT', new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)));
    write('kb/empty.txt', '');
    write('kb/readme.md', '# Notes\n\nNot an article.\n');
    const { kb, issues, stats } = loadKnowledge([dir]);
    assert.deepEqual(errors(issues), []);
    assert.deepEqual(warnings(issues).map((i) => [path.basename(i.file), /binary|empty|not a KB article/.exec(i.message)?.[0]]),
      [['empty.txt', 'empty'], ['garbage.TXT', 'binary'], ['readme.md', 'not a KB article']]);
    assert.deepEqual(kb.entries.map((e) => e.id), ['Q214783']);
    assert.deepEqual([stats.files, stats.skipped, stats.articles], [4, 3, 1]);
  });

  it('keeps a hand-written article title and takes file, product and date from the import', () => {
    write('articles.yaml', 'articles:\n  - number: Q214783\n    title: Our own title\n');
    const file = copySample('Q214783');
    const { kb, issues } = loadKnowledge([dir]);
    assert.deepEqual(issues.map(formatIssue), []);
    const imported = parseArticle(fs.readFileSync(file, 'latin1'), file);
    assert.deepEqual(kb.articles.get('Q214783'), { number: 'Q214783', title: 'Our own title', file, product: imported.product, date: imported.date });
  });

  it('marks hand-written and imported entries by origin', () => {
    copySample('Q214783');
    const { kb } = loadKnowledge([defaultKnowledgeDir(), dir]);
    const origins = new Set(kb.entries.map((e) => `${e.article === 'Q214783' ? 'import' : 'shipped'}:${e.origin}`));
    assert.deepEqual([...origins].sort(), ['import:imported', 'shipped:handwritten']);
  });

  it('imports an article found twice once, with a warning for the copy', () => {
    copySample('Q214783', 'a/Q214783.TXT');
    copySample('Q214783', 'b/Q214783.TXT');
    const { kb, issues } = loadKnowledge([dir]);
    assert.deepEqual(warnings(issues).map((i) => path.relative(dir, i.file)), [path.join('b', 'Q214783.TXT')]);
    assert.match(warnings(issues)[0].message, /already imported from .*a[/\\]Q214783\.TXT/);
    assert.equal(kb.entries.filter((e) => e.id === 'Q214783').length, 1);
  });

  it('reads KNOWLEDGE_PATH after the shipped files; a missing folder is an error, the rest loads', () => {
    copySample('Q214783');
    const missing = path.join(dir, 'missing');
    const knowledgePaths = (env: NodeJS.ProcessEnv) => knowledgeLocation(readConfig(env)).paths.slice(0, -1);
    const paths = knowledgePaths({ KNOWLEDGE_PATH: `${missing}::${dir}` });
    assert.deepEqual(paths, [defaultKnowledgeDir(), missing, dir]);
    const { kb, issues } = loadKnowledge(paths);
    assert.deepEqual(errors(issues).map((i) => [i.file, i.message]), [[missing, 'no such file or folder']]);
    assert.ok(kb.entries.some((e) => e.id === 'Q214783'));
    assert.ok(kb.entries.some((e) => e.origin === 'handwritten'));
    assert.deepEqual(knowledgePaths({}), [defaultKnowledgeDir()]);
  });

  it('lists the files it reads, sorted, with size and modification time', () => {
    const yaml = write('b.yaml', 'entries: []\n');
    const article = copySample('Q214783', 'a/Q214783.TXT');
    write('c.log', 'ignored');
    write('.hidden.txt', 'ignored');
    const listed = listSourceFiles([dir]);
    assert.deepEqual(listed.map((f) => f.file), [article, yaml]);
    assert.equal(listed[0].size, fs.statSync(article).size);
    assert.equal(listed[1].mtimeMs, fs.statSync(yaml).mtimeMs);
  });
});

describe('kb:check', () => {
  needsShared('kb-archive/sample');
  let dir: string;
  beforeEach(() => { dir = tempDir('kb-check'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const check = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'dist', 'knowledge', 'check.js'), ...args], { encoding: 'utf8' });

  it('prints the counts and exits 0 when nothing is broken', () => {
    fs.copyFileSync(sampleFile('Q214783'), path.join(dir, 'Q214783.TXT'));
    fs.writeFileSync(path.join(dir, 'empty.txt'), '');
    const { status, stdout } = check(dir);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /^files read\s+2$/m);
    assert.match(stdout, /^articles\s+1 imported/m);
    assert.match(stdout, /^entries\s+1$/m);
    assert.match(stdout, /^skipped files\s+1$/m);
    assert.match(stdout, /empty\.txt: skipped: empty file/);
    assert.match(stdout, /^time\s+[\d.]+ s$/m);
  });

  it('exits 1 and names the file when a knowledge file is broken', () => {
    fs.writeFileSync(path.join(dir, 'broken.yaml'), 'entries:\n  - id: x\n    title: [unclosed\n');
    const { status, stdout } = check(dir);
    assert.equal(status, 1);
    assert.match(stdout, /^errors\s+1$/m);
    assert.match(stdout, /broken\.yaml: invalid YAML at line \d+/);
  });
});
