import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultKnowledgeDir, formatIssue, loadKnowledge } from '../../knowledge/load';
import type { KnowledgeIssue } from '../../knowledge/types';
import { readSeed as seed, SHARED, needsShared } from '../helpers';
import { tempDir } from '../tempDir';

// Seeds are read at test time, not copied: the facts checked here are whatever the
// seeds say, so a knowledge file that drifts from them fails.
const SEEDS = path.join(SHARED, 'seeds');
const allSeeds = () => fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).map((f) => fs.readFileSync(path.join(SEEDS, f), 'utf8'));

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const shipped = loadKnowledge([defaultKnowledgeDir()]);
const { kb } = shipped;
const withCode = (code: string, system: string) => kb.entries.filter((e) => e.system === system && e.codes.includes(code));
const byArticle = (article: string) => kb.entries.filter((e) => e.article === article);

describe('knowledge: the shipped files', () => {
  it('load without a single issue', () => {
    assert.deepEqual(shipped.issues.map(formatIssue), []);
    assert.ok(kb.entries.length > 0);
  });

  it('declare the three systems the bot tells apart', () => {
    const systems = new Map(kb.systems.map((s) => [s.name, s]));
    assert.equal(systems.get('IISSYNC')?.codeFormat, 'decimal');
    assert.equal(systems.get('Server ActiveSync')?.codePrefix, 'MIS');
    assert.equal(systems.get('Win32')?.codeFormat, 'decimal');
    for (const system of kb.systems) {
      for (const keyword of system.keywords) assert.equal(keyword, keyword.toLowerCase(), `${system.name}: ${keyword}`);
    }
  });

  it('know Win32 errors 2, 3, 5, 1060, 1722 and 1726 with their standard names', () => {
    const names: Record<string, string> = {
      2: 'ERROR_FILE_NOT_FOUND', 3: 'ERROR_PATH_NOT_FOUND', 5: 'ERROR_ACCESS_DENIED',
      1060: 'ERROR_SERVICE_DOES_NOT_EXIST', 1722: 'RPC_S_SERVER_UNAVAILABLE', 1726: 'RPC_S_CALL_FAILED',
    };
    for (const [code, name] of Object.entries(names)) {
      const [entry] = withCode(code, 'Win32');
      assert.ok(entry?.names.includes(name), `Win32 ${code}`);
      assert.equal(entry.messages.length, 1, `Win32 ${code} has its standard message`);
    }
  });
});

describe('knowledge: every seed fact is in the knowledge base', () => {
  needsShared('seeds');
  /** Rows of the Q224801 status table: the code and the row's text (a row may wrap). */
  const rows = seed('000_').split(/^\s*\+-+\+\s*$/m)
    .map((chunk) => /^\s*\|\s*(\d+)\s*\|([\s\S]*)$/m.exec(chunk))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ code: m[1], text: m[2] }));

  it('reads the sixteen status codes of the Q224801 table', () => assert.equal(rows.length, 16));

  for (const { code, text } of rows) {
    it(`has IISSYNC status ${code} from Q224801, with the articles its row refers to`, () => {
      const entry = withCode(code, 'IISSYNC').find((e) => e.article === 'Q224801');
      assert.ok(entry, `no IISSYNC entry for ${code} with article Q224801`);
      for (const [number] of text.matchAll(/Q\d{6}/g)) assert.ok(entry.related.includes(number), `${code} related ${number}`);
    });
  }

  const misCodes = [...seed('004_').matchAll(/\b(MIS_\d+)\s*\((SYNC_STATUS_CODE_\w+)\)/g)];
  it('reads MIS_0 to MIS_9 from the ActiveSync seed', () => assert.equal(misCodes.length, 10));

  for (const [, code, name] of misCodes) {
    it(`has ${code} with the symbolic name ${name}`, () => {
      const [entry, extra] = withCode(code, 'Server ActiveSync');
      assert.ok(entry, `no entry for ${code}`);
      assert.equal(extra, undefined, `one entry for ${code}`);
      assert.deepEqual(entry.names, [name]);
      assert.equal(entry.article, undefined, 'the ActiveSync seed names no article');
    });
  }

  it('records the message the device shows for each MIS code, exactly', () => {
    const shown = [...seed('004_').matchAll(/\b(MIS_\d+) \(\w+\):\s*([\s\S]*?)(?=\nExplanation:|\nMIS_\d)/g)];
    assert.ok(shown.length >= 6, `found ${shown.length} device messages`);
    for (const [, code, message] of shown) {
      const [entry] = withCode(code, 'Server ActiveSync');
      assert.deepEqual(entry.messages.map(collapse), [collapse(message)], code);
    }
  });

  it('knows every article number the seeds mention', () => {
    const numbers = new Set(allSeeds().flatMap((text) => [...text.matchAll(/\bQ\d{6}\b/g)].map((m) => m[0])));
    assert.ok(numbers.size >= 7);
    for (const number of numbers) assert.ok(kb.articles.has(number), `article ${number}`);
    assert.equal(kb.articles.get('Q224801')?.title, 'Deciphering IISSYNC Status Codes');
  });

  it('records both error messages of Q310412 exactly, with their codes', () => {
    const quoted = [...seed('001_').matchAll(/Source : [\s\S]*?\)\s*\n/g)].map((m) => collapse(m[0]));
    assert.equal(quoted.length, 2);
    const [entry, extra] = byArticle('Q310412');
    assert.equal(extra, undefined);
    assert.equal(entry.system, 'IISSYNC');
    for (const message of quoted) assert.ok(entry.messages.map(collapse).includes(message), message);
    for (const message of quoted) {
      const code = /error code (\d+)/.exec(message)![1];
      assert.ok(entry.codes.includes(code), code);
    }
    assert.ok(entry.related.includes('Q301919'));
  });

  it('has Q235698 as an entry of its own, with the status its seed gives', () => {
    const status = /IISSYNC utility is\s*:\s*(\d+)/.exec(seed('002_'))![1];
    const [entry] = byArticle('Q235698');
    assert.deepEqual(entry.codes, [status]);
  });

  it('has Q249603 as an entry of its own that points to Q224801', () => {
    const [entry] = byArticle('Q249603');
    assert.ok(entry.related.includes('Q224801'));
    assert.ok(entry.resolution.some((step) => step.includes('iissync nodeBcomputername')));
    assert.ok(entry.resolution.some((step) => step.includes('W3SVC/WAMUserName')));
  });

  it('explains in its own words: no ten words in a row copied from a seed', () => {
    // Quoted text (commands, titles) is a literal fact and may repeat the seed.
    const words = (text: string) => text.replace(/"[^"]*"/g, ' ').toLowerCase().match(/[a-z0-9_]+/g) ?? [];
    const run = 10;
    const seedRuns = new Set<string>();
    for (const text of allSeeds()) {
      const seedWords = words(text.replace(/"/g, ' '));
      for (let i = 0; i + run <= seedWords.length; i++) seedRuns.add(seedWords.slice(i, i + run).join(' '));
    }
    const copied: string[] = [];
    for (const entry of kb.entries) {
      for (const text of [entry.title, entry.cause, ...entry.symptoms, ...entry.resolution]) {
        const w = words(text);
        for (let i = 0; i + run <= w.length; i++) {
          if (seedRuns.has(w.slice(i, i + run).join(' '))) copied.push(`${entry.id}: ${w.slice(i, i + run).join(' ')}`);
        }
      }
    }
    assert.deepEqual(copied, []);
  });
});

describe('knowledge: bad files are reported, never thrown', () => {
  let dir: string;
  beforeEach(() => { dir = tempDir('knowledge'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const errors = (issues: KnowledgeIssue[]) => issues.filter((i) => i.severity === 'error');

  const systems = `systems:
  - name: Demo
    description: A demo system.
    keywords: [demo]
    codeFormat: decimal
  - name: Sym
    description: A symbolic demo system.
    keywords: [sym]
    codeFormat: symbolic
    codePrefix: SYM
`;
  /** One entry as a YAML list item: a valid entry, changed by `fields`, without the keys in `omit`. */
  function entryYaml(fields: Record<string, unknown>, omit: string[] = []): string {
    const entry: Record<string, unknown> = {
      id: 'demo-1', system: 'Demo', codes: ['1'], names: [], title: 'Demo one', symptoms: ['demo fails'],
      messages: [], cause: 'Because.', resolution: ['Fix it.'], related: [], keywords: [], ...fields,
    };
    for (const key of omit) delete entry[key];
    return Object.entries(entry).map(([key, value], i) => `${i ? '  ' : ' -'} ${key}: ${JSON.stringify(value)}`).join('\n');
  }
  const entriesFile = (...entries: string[]) => `entries:\n${entries.join('\n')}\n`;

  it('loads a valid folder, recursively, and merges files', () => {
    write('a-systems.yaml', systems);
    write('nested/b.yml', entriesFile(entryYaml({ id: 'demo-2', article: 'Q123456' })));
    write('c.json', JSON.stringify({ articles: [{ number: 'Q123456', title: 'A demo article' }] }));
    // Neither knowledge (.yaml, .yml, .json) nor an article (.txt, .md): not read at all.
    write('notes.log', 'not knowledge');
    const { kb: loaded, issues } = loadKnowledge([dir]);
    assert.deepEqual(issues.map(formatIssue), []);
    assert.deepEqual(loaded.entries.map((e) => e.id), ['demo-2']);
    assert.equal(loaded.articles.get('Q123456')?.title, 'A demo article');
  });

  it('names a broken YAML file with the line, and still loads the other files', () => {
    write('a-systems.yaml', systems);
    write('b-broken.yaml', 'entries:\n  - id: x\n    title: [unclosed\n');
    write('c-good.yaml', entriesFile(entryYaml({})));
    const { kb: loaded, issues } = loadKnowledge([dir]);
    const [problem, ...more] = errors(issues);
    assert.deepEqual(more, []);
    assert.match(problem.file, /b-broken\.yaml$/);
    assert.match(problem.message, /line \d+/);
    assert.deepEqual(loaded.entries.map((e) => e.id), ['demo-1']);
  });

  it('names a broken JSON file with the line', () => {
    const file = write('bad.json', '{\n  "entries": [],\n}\n');
    const [problem] = errors(loadKnowledge([file]).issues);
    assert.match(problem.file, /bad\.json$/);
    assert.match(problem.message, /^invalid JSON at line 3, column 1: /);
  });

  it('skips an entry missing its cause, naming file, entry and field, and loads the others', () => {
    write('systems.yaml', systems);
    write('entries.yaml', entriesFile(entryYaml({ id: 'demo-1' }), entryYaml({ id: 'demo-2' }, ['cause']), entryYaml({ id: 'demo-3' })));
    const { kb: loaded, issues } = loadKnowledge([dir]);
    assert.deepEqual(errors(issues).map((i) => [path.basename(i.file), i.entry, i.field]), [['entries.yaml', 'demo-2', 'cause']]);
    assert.match(formatIssue(issues[0]), /entries\.yaml: entry demo-2: field cause: missing/);
    assert.deepEqual(loaded.entries.map((e) => e.id), ['demo-1', 'demo-3']);
  });

  it('names an entry without an id by its place in the list', () => {
    write('systems.yaml', systems);
    write('entries.yaml', entriesFile(entryYaml({}), entryYaml({}, ['id'])));
    const [problem] = errors(loadKnowledge([dir]).issues);
    assert.equal(problem.entry, 'entries[1]');
    assert.equal(problem.field, 'id');
  });

  it('checks the type of every field', () => {
    write('systems.yaml', systems);
    write('entries.yaml', entriesFile(entryYaml({ resolution: 'Fix it.' }), entryYaml({ id: 'demo-2', symptoms: ['ok', 3] }),
      entryYaml({ id: 'demo-3', title: '' }), entryYaml({ id: 'demo-4' }, ['keywords'])));
    const { kb: loaded, issues } = loadKnowledge([dir]);
    assert.deepEqual(errors(issues).map((i) => `${i.entry}.${i.field}`), ['demo-1.resolution', 'demo-2.symptoms', 'demo-3.title', 'demo-4.keywords']);
    assert.match(formatIssue(issues[0]), /entry demo-1: field resolution: must be a list of non-empty strings/);
    assert.deepEqual(loaded.entries, []);
  });

  it('rejects an entry of an unknown system', () => {
    write('systems.yaml', systems);
    write('entries.yaml', entriesFile(entryYaml({ system: 'Nope' }), entryYaml({ id: 'demo-2' })));
    const { kb: loaded, issues } = loadKnowledge([dir]);
    const [problem] = errors(issues);
    assert.deepEqual([problem.entry, problem.field], ['demo-1', 'system']);
    assert.match(problem.message, /unknown system "Nope"/);
    assert.deepEqual(loaded.entries.map((e) => e.id), ['demo-2']);
  });

  it('keeps the first of two entries with the same id, across files', () => {
    write('a.yaml', systems + entriesFile(entryYaml({ title: 'First' })));
    write('b.yaml', entriesFile(entryYaml({ title: 'Second' })));
    const { kb: loaded, issues } = loadKnowledge([dir]);
    const [problem] = errors(issues);
    assert.match(problem.file, /b\.yaml$/);
    assert.deepEqual([problem.entry, problem.field], ['demo-1', 'id']);
    assert.match(problem.message, /duplicate id/);
    assert.deepEqual(loaded.entries.map((e) => e.title), ['First']);
  });

  it('rejects codes that are not written as their system writes them', () => {
    write('systems.yaml', systems);
    write('entries.yaml', entriesFile(entryYaml({ codes: ['0x80080005'] }), entryYaml({ id: 'demo-2', codes: ['4294967296'] }),
      entryYaml({ id: 'sym-1', system: 'Sym', codes: ['SYM3'] }), entryYaml({ id: 'sym-2', system: 'Sym', codes: ['3'] }),
      entryYaml({ id: 'sym-3', system: 'Sym', codes: ['SYM_3'] })));
    const { kb: loaded, issues } = loadKnowledge([dir]);
    assert.deepEqual(errors(issues).map((i) => `${i.entry}.${i.field}`), ['demo-1.codes', 'demo-2.codes', 'sym-1.codes', 'sym-2.codes']);
    assert.match(errors(issues)[2].message, /"SYM3" is not a code of Sym: its codes are written SYM_n/);
    assert.deepEqual(loaded.entries.map((e) => e.id), ['sym-3']);
  });

  it('reads an unquoted numeric code as its decimal text, with a warning', () => {
    write('systems.yaml', systems);
    write('entries.yaml', entriesFile(entryYaml({}).replace('codes: ["1"]', 'codes: [0x80080005]')));
    const { kb: loaded, issues } = loadKnowledge([dir]);
    assert.deepEqual(errors(issues), []);
    assert.deepEqual(issues.map((i) => i.field), ['codes']);
    assert.deepEqual(loaded.entries[0].codes, ['2148007941']);
  });

  it('rejects a bad article number', () => {
    write('systems.yaml', systems);
    write('entries.yaml', entriesFile(entryYaml({ article: 'KB224801' }), entryYaml({ id: 'demo-2', related: ['Q2248'] })));
    const { kb: loaded, issues } = loadKnowledge([dir]);
    assert.deepEqual(errors(issues).map((i) => `${i.entry}.${i.field}`), ['demo-1.article', 'demo-2.related']);
    assert.deepEqual(loaded.entries, []);
  });

  it('warns about an article that no file declares, and about an unknown field', () => {
    write('systems.yaml', systems);
    write('entries.yaml', entriesFile(entryYaml({ article: 'Q60781', resolutions: ['typo'] })));
    const { kb: loaded, issues } = loadKnowledge([dir]);
    assert.deepEqual(issues.map((i) => [i.severity, i.field]), [['warning', 'resolutions'], ['warning', 'article']]);
    assert.equal(loaded.entries.length, 1);
  });

  it('reports a symbolic system without a prefix and leaves it out', () => {
    write('systems.yaml', 'systems:\n  - name: Bad\n    description: No prefix.\n    keywords: []\n    codeFormat: symbolic\n');
    const { kb: loaded, issues } = loadKnowledge([dir]);
    assert.deepEqual(errors(issues).map((i) => i.field), ['systems[0].codePrefix']);
    assert.deepEqual(loaded.systems, []);
  });

  it('reports a path that does not exist, and still loads the others', () => {
    write('systems.yaml', systems + entriesFile(entryYaml({})));
    const missing = path.join(dir, 'missing.yaml');
    const { kb: loaded, issues } = loadKnowledge([missing, dir]);
    assert.deepEqual(errors(issues).map((i) => i.file), [missing]);
    assert.equal(loaded.entries.length, 1);
  });

  it('formats an issue as file: entry: field: message', () => {
    const issue: KnowledgeIssue = { file: 'knowledge/data/x.yaml', entry: 'mis-3', field: 'resolution', message: 'must be a list of strings', severity: 'error' };
    assert.equal(formatIssue(issue), 'knowledge/data/x.yaml: entry mis-3: field resolution: must be a list of strings');
    assert.equal(formatIssue({ file: 'x.yaml', message: 'invalid YAML', severity: 'error' }), 'x.yaml: invalid YAML');
  });
});
