import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../tempDir';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'checkImports.js');

/** A tree of source files, written under a new temporary root. */
function tree(files: Record<string, string>): string {
  const root = tempDir('check-imports');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** What `npm run check:imports` prints for `root`, and its exit code. */
function run(root: string): { lines: string[]; status: number | null } {
  const result = spawnSync(process.execPath, [SCRIPT, root], { encoding: 'utf8' });
  return { lines: result.stdout.trim().split('\n'), status: result.status };
}

describe('scripts/checkImports: the shape rules of the tree', () => {
  it('prints each finding on a line naming its file, then a summary, and fails', () => {
    const { lines, status } = run(tree({
      'storage/a.ts': "import { b } from './b';\nexport const a = 1;\n",
      'storage/b.ts': "import type { c } from '../tickets/c';\nexport const b = 2;\n",
      'tickets/c.ts': "import { a } from '../storage/a';\nexport const c = 3;\n",
      'tickets/store.ts': "import type { Storage } from 'botbuilder';\n",
      'bot/calls.ts': "import * as M from 'botframework-connector/lib/connectorApi/models/mappers';\n",
      'matching/long.ts': 'export const x = 1;\n'.repeat(401),
      ...Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`bench/f${i}.ts`, 'export {};\n'])),
    }));
    assert.equal(status, 1);
    assert.deepEqual(lines, [
      'bot/calls.ts: imports botframework-connector/lib/connectorApi/models/mappers (a package\'s private path; use what it exports)',
      'matching/long.ts: 401 lines (limit 400)',
      'tickets/store.ts: imports botbuilder (the Bot Framework only in bot/ and localChat/)',
      'bench/: 13 entries (limit 12)',
      'cycle: storage/a.ts -> storage/b.ts -> tickets/c.ts -> storage/a.ts',
      '19 files, 5 folders, 5 imports: 1 cycle; 5 findings',
    ]);
  });

  it('passes a tree that keeps the rules, and leaves tests, the Bot Framework in bot/ and data folders alone', () => {
    const { lines, status } = run(tree({
      'bot/adapter.ts': "import { CloudAdapter } from 'botbuilder';\nimport { address } from '../tickets/address';\n",
      'localChat/directLine.ts': "import type { ChannelAccount } from 'botbuilder';\n",
      'tickets/address.ts': "import './data.json';\nexport const address = {};\n",
      'test/bot/adapter.test.ts': "import '../../bot/adapter';\nimport { a } from './adapter.test';\nimport 'botbuilder';\n",
      ...Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`bench/questions/q${i}.json`, '{}'])),
    }));
    assert.deepEqual(lines, ['3 files, 3 folders, 4 imports: no cycle; nothing to report']);
    assert.equal(status, 0);
  });
});
