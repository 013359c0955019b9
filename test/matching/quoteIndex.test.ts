import * as assert from 'node:assert/strict';
import type { MatchResult } from '../../matching/matcher';
import { article, matcherOf } from '../articleFixtures';

const articlesOf = (result: MatchResult) => `${result.decision}: ${result.matches.map((m) => m.entry.article).join(', ')}`;

describe('quoted messages found however they are pasted', () => {
  const others = Array.from({ length: 20 }, (_, i) => article(`Q70${i}`, `Batch job ${i} on the morning schedule`,
    [`The batch job number ${i} could not be merged into the history every morning`]));

  it('finds a fragment cut at both ends inside a question, whatever words surround it', () => {
    const matcher = matcherOf([...others, article('Q151757', 'Causes of Error Message "Couldn\'t Retrieve All Machines"', [
      "Couldn't retrieve all machines. SMS administrator has encountered a problem attempting to load machines from the database.",
    ])]);
    const result = matcher.match('anyone seen this? SMS administrator has encountered a problem attempting to load... happens every morning');
    assert.equal(result.matches[0]?.entry.article, 'Q151757', articlesOf(result));
  });

  it('finds a short message held whole in a question', () => {
    const matcher = matcherOf([...others, article('Q199329', 'SMS: "Machine Merge Failed" when Attempting to Merge History', ['Machine Merge Failed'])]);
    const result = matcher.match('anyone seen this? Machine Merge Failed... happens every morning');
    assert.equal(result.matches[0]?.entry.article, 'Q199329', articlesOf(result));
  });

  it('finds a two-word message whose placeholder holds a value, when few messages share those words', () => {
    const matcher = matcherOf([...others, article('Q275306', 'Encarta 2001: Photographs Not Displayed', ['Missing Photo <filename>'])]);
    const result = matcher.match('Missing Photo tiger_0412.jpg');
    assert.equal(result.matches[0]?.entry.article, 'Q275306', articlesOf(result));
  });

  it('does not answer with a two-word message that many articles quote', () => {
    const denied = Array.from({ length: 4 }, (_, i) => article(`Q80${i}`, `Backup tool ${i} stops on locked folders`, ['Access denied <path>']));
    const result = matcherOf([...others, ...denied]).match('access denied when I open the payroll share from home');
    assert.notEqual(result.decision, 'answer', articlesOf(result));
  });
});
