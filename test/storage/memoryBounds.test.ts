import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { FileStorage } from '../../storage/fileStorage';
import { tempDir } from '../tempDir';

/** A conversation transcript as the bot writes one, of a size like a real one. */
const transcript = (n: number) => ({ transcript: [{ text: `question ${n} `.padEnd(400, 'x') }] });

describe('FileStorage: memory bounded however many keys callers create', () => {
  it('makes writers of new keys wait for their files past the bound, and loses none of them, before or after a crash', async () => {
    const unwritten = { maxKeys: 40, maxChars: 1024 * 1024 };
    const keptFiles = { maxEntries: 30, maxWeight: 1024 * 1024 };
    const storage = new FileStorage(tempDir('bounded'), { memory: { unwritten, keptFiles } });
    const writers = 16;
    const perWriter = 60;
    let mostUnwritten = 0;
    let mostKept = 0;
    await Promise.all(Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) {
        await storage.write({ [`conversation/c-${w}-${i}`]: transcript(w * perWriter + i) });
        mostUnwritten = Math.max(mostUnwritten, storage.held.unwritten);
        mostKept = Math.max(mostKept, storage.held.keptFiles);
      }
    }));
    // A writer checks for room before its append: each of them may be one past the bound.
    assert.ok(mostUnwritten <= unwritten.maxKeys + writers, `${mostUnwritten} changes held at once for a bound of ${unwritten.maxKeys}`);
    assert.ok(mostKept <= keptFiles.maxEntries, `${mostKept} files kept for a bound of ${keptFiles.maxEntries}`);

    const keys = Array.from({ length: writers * perWriter }, (_, n) => `conversation/c-${Math.floor(n / perWriter)}-${n % perWriter}`);
    const read = await storage.read(keys);
    assert.equal(Object.keys(read).length, keys.length, 'every item read back, from memory or from its file');
    assert.equal(read['conversation/c-0-0'].transcript[0].text.trim(), `question 0 `.padEnd(400, 'x').trim());
    assert.ok(storage.held.keptFiles <= keptFiles.maxEntries);

    // The folder as a crash leaves it, opened by the next process: every write that resolved is there.
    const copy = tempDir('crashed');
    fs.cpSync(storage.root, copy, { recursive: true });
    const restarted = new FileStorage(copy);
    assert.equal((await restarted.list('conversation')).length, keys.length);
    assert.equal((await restarted.read([keys.at(-1)!]))[keys.at(-1)!].transcript[0].text.slice(0, 12), `question ${keys.length - 1}`.slice(0, 12));
  });

  it('tells a writer waiting for room that the files cannot be written, instead of making it wait for ever', async () => {
    const root = tempDir('unwritable');
    const storage = new FileStorage(root, { memory: { unwritten: { maxKeys: 2, maxChars: 1024 * 1024 } } });
    await storage.write({ 'conversation/a': transcript(1) });
    // A file where the namespace's folder should be: no item of it can get its own file.
    fs.writeFileSync(`${root}/conversation`, 'not a folder');
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) outcomes.push(await storage.write({ [`conversation/n${i}`]: transcript(i) }).then(() => 'written', (error: Error) => error.message));
    assert.deepEqual(outcomes.slice(0, 2), ['written', 'written'], 'within the bound, writes go to the journal');
    assert.match(outcomes[2], /3 changes wait for their files in .* and writing them failed/);
    // What was written stays readable from memory and the journal.
    assert.equal((await storage.read(['conversation/a']))['conversation/a'].transcript[0].text.slice(0, 10), 'question 1');
  });
});
