import * as assert from 'node:assert/strict';
import { phrasingProblem, phrasingText, questionKey } from '../../learning/phrasing';

describe('learning: which questions become suggested phrasings', () => {
  it('takes a problem told in words', () => {
    for (const question of ['my phone will not pull new mail since Monday', 'Outlook keeps asking for my password', 'the printer on floor 3 eats my letterhead']) {
      assert.equal(phrasingProblem(question), undefined, question);
    }
  });

  it('leaves out a question that is only a code, or names one', () => {
    for (const question of ['MIS_3', '0x800706BA', 'iissync returned 2148598899', 'what does error 5 mean', 'status 1726 again']) {
      assert.match(phrasingProblem(question) ?? '', /a code|too few words/, question);
    }
  });

  it('leaves out pastes and logs: several lines, or past the length of a question', () => {
    assert.equal(phrasingProblem('sync failed\nat line 3\nat line 4'), 'a paste or a log');
    assert.equal(phrasingProblem(`the printer ${'keeps jamming and '.repeat(20)}`), 'a paste or a log');
  });

  it('leaves out what looks like personal data', () => {
    assert.equal(phrasingProblem('please mail anna.berg@contoso.com about my printer'), 'it holds an email address');
    assert.equal(phrasingProblem('call me on +44 20 7946 0958 about the printer'), 'it holds a phone number');
    assert.equal(phrasingProblem('my desk phone 555-0134 cannot reach the printer'), 'it holds a phone number');
    assert.equal(phrasingProblem('printer at 10.1.2.3 stopped answering'), 'it holds an IP address');
    assert.equal(phrasingProblem('CONTOSO\\aberg cannot print anything today'), 'it holds a path or a DOMAIN\\user name');
  });

  it('keeps versions that are no codes ("Office 97", "Exchange 5")', () => {
    assert.equal(phrasingProblem('Office 97 crashes when I save a file'), undefined);
    assert.equal(phrasingProblem('Exchange 5 mailbox is full again'), undefined);
  });

  it('writes a phrasing plain, on one line, and counts case, spacing and final punctuation as the same question', () => {
    assert.equal(phrasingText('  printer   eats **my** [paper](https://evil.example)  '), 'printer eats my paper (https[:]//evil[.]example)');
    assert.equal(questionKey('The printer eats my paper?'), questionKey('the  printer eats my paper'));
    assert.notEqual(questionKey('the printer eats my paper'), questionKey('the printer eats my letters'));
  });
});
