import * as assert from 'node:assert/strict';
import { BoundedMap } from '../../memory/boundedMap';
import { RecentResults } from '../../matching/matcher';
import { shippedHelpDesk } from '../helpers';

describe('BoundedMap: the LRU every cache of what callers create uses', () => {
  it('keeps at most maxEntries, dropping the least recently used (a get counts as use) and saying which', () => {
    const evicted: string[] = [];
    const map = new BoundedMap<string, number>({ maxEntries: 3, evicted: (key) => evicted.push(key) });
    for (const key of ['a', 'b', 'c']) map.set(key, key.charCodeAt(0));
    assert.equal(map.get('a'), 97);
    map.set('d', 100);
    assert.deepEqual([...map.keys()], ['c', 'a', 'd']);
    assert.deepEqual(evicted, ['b']);
    assert.equal(map.peek('c'), 99);
    assert.deepEqual([...map.keys()], ['c', 'a', 'd'], 'peek does not count as use');
  });

  it('keeps the weight of all entries under maxWeight, never dropping the entry just set', () => {
    const map = new BoundedMap<string, string>({ maxEntries: 100, maxWeight: 10, weigh: (text) => text.length });
    map.set('a', 'xxxx').set('b', 'xxxx');
    map.set('a', 'xx');
    assert.equal(map.weight, 6, 'a replaced value weighs what it weighs now');
    map.set('c', 'x'.repeat(12));
    assert.deepEqual([...map.keys()], ['c'], 'an entry heavier than the bound stays alone');
    assert.equal(map.weight, 12);
    map.set('d', 'x');
    assert.deepEqual([...map].map(([key]) => key), ['d']);
  });
});

describe('RecentResults: match results kept for the last distinct questions', () => {
  it('past 1,000 questions, matches the least recently asked again, to the same result', () => {
    const helpDesk = shippedHelpDesk();
    const recent = new RecentResults();
    const matched: string[] = [];
    const match = (text: string) => (matched.push(text), helpDesk.matcher.match(text));
    const questions = Array.from({ length: 1001 }, (_, i) => `what is MIS_3 on printer ${i}`);
    const first = recent.get(questions[0], match);
    for (const question of questions.slice(1, 1000)) recent.get(question, match);
    recent.get(questions[0], match);
    assert.equal(matched.length, 1000, 'the first question was kept while 1,000 fit');
    recent.get(questions[1000], match);
    recent.get(questions[1], match);
    assert.deepEqual(matched.slice(-2), [questions[1000], questions[1]], 'the least recently asked was dropped, and matched again');
    assert.deepEqual(recent.get(questions[0], match).matches.map((m) => m.entry.id), first.matches.map((m) => m.entry.id));
  });
});
