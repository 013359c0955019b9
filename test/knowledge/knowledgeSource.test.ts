import * as assert from 'node:assert/strict';
import type { KnowledgeSource } from '../../knowledge/sources/knowledgeSource';
import { serveKnowledge, ServedKnowledge } from '../../servedKnowledge/servedKnowledge';
import { watchKnowledge } from '../../servedKnowledge/knowledgeWatcher';
import { eventually } from '../helpers';

/** A second source, all in memory: what a newcomer writes to serve knowledge from elsewhere. */
class MemorySource implements KnowledgeSource {
  private readonly items = new Map<string, string>();
  private readonly listeners = new Set<() => void>();

  list(): string[] {
    return [...this.items.keys()].sort();
  }

  read(name: string): Uint8Array {
    return Buffer.from(this.items.get(name) ?? '', 'utf8');
  }

  fingerprint(): string {
    return JSON.stringify([...this.items]);
  }

  watch(onChange: () => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  write(name: string, text: string): void {
    this.items.set(name, text);
    for (const listener of this.listeners) listener();
  }
}

const systemFile = `systems:
  - name: Printer
    description: The office printers.
    keywords: [printer]
    codeFormat: symbolic
    codePrefix: PRN
`;

const entryFile = (code: string, title: string) => `entries:
  - id: printer-${code.toLowerCase()}
    system: Printer
    codes: ["${code}"]
    names: []
    title: "${title}"
    symptoms: ["the printer stops"]
    messages: []
    cause: The tray is empty.
    resolution: ["Fill the tray."]
    related: []
    keywords: []
`;

describe('a knowledge source of its own (in memory)', () => {
  it('loads its entries, with their details, and reloads when it says it changed', async () => {
    const source = new MemorySource();
    source.write('memory/printers.yaml', systemFile + entryFile('PRN_1', 'Printer status 1: out of paper'));
    let served: ServedKnowledge = serveKnowledge(source, { logIssues: false, warmUp: false });
    assert.deepEqual(served.issues, []);
    const result = await served.withDetails(served.match('what is PRN_1'));
    assert.equal(result.decision, 'answer');
    assert.equal(result.matches[0].entry.title, 'Printer status 1: out of paper');
    assert.deepEqual(result.matches[0].entry.resolution, ['Fill the tray.']);

    const reload = async () => serveKnowledge(source, { logIssues: false, warmUp: false });
    const stop = watchKnowledge(source, reload, () => served, (next) => { served = next; });
    try {
      source.write('memory/more.yaml', entryFile('PRN_2', 'Printer status 2: paper jam'));
      await eventually(() => served.matcher.entryById('printer-prn_2'), 'the reloaded entry');
      assert.equal(served.match('what is PRN_2').matches[0].entry.title, 'Printer status 2: paper jam');
    } finally {
      stop();
    }
  });
});
