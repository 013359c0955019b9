import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultKnowledgeDir, formatIssue, loadKnowledge } from '../../knowledge/load';
import { phrasingsFileText } from '../../knowledge/writeKnowledgeFile';
import { tempDir } from '../tempDir';

/** The shipped knowledge and one more file, as the bot loads them. */
function loadWith(text: string) {
  const dir = tempDir('phrasings');
  fs.writeFileSync(path.join(dir, 'learned.yaml'), text);
  const { kb, issues } = loadKnowledge([defaultKnowledgeDir(), dir]);
  return { entry: (id: string) => kb.entries.find((e) => e.id === id)!, issues: issues.map(formatIssue).map((i) => i.replace(/^.*learned\.yaml/, 'learned.yaml')) };
}

describe('knowledge: phrasings files', () => {
  it('add their texts to the symptoms of the entry they name, once each', () => {
    const before = loadKnowledge([defaultKnowledgeDir()]).kb.entries.find((e) => e.id === 'mis-9')!.symptoms;
    const { entry, issues } = loadWith(phrasingsFileText([{ entry: 'mis-9', texts: ['my phone says the inbox is stuffed', before[0].toUpperCase()] }], 'test'));
    assert.deepEqual(issues, []);
    assert.deepEqual(entry('mis-9').symptoms, [...before, 'my phone says the inbox is stuffed']);
  });

  it('name the file and the field of what is wrong, and skip only that item', () => {
    const { entry, issues } = loadWith([
      'phrasings:',
      '  - entry: mis-9',
      '    texts: [inbox stuffed again on my phone]',
      '  - entry: mis-3',
      '    texts: "not a list"',
      '  - texts: [no entry named]',
      '  - entry: mis-7',
      `    texts: ["${'long '.repeat(50)}"]`,
      '  - entry: no-such-entry',
      '    texts: [words for an entry that is gone]',
      '  - entry: mis-1',
      '    texts: [fine]',
      '    text: [a typo of the field]',
    ].join('\n'));
    assert.deepEqual(issues, [
      'learned.yaml: field phrasings[1].texts: must be a list of non-empty strings',
      'learned.yaml: field phrasings[2].entry: missing',
      `learned.yaml: field phrasings[3].texts: "${'long '.repeat(8)}…" is not one line of at most 200 characters`,
      'learned.yaml: field phrasings[5].text: unknown field, ignored (known: entry, texts)',
      'learned.yaml: field phrasings: no entry "no-such-entry" in the knowledge base: its phrasings are not used',
    ]);
    assert.ok(entry('mis-9').symptoms.includes('inbox stuffed again on my phone'), 'the valid item is used');
    assert.ok(entry('mis-1').symptoms.includes('fine'));
  });
});
