import * as assert from 'node:assert/strict';
import type { MatchResult } from '../../matching/matcher';
import { CodeIndex } from '../../matching/codes/codeIndex';
import { extractCodes } from '../../matching/codes/codes';
import { decide } from '../../matching/decide';
import { MATCHER_DEFAULTS } from '../../matching/options';
import type { TextFit } from '../../matching/textScorer';
import { article, linkerPaste, matcherOf } from '../articleFixtures';

const articlesOf = (result: MatchResult) => `${result.decision}: ${result.matches.map((m) => m.entry.article).join(', ')}`;

describe('decisions: codes and quoted messages together', () => {
  it('answers a pasted message with its code first with the article quoting it, not with one that merely lists the code', () => {
    const matcher = matcherOf([
      article('Q174339', 'Error 404 When Accessing Intranet Using NetBIOS Server', ['http:/1.0 404 Object Not Found'], ['404']),
      article('Q288116', 'FP98: Percent Sign in URL Returns HTTP 404 Error', ['HTTP/1.1 404 Object Not Found']),
    ]);
    const result = matcher.match('hey team, users report this error: HTTP/1.1 404 Object Not Found. thanks');
    assert.equal(result.decision, 'answer', articlesOf(result));
    assert.equal(result.matches[0].entry.article, 'Q288116', articlesOf(result));
  });

  it('answers first, of two codes in a paste, the article quoting the whole message, not the one listing the first code', () => {
    const matcher = matcherOf([
      article('Q315453', 'FP: Error 0177: 800401f3 When You Attempt to Connect to Database', ["Server object error 'ASP 0177 : 800401f3'", 'Server.CreateObject Failed'], ['177']),
      article('Q234771', 'FIX: Error 800a2328 When You Browse a VB 6.0 WebClass',
        ["Server object error 'ASP 0177 : 800a2328' Server.CreateObject Failed /WebClassApp/WebClassFile.ASP, line 20 The operation completed successfully."], ['2148148008']),
    ]);
    const result = matcher.match("Server object error 'ASP 0177 : 800a2328' Server.CreateObject Failed /WebClassApp/WebClassFile.ASP, line 20 The operation completed successfully.");
    assert.equal(result.decision, 'answer', articlesOf(result));
    assert.deepEqual(result.matches.map((m) => m.entry.article), ['Q234771', 'Q315453']);
  });

  it('offers the articles quoting a pasted message before an article that only lists its code, and answers with none', () => {
    const quoting = (n: number) => article(`Q2216${n}`, `Fatal error in runtime library use case ${n}`,
      ['Fatal error: Exception code=C0000005 Called from - <procedure name and line number> {<path and filename>}']);
    const matcher = matcherOf([...[1, 2, 3, 4].map(quoting),
      article('Q195273', 'Fatal Exception When Removing Form From Memory', ['Fatal Exception C0000005 while form unloads'], ['0xC0000005'])]);
    const result = matcher.match('Fatal error: Exception code=C0000005 Called from - UPDATE_ORDERS, 12 {c:\\apps\\orders.app}');
    assert.equal(result.decision, 'clarify', articlesOf(result));
    assert.match(result.matches[0].entry.article!, /^Q2216/, articlesOf(result));
  });

  it('answers a message naming two codes with the article listing both, not one listing the first alone', () => {
    // Both quote the fragment alike; the one listing the fewer codes would go first for 317.
    const message = (second: string) => `The error '317' occurred while formatting Windows NT error '${second}'. Microsoft Windows NT`;
    const matcher = matcherOf([
      article('Q195214', 'Updates fail on node two', [message('2220')], ['317', '2220']),
      article('Q165371', 'Accounts fail on node one', [message('2245')], ['317', '2245', '3221358789']),
    ]);
    const result = matcher.match("anyone seen this? error '317' occurred while formatting Windows NT error '2245'. Microsoft Windows NT... happens every morning");
    assert.equal(articlesOf(result), 'answer: Q165371');
    assert.deepEqual(result.matches[0].codes, ['317', '2245'], 'the one answer says it answers both codes, in the message\'s order');
    const once = matcher.match('Windows NT error 3221358789, then error 2245 right after');
    assert.deepEqual(once.matches.map((m) => [m.entry.article, ...m.codes ?? []]), [['Q165371', '3221358789', '2245']], 'one entry naming both codes is one answer for both');
  });

  it('keeps both answers of two entries listing each other\'s codes, and a hand-written entry beside an article listing its code too', () => {
    // Each hand-written entry is written for the code its title names, and lists the other too.
    const both = (code: string) => ({ ...article(`Q4${code}`, `Mail status ${code}`, [], ['317', '2245']), id: `mail-${code}`, origin: 'handwritten' as const });
    const alike = matcherOf([both('317'), both('2245')]).match('the mail server logs error 317 and then error 2245');
    assert.deepEqual([alike.decision, ...alike.matches.map((m) => m.entry.id)], ['answer', 'mail-317', 'mail-2245']);
    const mail5 = { ...article('Q403', 'Mail status 5: access denied', [], ['5']), id: 'mail-5', origin: 'handwritten' as const };
    const lists = article('Q404', 'Gateway errors after the upgrade', [], ['5', '21', '317']);
    const result = matcherOf([mail5, lists]).match('the gateway stops with error 5 and then error 21');
    assert.deepEqual(result.matches.map((m) => [m.entry.id, ...m.codes ?? []]), [['mail-5'], ['Q404']], 'one card per code, the hand-written entry for 5');
  });

  it('names every code on the card of the entry documenting them all, when answers fold into it one after another', () => {
    const written = (id: string, codes: string[]) => ({ ...article(`Q5${id}`, `Gateway status ${codes.join(' and ')}`, [], codes), id, origin: 'handwritten' as const });
    const result = matcherOf([written('a', ['101']), written('b', ['101', '102']), written('c', ['101', '102', '103'])])
      .match('the gateway logs error 101 and error 102 and error 103');
    assert.deepEqual(result.matches.map((m) => [m.entry.id, ...m.codes ?? []]), [['c', '101', '102', '103']]);
  });

  it('takes a message as quoted only word for word: "0x80004005: Unspecified error" does not quote "80004005 (unspecified error)"', () => {
    const matcher = matcherOf([
      article('Q221679', 'FIX: Servers Do Not Release if Init Returns .F.', ['OLE error code 0x80004005: Unspecified error.'], ['0x80004005']),
      article('Q265792', 'DB2OLEDB Leaks Memory When Stored Proc Returns adLongVarChar', ['80004005 (unspecified error)']),
    ]);
    const result = matcher.match('Mar  5 17:41:34 FATAL app.worker 80004005 (unspecified error)');
    assert.equal(result.matches[0]?.entry.article, 'Q265792', articlesOf(result));
  });
});

describe('decisions: a number several systems document, in words that say more', () => {
  const statusTwenty = (id: string, system: string) => ({ ...article(id, `${system} status 20: the queue is full`, [], ['20']), system });
  const smtpget = article('Q156166', 'SMTP: Troubleshooting Error SMTPGET: 20 - Insufficient Memory', []);
  const matcher = matcherOf([smtpget, statusTwenty('Q401', 'Microsoft Mail'), statusTwenty('Q402', 'Microsoft Fax')]);

  it('offers first the article its words fit, and still asks which system the number is from', () => {
    const result = matcher.match('Error SMTPGET: 20 -');
    assert.equal(result.matches[0]?.entry.article, 'Q156166', articlesOf(result));
    assert.deepEqual(result.undecided?.[0].map((m) => m.entry.article).sort(), ['Q401', 'Q402']);
  });

  it('asks which system a number alone is from, however much better an article fits the word "error" beside it', () => {
    const result = matcher.match('error 20');
    assert.equal(result.decision, 'clarify', articlesOf(result));
    assert.deepEqual(result.matches.map((m) => m.entry.article).sort(), ['Q401', 'Q402']);
  });
});

describe('decisions: a number several articles of one product list', () => {
  const store = article('Q170810', 'Service specific error starting the information store', [], ['4021']);
  const restore = article('Q184737', 'Information store and MTA do not start after a restore', [], ['4021']);

  it('lets the user pick when the words fit the articles alike, and answers when they clearly fit one', () => {
    const matcher = matcherOf([store, restore]);
    const alike = matcher.match('err 4021 again this morning');
    assert.equal(alike.decision, 'clarify', articlesOf(alike));
    assert.deepEqual(alike.matches.map((m) => m.entry.article).sort(), ['Q170810', 'Q184737']);
    const one = matcher.match('error 4021: information store and MTA do not start after a restore');
    assert.equal(articlesOf(one).split(',')[0], 'answer: Q184737');
  });

  it('lets the user pick when the words fit one better but too little to be a lead', () => {
    // "BSOD 0x41 ... nonpaged pool leaking with srv-to-srv shadowing": a third of the words is no lead.
    const index = new CodeIndex([store, restore], [], new Set());
    const [mention] = extractCodes('error 4021');
    const outcome = (storeFit: number) => index.resolve(mention, [], (e) => (e === store ? storeFit : storeFit - 0.09),
      { ...MATCHER_DEFAULTS, win32System: 'Win32' }).kind;
    assert.equal(outcome(0.31), 'ambiguous');
    assert.equal(outcome(0.6), 'answer');
  });
});

describe('decisions: a number one article lists and another writes in its symptoms', () => {
  const lists = article('Q158168', 'System Attendant service stops with error 7013', [], ['7013']);
  const writes = { ...article('Q262377', 'SNA services fail to start because of a logon failure'),
    symptoms: ['After a restart SnaBase and SnaServer do not start. The event log shows Event ID: 7000 and Event ID: 7013.'] };

  it('lets the user pick, the article the words fit first, when the words fit the other better', () => {
    const matcher = matcherOf([lists, writes]);
    const described = matcher.match('why won\'t SnaBase and SnaServer start after a restart, logging 7000 logon failure and error 7013');
    assert.equal(articlesOf(described), 'clarify: Q262377, Q158168');
    // The number alone is the listing article's.
    assert.equal(articlesOf(matcher.match('error 7013')), 'answer: Q158168');
  });

  it('does so however little the words fit it, when they fit none of the listing article', () => {
    const matcher = matcherOf([lists, writes]);
    assert.equal(articlesOf(matcher.match('code 7013 in the event log of our gateway every night, users complain')), 'clarify: Q262377, Q158168');
    // Below what makes a candidate by the words, a fit that the listing article shares at all is no lead.
    const byNumber = { entry: lists, score: 1, code: '7013', mention: '7013', via: 'code' as const, others: [] };
    const fits = (listing: number) => decide({ answers: [byNumber], ambiguous: [], unknown: [] },
      { scores: new Map([[writes, 0.3], [lists, listing]]), verbatim: new Map(), messageHeld: new Set(), heldWords: new Map() },
      { systems: [], knownSystems: new Set(), wordsBesideCodes: true, options: MATCHER_DEFAULTS }).decision;
    assert.equal(fits(0), 'clarify');
    assert.equal(fits(0.2), 'answer');
    // Above it, any lead: "exchange setup fails with c1030b4b ... several new servers into the site at once"
    // fits the article on joining a site a little better than the one on moving a server that lists c1030b4b.
    const near = decide({ answers: [byNumber], ambiguous: [], unknown: [] },
      { scores: new Map([[writes, 0.716], [lists, 0.672]]), verbatim: new Map(), messageHeld: new Set(), heldWords: new Map() },
      { systems: [], knownSystems: new Set(), wordsBesideCodes: true, options: MATCHER_DEFAULTS });
    assert.equal(articlesOf({ query: '', ...near }), 'clarify: Q262377, Q158168');
  });

  it('lets a hand-written entry for the number give way only to a clear lead', () => {
    // "0x80070005" beside an eBook Pocket PC will not delete: the Win32 entry says access
    // denied; the article quoting 0x80070005 for that eBook is what the words are about.
    const handwritten = { ...lists, id: 'win32-5', origin: 'handwritten' as const };
    const byNumber = { entry: handwritten, score: 1, code: '7013', mention: '7013', via: 'code' as const, others: [] };
    const decided = (fit: number) => articlesOf({ query: '', ...decide({ answers: [byNumber], ambiguous: [], unknown: [] },
      { scores: new Map([[writes, fit]]), verbatim: new Map(), messageHeld: new Set(), heldWords: new Map() },
      { systems: [], knownSystems: new Set(), wordsBesideCodes: true, options: MATCHER_DEFAULTS }) });
    assert.equal(decided(0.44), 'clarify: Q262377, Q158168');
    assert.equal(decided(MATCHER_DEFAULTS.answerMargin / 2), 'answer: Q158168');
    // The Win32 error inside an HRESULT is no number of its own: "Exchange 5.5" does not write 0x80070005.
    const wrapped = { ...byNumber, entry: { ...handwritten, codes: ['5'] }, code: '5', mention: '0x80070005' };
    const exchange = { ...writes, symptoms: ['Exchange 5.5 Administrator cannot open the mailbox store after a restore.'] };
    const result = decide({ answers: [wrapped], ambiguous: [], unknown: [] },
      { scores: new Map([[exchange, 0.44]]), verbatim: new Map(), messageHeld: new Set(), heldWords: new Map() },
      { systems: [], knownSystems: new Set(), wordsBesideCodes: true, options: MATCHER_DEFAULTS });
    assert.equal(articlesOf({ query: '', ...result }), 'answer: Q158168');
  });

  it('counts a second number nobody documents as the words\' article\'s where it writes it', () => {
    // "cluster log shows FindFirstFile failed error 3, sometimes error 21 reserving the disk":
    // IISSYNC status 3 is hand-written (the cluster named its system), 21 is in no entry's
    // codes, and the cluster disk article writes both.
    const handwritten = { ...lists, id: 'iissync-3', origin: 'handwritten' as const, codes: ['3'] };
    const byNumber = { entry: handwritten, score: 1, code: '3', mention: '3', via: 'code' as const, others: [] };
    const disk = { ...article('Q305638', 'A cluster disk may report error 3 on IIS 4.0', [], ['3', '21']),
      messages: ['DiskspCheckPath: FindFirstFile failed, error 3.', 'SCSI, error reserving disk, error 21.'] };
    const unknown = (text: string) => ({ mention: { text, start: 0, end: text.length, keys: [`n:${text}`], strong: true, cued: true }, elsewhere: [] });
    const decided = (second: string) => decide({ answers: [byNumber], ambiguous: [], unknown: [unknown(second)] },
      { scores: new Map([[disk, 0.4]]), verbatim: new Map(), messageHeld: new Set(), heldWords: new Map() },
      { systems: ['IISSYNC'], knownSystems: new Set(['IISSYNC']), wordsBesideCodes: true, options: MATCHER_DEFAULTS });
    const written = decided('21');
    assert.equal(articlesOf({ query: '', ...written }), 'clarify: Q305638, Q158168');
    assert.deepEqual(written.unknownCodes, [], 'the article writes 21: it is not reported as undocumented');
    // A number it does not list is still undocumented, and the hand-written entry answers the other;
    // so is one its wording holds only inside a version ("IIS 4.0" lists no code 4).
    for (const number of ['42', '4']) {
      const notListed = decided(number);
      assert.equal(articlesOf({ query: '', ...notListed }), 'answer: Q158168', number);
      assert.deepEqual(notListed.unknownCodes.map((u) => u.text), [number]);
    }
  });
});

describe('decisions: a stop error', () => {
  it('is offered from the articles that speak of stop errors, not from a list of other errors 30', () => {
    const stop = { ...article('Q166828', 'Upgrade of Widget NT ends in a STOP error', [], ['30']), system: 'Widget NT' };
    const dosErrors = { ...article('Q82772', 'Read fault on the widget disk', [], ['30']), system: 'Widget DOS' };
    const stopsResponding = { ...article('Q82773', 'Widget spooler may stop responding', [], ['30']), system: 'Widget Print' };
    const matcher = matcherOf([stop, dosErrors, stopsResponding]);
    for (const text of ['stop 0x1e', 'my server shows stop 0x1e after the upgrade']) assert.equal(articlesOf(matcher.match(text)), 'answer: Q166828', text);
    assert.equal(articlesOf(matcher.match('what is error 30')), 'clarify: Q166828, Q82772, Q82773', 'error 30 is any');
  });
});

describe('decisions: several articles quoting what was pasted word for word', () => {
  it('answers with the one quoting the most of it, though another fits a little better', () => {
    const part = article('Q152030', 'Linking a program that calls __inp fails', ['test.obj : error LNK2001: unresolved external symbol __inp']);
    const whole = article('Q103714', 'Linker warning with the single-threaded library', ['LNK2001: unresolved external symbol "__doserrno"']);
    // "... unresolved external symbol" quoted by one, "LNK2001: unresolved external symbol "__doserrno"" by the other.
    const text: TextFit = { scores: new Map([[part, 0.93], [whole, 0.92]]), verbatim: new Map([[part, 3], [whole, 5]]), messageHeld: new Set([part, whole]), heldWords: new Map([[part, 3], [whole, 5]]) };
    const result = decide({ answers: [], ambiguous: [], unknown: [] }, text,
      { systems: [], knownSystems: new Set(), wordsBesideCodes: true, options: MATCHER_DEFAULTS });
    assert.equal(`${result.decision}: ${result.matches[0]?.entry.article}`, 'answer: Q103714');
    assert.equal(result.matches[0].quotedWords, 5, 'the words of its message the paste holds');
  });

  it('carries the words held of an article\'s message to the hand-written entry shown for it', () => {
    const imported = article('Q224801', 'IISSYNC status 3: the system cannot find the path', ['The system cannot find the path specified.'], ['3']);
    const handWritten = { ...imported, id: 'iissync-3', origin: 'handwritten' as const, messages: [] };
    const text: TextFit = { scores: new Map([[imported, 0.95], [handWritten, 0.7]]), verbatim: new Map([[imported, 7]]), messageHeld: new Set([imported]), heldWords: new Map([[imported, 7]]) };
    const [shown] = decide({ answers: [], ambiguous: [], unknown: [] }, text,
      { systems: [], knownSystems: new Set(), wordsBesideCodes: true, options: MATCHER_DEFAULTS }).matches;
    assert.equal(`${shown.entry.id}: ${shown.quotedWords}`, 'iissync-3: 7');
  });
});

describe('decisions: a message quoted by many articles', () => {
  const illegalOperation = (n: number) => article(`Q15${n}`, `Illegal operation error number ${n} in application ${n}`,
    ['This program has performed an illegal operation and will be shut down. If the problem persists, contact the program vendor.']);

  it('is a clarify, not an answer, when several articles quote it alike and none as pasted', () => {
    const matcher = matcherOf([1, 2, 3, 4].map(illegalOperation));
    const result = matcher.match('This program has performed an illegal operation and will be shut down. If this problem persists, contact the program vendor.');
    assert.equal(result.decision, 'clarify', articlesOf(result));
    assert.equal(result.matches.length, 3, articlesOf(result));
  });

  it('is answered when the articles quote it word for word', () => {
    const matcher = matcherOf([1, 2, 3, 4].map(illegalOperation));
    const result = matcher.match('This program has performed an illegal operation and will be shut down. If the problem persists, contact the program vendor.');
    assert.equal(result.decision, 'answer', articlesOf(result));
  });

  it('is answered by the one article that quotes it as pasted, before those quoting a variant', () => {
    const asPasted = article('Q190719', 'WD97: No Send To Mail Recipient with Outlook Express',
      ['This program has performed an illegal operation and will be shut down. If this problem persists, contact the program vendor.']);
    const matcher = matcherOf([...[1, 2, 3, 4].map(illegalOperation), asPasted]);
    const result = matcher.match('@HelpDesk got the following when I tried again:\n\nThis program has performed an illegal operation and will be shut down. If this problem persists, contact the program vendor.');
    assert.equal(result.decision, 'answer', articlesOf(result));
    assert.equal(result.matches[0].entry.article, 'Q190719', articlesOf(result));
  });
});

describe('decisions: a pasted message with a number two systems document', () => {
  it('offers the articles quoting the message first, and still asks which system the number belongs to', () => {
    const { matcher, paste } = linkerPaste();
    const result = matcher.match(paste);
    assert.equal(result.decision, 'clarify', articlesOf(result));
    assert.match(result.matches[0].entry.article!, /^Q12/, articlesOf(result));
    assert.deepEqual(result.undecided?.map((choice) => choice.map((m) => m.entry.article).sort()), [['Q301', 'Q302']]);
  });
});
