import * as assert from 'node:assert/strict';
import { ETagConflict } from '../storage/keyValueStore';
import type { TicketStorage } from '../storage/storage';

/** What tickets rely on from a storage, run against each implementation. */
export function storageContract(name: string, open: () => TicketStorage): void {
  describe(`${name}: the storage tickets rely on`, () => {
    let storage: TicketStorage;
    let n = 0;
    /** A fresh namespace per test: implementations may share a container across tests. */
    let ns: string;
    beforeEach(() => {
      storage = open();
      ns = `t${Date.now().toString(36)}${n++}`;
    });

    it('reads what was written, with an eTag; leaves out what is missing; deletes', async () => {
      await storage.write({ [`${ns}/a`]: { text: 'Zoë ✓ 日本', n: 1 } });
      const read = await storage.read([`${ns}/a`, `${ns}/missing`]);
      assert.deepEqual(Object.keys(read), [`${ns}/a`]);
      assert.equal(read[`${ns}/a`].text, 'Zoë ✓ 日本');
      assert.ok(read[`${ns}/a`].eTag);
      await storage.delete([`${ns}/a`, `${ns}/missing`]);
      assert.deepEqual(await storage.read([`${ns}/a`]), {});
    });

    it('writes with the eTag read, refuses a stale eTag, overwrites with "*"', async () => {
      const key = `${ns}/item`;
      await storage.write({ [key]: { v: 1 } });
      const { eTag } = (await storage.read([key]))[key];
      await storage.write({ [key]: { v: 2, eTag } });
      await assert.rejects(storage.write({ [key]: { v: 3, eTag } }), ETagConflict);
      assert.equal((await storage.read([key]))[key].v, 2);
      await storage.write({ [key]: { v: 4, eTag: '*' } });
      assert.equal((await storage.read([key]))[key].v, 4);
    });

    it('of two writers with the same eTag, exactly one succeeds', async () => {
      const key = `${ns}/contested`;
      await storage.write({ [key]: { by: 'nobody' } });
      const { eTag } = (await storage.read([key]))[key];
      const results = await Promise.allSettled(['a', 'b', 'c'].map((by) => storage.write({ [key]: { by, eTag } })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof ETagConflict);
    });

    it('creates a key only once, of many at once', async () => {
      const key = `${ns}/once`;
      const created = await Promise.all(Array.from({ length: 8 }, (_, i) => storage.create(key, { i })));
      assert.equal(created.filter(Boolean).length, 1);
      assert.equal((await storage.read([key]))[key].i, created.indexOf(true));
      assert.equal(await storage.create(key, { i: 99 }), false);
    });

    it('lists the keys of a namespace, whatever characters they have', async () => {
      const long = `${ns}/msteams/conversations/a:1${'x'.repeat(300)};messageid=1`;
      const keys = [`${ns}/HD-2345`, `${ns}/with space & ünicode`, long].sort();
      for (const key of keys) await storage.write({ [key]: { key } });
      await storage.write({ [`${ns}x/other`]: {} });
      assert.deepEqual(await storage.list(ns), keys);
      assert.deepEqual(await storage.list(`${ns}-none`), []);
      // A ConversationState key, as botbuilder makes them (read and written, never listed).
      const state = `webchat/conversations/${ns}/`;
      await storage.write({ [state]: { turns: 1 } });
      assert.equal((await storage.read([state]))[state].turns, 1);
    });
  });
}
