import * as assert from 'node:assert/strict';
import { titleMessage } from '../../matching/pastes/quoteIndex';
import { article, matcherOf } from '../articleFixtures';

describe('text scoring: titles and filled-in placeholders', () => {
  it('reads the message an "Err Msg:" title quotes, and none from other titles', () => {
    assert.deepEqual(titleMessage('PC Ext: Err Msg: [002] Mail Was Received'), ['[002] Mail Was Received']);
    assert.deepEqual(titleMessage('Error Message: HTTP Error 500-12'), ['HTTP Error 500-12']);
    assert.deepEqual(titleMessage('Windows Err Msg: System Integrity Violation'), ['System Integrity Violation']);
    assert.deepEqual(titleMessage('SMS: Package Command Manager Preferred Server Selection'), []);
  });

  it('does not answer a message with an article whose title merely shares a few words with it', () => {
    const matcher = matcherOf([article('Q195944', 'SMS: Package Command Manager Preferred Server Selection')]);
    const result = matcher.match('Cannot start service SMS_PACKAGE_COMMAND_MANAGER_NT on SRV-FS01');
    assert.notEqual(result.decision, 'answer', JSON.stringify(result.matches.map((m) => m.entry.title)));
  });

  it('finds the article of a message pasted with its placeholders filled in, over articles quoting only its first sentence', () => {
    const full = article('Q147041', 'PC Win: Sending to a Large Distribution List Fails', [
      'Your message did not reach some or all of the intended recipients. Date submitted: <date and time you sent the mail> Message title: <subject of message>',
    ]);
    const partial = Array.from({ length: 30 }, (_, i) => article(`Q19${i}`, `NDR number ${i} after installing the log service`, [
      'Your message did not reach some or all of the intended recipients.', `Install log ${i} written to temp folder`,
    ]));
    const result = matcherOf([...partial, full]).match('Your message did not reach some or all of the intended recipients. Date submitted: C:\\Temp\\install.log Message title: jsmith');
    assert.equal(result.matches[0]?.entry.article, 'Q147041', JSON.stringify(result.matches.map((m) => m.entry.article)));
  });

  it('offers the one article of thousands two words fit as a candidate, never as the answer; with a third word it answers', () => {
    const phones = article('Q121656', 'Desk phone number directory for Systems Management Server');
    // Among thousands of articles, as in a real archive.
    const others = Array.from({ length: 1000 }, (_, i) => article(`Q5${i}`, `Print queue ${i} stalls after spooler restart`));
    const matcher = matcherOf([phones, article('Q20', 'Help desk options for clients'), article('Q21', 'Phone book entries are lost'), ...others]);
    const twoWords = matcher.match('where is my desk phone');
    assert.equal(twoWords.matches[0]?.entry.article, 'Q121656');
    assert.notEqual(twoWords.decision, 'answer');
    assert.equal(matcher.match('desk phone directory is empty in systems management').decision, 'answer');
  });

  it('answers a pasted message with the article quoting it whole, not one whose title merely holds it', () => {
    const titled = article('Q168461', 'Customizing Your Network Neighborhood Help Topic Does Not Exist', ['The topic does not exist. Contact your application vendor.']);
    const whole = article('Q82142', 'Learning Program Hangs when Running the Help Demo', ['Help topic does not exist!']);
    // Either order in the knowledge base: ties would go to the first.
    for (const entries of [[titled, whole], [whole, titled]]) {
      const result = matcherOf(entries).match('Help topic does not exist!');
      assert.equal(`${result.decision}: ${result.matches[0]?.entry.article}`, 'answer: Q82142');
    }
  });

  it('puts first the article a question describes, not the one whose short message it holds that other articles\' messages go on from', () => {
    const short = article('Q177525', 'Exception After Pressing the Caps Lock Key', ['Fatal Exception 0D']);
    const longer = article('Q185067', 'Exception on the Vectra VL5 After Installing Software', ['Fatal Exception 0D at 0327:00004DE4']);
    const matcher = matcherOf([short, longer]);
    const question = matcher.match('why does my vectra vl5 show a fatal exception 0D after I install software and restart');
    assert.equal(question.matches[0]?.entry.article, 'Q185067', JSON.stringify(question.matches.map((m) => m.entry.article)));
    // Pasted alone, the message is the short one's.
    const pasted = matcher.match('Fatal Exception 0D');
    assert.equal(`${pasted.decision}: ${pasted.matches[0]?.entry.article}`, 'answer: Q177525');
  });

  it('does not answer with a message of which a question holds only what another article\'s message says whole', () => {
    const game = article('Q133224', 'USS Ticonderoga displays Incorrect DOS Version at startup', ['Incorrect DOS version', 'Bad command or file name']);
    const other = article('Q134539', 'Flight game from the compact disc does not start',
      ['Incorrect DOS version Incorrect DOS version Incorrect DOS version Insert disk #1. Error! disk full']);
    const result = matcherOf([game, other]).match('my kid\'s USS Ticonderoga game won\'t start on win95 - says incorrect DOS version, other times a bad command error');
    assert.equal(`${result.decision}: ${result.matches[0]?.entry.article}`, 'clarify: Q133224', JSON.stringify(result.matches.map((m) => m.entry.article)));
  });

  it('finds a long message by its first words, however many articles those words fit better', () => {
    const bootss = article('Q154733', 'Dual Boot Menu Missing After Setup',
      ['I/O error accessing boot sector file multi(0)disk(0)rdisk(0)partition(1)\\BOOTSS while starting the second system from the menu']);
    const fitting = Array.from({ length: 8 }, (_, i) => article(`Q76${i}`, `Boot sector file error when accessing drive ${i}`,
      [`Error: the boot sector file on drive ${i} could not be accessed`]));
    const result = matcherOf([...fitting, bootss]).match('I/O error accessing boot sector file');
    assert.equal(result.matches[0]?.entry.article, 'Q154733', JSON.stringify(result.matches.map((m) => m.entry.article)));
  });
});
