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

  it('does not answer by a message that is its code and two words, which every article listing the code could print', () => {
    const crashes = ['ISBLANK in Init', 'CHRTRAN in a loop', 'APPEND FROM an old spreadsheet'].map((what, i) =>
      article(`Q2217${i}`, `Fatal crash with ${what}`, [i === 0 ? 'Fatal Error C0000005' : 'Fatal error: Exception code=C0000005'], ['3221225477']));
    const result = matcherOf([...others, ...crashes]).match('vfp 6 fatal error c0000005 on startup');
    assert.equal(result.decision, 'clarify', articlesOf(result));
  });

  it('counts a word that only looks like hex as a word of the message ("Dead link found", listed as code 57005)', () => {
    const result = matcherOf([...others, article('Q4101', 'Link checker reports pages gone', ['Dead link found'], ['57005'])]).match('Dead link found');
    assert.equal(articlesOf(result), 'answer: Q4101');
  });

  it('still answers by a stop message whose parameters say which it is', () => {
    const stop = article('Q237955', 'STOP 0x0000001e in Win32k.sys', ['STOP: 0x0000001e (0xc0000005, 0xa00b7ca8, 0x00000000, 0x0073c294)'], ['30']);
    const result = matcherOf([...others, stop]).match('the server blue screened with STOP: 0x0000001e (0xc0000005, 0xa00b7ca8, 0x00000000, 0x0073c294) last night');
    assert.equal(articlesOf(result), 'answer: Q237955');
  });
});

describe('messages of common words pasted with their placeholders filled in', () => {
  const others = Array.from({ length: 20 }, (_, i) => article(`Q71${i}`, `Report ${i} cannot be printed from the archive`,
    [`Cannot access the archive volume ${i} while the nightly copy runs`, `User ${i} has no rights on the print queue`]));
  const accessFile = article('Q164934', 'Error When 16-Bit Application Accesses a File in a Shared Folder', ['Cannot access <filename>.']);
  const addingUser = article('Q127816', 'NWCONV Ignores Prefix for Duplicate Names', ['ERROR: Adding user <user name> to group <group name>']);

  it('offers the article whose short message the paste is, filled in, where no pair of its words is rare', () => {
    const result = matcherOf([...others, accessFile]).match('Cannot access Q3 budget.xls.');
    assert.equal(result.matches[0]?.entry.article, 'Q164934', articlesOf(result));
    // Two words of its own say too little to answer with it: the user confirms.
    assert.equal(result.decision, 'clarify', articlesOf(result));
  });

  it('answers with a message whose own words say what it is about, whatever fills its placeholders, as typed or in a log line', () => {
    const matcher = matcherOf([...others, addingUser]);
    for (const paste of ['ERROR: Adding user svc_backup to group Domain Admins', '2024-03-05 10:22:33 ERROR: Adding user jsmith to group EUROPE']) {
      const result = matcher.match(paste);
      assert.equal(`${result.decision}: ${result.matches[0]?.entry.article}`, 'answer: Q127816', `${paste} → ${articlesOf(result)}`);
    }
  });

  it('finds the message inside a question without quotation marks: cut off by an ellipsis, or between "why do I get" and "when I log in"', () => {
    const matcher = matcherOf([...others, accessFile]);
    for (const question of ['anyone seen this? Cannot access Q3 budget.xls... happens every morning', 'why do I get Cannot access Q3 budget.xls. when I log in']) {
      const result = matcher.match(question);
      assert.equal(result.matches[0]?.entry.article, 'Q164934', `${question} → ${articlesOf(result)}`);
    }
  });

  it('does not take the words of a question for a placeholder value', () => {
    const result = matcherOf([...others, accessFile]).match('Cannot access when I log in from home');
    // Offered among the entries a description may match, never answered as the message filled in.
    assert.ok(!(result.decision === 'answer' && result.matches.some((m) => m.entry.article === 'Q164934')), articlesOf(result));
  });
});
