import * as assert from 'node:assert/strict';
import { DescribedEntry, describedEntries, offerDescribed } from '../../matching/description';
import { SearchIndex } from '../../matching/search/searchIndex';
import { entryFields } from '../../matching/textScorer';
import { namedVersions } from '../../matching/search/versions';
import { versionKey } from '../../knowledge/importers/sections';
import type { KnowledgeEntry } from '../../knowledge/types';
import type { Match, MatchResult } from '../../matching/result';
import { article } from '../articleFixtures';

const textMatch = (entry: KnowledgeEntry, score: number, heldMessage = false): Match =>
  ({ entry, score, code: null, mention: null, via: 'text', others: [], ...(heldMessage ? { heldMessage } : {}) });
const clarify = (matches: Match[]): Omit<MatchResult, 'query'> => ({ decision: 'clarify', matches, unknownCodes: [], systems: [] });
const articlesOf = (result: Omit<MatchResult, 'query'>) => result.matches.map((m) => m.entry.article);
/** The i-th entry of a description's ranking. */
const rankedEntry = (entry: KnowledgeEntry, i: number): DescribedEntry => ({ entry, coverage: 0.6 - i / 10, score: 10 - i, fit: 1 - i / 10 });
const CONTEXT = { knownSystems: new Set<string>(), maxCandidates: 3, wordsBesideCodes: true, pieces: ['printing crashes the spooler'] };

describe('a problem told in the user\'s own words', () => {
  const partWords = article('Q1', 'Print spooler settings page');
  const quoting = article('Q2', 'Setup log cannot be found', ['File <filename> does not exist.']);
  const fitsAll = article('Q3', 'Spooler crashes when printing after the upgrade');
  const fitsLess = article('Q4', 'Printing is slow on the second tray');
  const described = () => [fitsAll, fitsLess].map(rankedEntry);

  it('offers the entries the whole description fits before those that fit only some of its words', () => {
    const offered = offerDescribed(clarify([textMatch(partWords, 0.7)]), described, CONTEXT);
    assert.deepEqual(articlesOf(offered), ['Q3', 'Q4', 'Q1']);
  });

  it('offers the description\'s best in the order of its words beside a message found as a paste, in the order of its meaning elsewhere', () => {
    // Closer in meaning, Q4 is the description's first; by the words alone, Q3.
    const meaningFirst = () => [{ ...rankedEntry(fitsLess, 1), fit: 1.2 }, rankedEntry(fitsAll, 0)];
    assert.deepEqual(articlesOf(offerDescribed(clarify([textMatch(quoting, 0.61, true)]), meaningFirst, CONTEXT)), ['Q2', 'Q3', 'Q4']);
    assert.deepEqual(articlesOf(offerDescribed(clarify([]), meaningFirst, CONTEXT)), ['Q4', 'Q3']);
  });

  it('keeps a message found as a paste (its placeholders filled in) first', () => {
    const offered = offerDescribed(clarify([textMatch(partWords, 0.7), textMatch(quoting, 0.61, true)]), described, CONTEXT);
    assert.deepEqual(articlesOf(offered), ['Q2', 'Q3', 'Q4']);
  });

  const answer = (match: Match): Omit<MatchResult, 'query'> => ({ ...clarify([match]), decision: 'answer' });

  it('leaves an answer by a paste alone, and offers nothing twice', () => {
    const pasted = answer({ ...textMatch(quoting, 0.95), quotedWords: 5 });
    assert.equal(offerDescribed(pasted, described, CONTEXT), pasted);
    const offered = offerDescribed(clarify([textMatch(fitsAll, 0.5)]), described, CONTEXT);
    assert.deepEqual(articlesOf(offered), ['Q3', 'Q4']);
  });

  it('keeps an answer by the words\' fit only where the whole description leads to it too', () => {
    const agreed = answer(textMatch(fitsAll, 0.7));
    assert.equal(offerDescribed(agreed, described, CONTEXT), agreed);
    const offered = offerDescribed(answer(textMatch(partWords, 0.7)), described, CONTEXT);
    assert.equal(offered.decision, 'clarify');
    assert.deepEqual(articlesOf(offered), ['Q3', 'Q4', 'Q1']);
    // However many the description ranks, the answer the pipeline read is among those offered.
    const describedMany = () => [fitsAll, fitsLess, quoting, partWords].map(rankedEntry);
    const unranked = article('Q9', 'Toner low warning');
    assert.deepEqual(articlesOf(offerDescribed(answer(textMatch(unranked, 0.7)), describedMany, CONTEXT)), ['Q3', 'Q4', 'Q9']);
  });

  it('reads a short quote inside a question that says much more as words, not as a paste', () => {
    const shortQuote = { ...textMatch(article('Q8', 'Converter reports a damaged document', ['Cannot open file']), 0.93), quotedWords: 3 };
    const question = 'hi, the nightly job on our print server errors with \'cannot open file\' on the spool folder, though the folder is there and the share works for everyone else';
    assert.equal(offerDescribed(answer(shortQuote), described, { ...CONTEXT, pieces: [question] }).decision, 'clarify');
    const pasted = answer(shortQuote);
    assert.equal(offerDescribed(pasted, described, { ...CONTEXT, pieces: ['getting "cannot open file" at 02:00, any idea?'] }), pasted);
  });

  it('offers first, and answers only where the whole description agrees, a quote that is a small part of what was written', () => {
    // Five words of Q2's message ("File <filename> does not exist.") inside the user's own account of another problem.
    const partQuote = { ...textMatch(quoting, 0.86), quotedWords: 5 };
    const question = 'every morning the nightly export says the file results.csv does not exist, though the share holds it and the job ran fine last week';
    const asked = { ...CONTEXT, pieces: [question] };
    const offered = offerDescribed(answer(partQuote), described, asked);
    assert.equal(offered.decision, 'clarify');
    assert.deepEqual(articlesOf(offered), ['Q2', 'Q3', 'Q4']);
    const ranking = (...entries: KnowledgeEntry[]) => () => entries.map(rankedEntry);
    const agreed = answer(partQuote);
    assert.equal(offerDescribed(agreed, ranking(fitsAll, fitsLess, quoting), asked), agreed, 'third in the description');
    assert.equal(offerDescribed(answer(partQuote), ranking(fitsAll, fitsLess, partWords, quoting), asked).decision, 'clarify', 'fourth');
    const unread = answer(partQuote);
    assert.equal(offerDescribed(unread, ranking(), asked), unread, 'a description that fits nothing has no say');
    // A quote other articles' messages hold alike: the description chose among them, and must rank it first.
    const sharedQuote = { ...partQuote, alsoQuoting: [partWords] };
    const chosen = answer(sharedQuote);
    assert.equal(offerDescribed(chosen, ranking(quoting, fitsAll), asked), chosen, 'first in the description');
    assert.deepEqual(articlesOf(offerDescribed(answer(sharedQuote), ranking(fitsAll, quoting), asked)), ['Q2', 'Q3'], 'second');
    // The message is most of what was pasted: the paste answers, whatever the rest of it says.
    const pasted = answer(partQuote);
    assert.equal(offerDescribed(pasted, described, { ...CONTEXT, pieces: ['hey team, users report this error: File setup.log does not exist. thanks'] }), pasted);
  });

  const codeMatch = (entry: KnowledgeEntry): Match => ({ entry, score: 1, code: '65', mention: '0x41', via: 'code', others: [] });
  const listingCode = [article('Q5', 'Blue screen STOP 0x41', [], ['65']), article('Q6', 'Extended error 65', [], ['65']), article('Q7', 'Network error 65', [], ['65'])];

  it('orders a number several imported articles list, and the description\'s best two, by the description', () => {
    const offered = offerDescribed(clarify(listingCode.map(codeMatch)), described, CONTEXT);
    assert.deepEqual(articlesOf(offered), ['Q3', 'Q4', 'Q5']);
    const rankingQ6 = () => [listingCode[1], fitsAll].map(rankedEntry);
    assert.deepEqual(articlesOf(offerDescribed(clarify(listingCode.map(codeMatch)), rankingQ6, CONTEXT)), ['Q6', 'Q3', 'Q5']);
    const rankingOnlyQ6 = () => [listingCode[1]].map(rankedEntry);
    assert.deepEqual(articlesOf(offerDescribed(clarify(listingCode.map(codeMatch)), rankingOnlyQ6, CONTEXT)), ['Q6', 'Q5', 'Q7']);
  });

  it('takes in, beside the number\'s entries the code\'s search handed on, the others the description finds documenting it', () => {
    // "stop 0x1e ... reinstalling nt4 over sp": a hundred articles list 0x1E, and the words say which.
    const alsoListing = article('Q8', 'STOP 0x41 after reinstalling over a service pack', [], ['65']);
    const ranking = () => [fitsAll, alsoListing, listingCode[0]].map(rankedEntry);
    // The code's search found it too, in the same system as Q5 (among Q5's others).
    const handedOn = [{ ...codeMatch(listingCode[0]), others: [alsoListing] }, codeMatch(listingCode[1])];
    const offered = offerDescribed(clarify(handedOn), ranking, CONTEXT);
    assert.deepEqual(articlesOf(offered), ['Q3', 'Q8', 'Q5']);
    assert.deepEqual([offered.matches[1].via, offered.matches[1].code], ['code', '65'], 'offered as documenting the number');
    // One the code's search left out (another reading of the number) is offered as the description's second, not as the number's.
    const leftOut = offerDescribed(clarify(listingCode.slice(0, 2).map(codeMatch)), ranking, CONTEXT);
    assert.deepEqual(articlesOf(leftOut), ['Q3', 'Q8', 'Q5']);
    assert.equal(leftOut.matches[1].via, 'text');
  });

  it('leaves the entries written for a code in their order while the words lead to one of those, or the number stands alone', () => {
    const handWritten = { ...listingCode[0], id: 'win32-65', origin: 'handwritten' as const, article: undefined };
    const byCode = clarify([codeMatch(handWritten), codeMatch(listingCode[1])]);
    const rankingBoth = () => [fitsAll, handWritten, listingCode[1]].map(rankedEntry);
    assert.deepEqual(offerDescribed(byCode, rankingBoth, CONTEXT), byCode);
    // Words that lead to an imported article listing the number, not to the entry written for it ("error 8" in an Exchange log).
    const rankingQ6 = () => [listingCode[1], fitsAll].map(rankedEntry);
    assert.deepEqual(articlesOf(offerDescribed(byCode, rankingQ6, CONTEXT)), ['Q6', 'Q3', undefined]);
    // Words that lead to none of them ("MS Mail X.400 gateway: err 3") put first the entries they lead to.
    assert.deepEqual(articlesOf(offerDescribed(byCode, described, CONTEXT)), ['Q3', 'Q4', undefined]);
    const numberAlone = clarify(listingCode.map(codeMatch));
    assert.equal(offerDescribed(numberAlone, described, { ...CONTEXT, wordsBesideCodes: false }), numberAlone, '"error 65" asks which article');
  });
});

describe('words beside a code nobody documents', () => {
  const failback = article('Q195630', 'Cluster disk resource does not fail back after a failover');
  const worked = { ...article('Q300', 'Cluster status 0: the failover worked'), keywords: ['success'] };
  const otherSystem = { ...article('Q301', 'Print queue error 2052', [], ['2052']), system: 'Print queue' };
  const described = () => [worked, failback].map(rankedEntry);
  const unknown = (matches: Match[]): Omit<MatchResult, 'query'> =>
    ({ decision: matches.length ? 'clarify' : 'none', matches, unknownCodes: [{ text: '2052', code: '2052', system: 'Cluster' }], systems: [] });

  it('offers the entries the words lead to, as neighbours, never a status saying all went well, and answers none', () => {
    const offered = offerDescribed(unknown([]), described, CONTEXT);
    assert.equal(offered.decision, 'clarify');
    assert.deepEqual(offered.matches.map((m) => [m.entry.article, m.neighbour]), [['Q195630', true]]);
  });

  it('keeps the same code in another system beside them, and offers nothing for the code alone', () => {
    const elsewhere: Match = { entry: otherSystem, score: 1, code: '2052', mention: '2052', via: 'code', others: [], neighbour: true };
    assert.deepEqual(articlesOf(offerDescribed(unknown([elsewhere]), described, CONTEXT)), ['Q195630', 'Q301']);
    const alone = unknown([elsewhere]);
    assert.equal(offerDescribed(alone, described, { ...CONTEXT, wordsBesideCodes: false }), alone);
  });
});

describe('a description quoting a message several articles quote alike', () => {
  const raid = article('Q143141', 'A RAID controller causes the message', ['Missing operating system']);
  const setup = article('Q134708', 'The message after Setup restarts the computer', ['Missing operating system']);
  const answer = (alsoQuoting?: KnowledgeEntry[]): Omit<MatchResult, 'query'> =>
    ({ ...clarify([{ ...textMatch(raid, 0.93), quotedWords: 3, others: [setup], ...(alsoQuoting ? { alsoQuoting } : {}) }]), decision: 'answer' });
  const describedSetupFirst = () => [setup, raid].map(rankedEntry);

  it('is answered by the one of them the whole description fits best, the others shown as also documented', () => {
    const [first] = offerDescribed(answer([setup]), describedSetupFirst, CONTEXT).matches;
    assert.equal(first.entry.article, 'Q134708');
    assert.deepEqual(first.others.map((e) => e.article), ['Q143141']);
  });

  it('lets the words alone choose among them, while the closer in meaning is offered first on a clarify', () => {
    // As the description ranks them (by fit, meaning included): the RAID article first; by the words alone, the Setup one.
    const meaningFirst = () => [{ ...rankedEntry(raid, 1), fit: 1.2 }, rankedEntry(setup, 0)];
    assert.equal(offerDescribed(answer([setup]), meaningFirst, CONTEXT).matches[0].entry.article, 'Q134708');
    assert.deepEqual(articlesOf(offerDescribed(clarify([]), meaningFirst, CONTEXT)), ['Q143141', 'Q134708']);
  });

  it('leaves an answer alone when no other article quotes the message as much', () => {
    const alone = answer();
    assert.equal(offerDescribed(alone, describedSetupFirst, CONTEXT), alone);
  });
});

describe('a description read as one query', () => {
  const longer = article('Q10', 'Keyboard response is delayed on portable computers that use power management');
  const shorter = article('Q11', 'Response file names the keyboard');
  const others = Array.from({ length: 30 }, (_, i) => article(`Q2${i}`, `Mouse pointer ${i} jumps on the second screen`));
  const entries = [shorter, longer, ...others];
  const index = new SearchIndex();
  for (const entry of entries) index.add(entryFields(entry));
  const described = (pairWeight: number) => describedEntries(index, entries, 'my keyboard response is awful today', { minCoverage: 0.1, minSharedTerms: 2, pairWeight, meaningWeight: 0, meaningMinWords: 6, versionPenalty: 0 })
    .map((d) => d.entry.article);

  it('puts first the entry holding the user\'s words side by side, over a shorter one holding them apart', () => {
    assert.deepEqual(described(0.2).slice(0, 2), ['Q10', 'Q11']);
    // Word by word alone, the shorter entry would come first.
    assert.deepEqual(described(0).slice(0, 2), ['Q11', 'Q10']);
  });
});

describe('a description over a large archive', () => {
  // "file" and "open" are in more than a tenth of the archive: a paste's search leaves such words out.
  const opensFiles = article('Q30', 'Remote Execute Does Not Open Files Associated with a Program');
  const remoteLog = article('Q31', 'Remote Execute of an Associated Program');
  const others = Array.from({ length: 1200 }, (_, i) => article(`Q4${i}`, i % 5 ? `Mouse pointer ${i} jumps on the second screen` : `Cannot open file ${i} from the menu`));
  const entries = [remoteLog, opensFiles, ...others];
  const index = new SearchIndex();
  for (const entry of entries) index.add(entryFields(entry));

  it('offers the entries sharing two of the user\'s words when the best-scoring one shares a single word', () => {
    const byName = article('Q32', 'Tandberg');
    const stops = article('Q33', 'Tape backup stops after a reboot');
    const withThem = [...entries, byName, stops];
    const bigger = new SearchIndex();
    for (const entry of withThem) bigger.add(entryFields(entry));
    const offered = describedEntries(bigger, withThem, 'tandberg tape stops after reboot').map((d) => d.entry.article);
    assert.deepEqual(offered, ['Q33']);
  });

  it('reads the user\'s common words too, when they are what tells two articles apart', () => {
    const [first] = describedEntries(index, entries, 'remote execute wont open the associated file');
    assert.equal(first.entry.article, 'Q30');
  });
});

describe('a description naming a product\'s version', () => {
  const forVersion = (id: string, version: string) => ({ ...article(id, 'Print spooler stops when a document is printed twice'), versions: [version] });
  const others = Array.from({ length: 30 }, (_, i) => article(`Q5${i}`, `Mouse pointer ${i} jumps on the second screen`));
  const entries = [forVersion('Q60', '4.0'), forVersion('Q61', '3.51'), ...others];
  const index = new SearchIndex();
  for (const entry of entries) index.add(entryFields(entry));
  const firstFor = (text: string) => describedEntries(index, entries, text).slice(0, 2).map((d) => d.entry.article);

  it('offers first the article that applies to the version named, in whatever form it is typed', () => {
    assert.deepEqual(firstFor('on nt 3.51 the print spooler stops when I print a document twice'), ['Q61', 'Q60']);
    assert.deepEqual(firstFor('NT4 box: print spooler stops, document printed twice'), ['Q60', 'Q61']);
  });

  it('leaves the order to the words when no version is named, or none of the articles says its versions', () => {
    const alike = firstFor('the print spooler stops when a document is printed twice');
    assert.deepEqual([...alike].sort(), ['Q60', 'Q61']);
    const unversioned = entries.map((entry) => ({ ...entry, versions: undefined }));
    assert.deepEqual(describedEntries(index, unversioned, 'on nt 3.51 the print spooler stops when I print a document twice').slice(0, 2)
      .map((d) => d.entry.article), alike);
  });
});

describe('versions a question names', () => {
  it('reads the number after a product\'s name, glued or not, as one spelling', () => {
    assert.deepEqual([...namedVersions('nt4 box with word 97, exchange 5.5 sp3 and windows 3.1; also win95 and VFP 6.0')].sort(),
      ['3.1', '4', '5.5', '6', '95', '97']);
    assert.deepEqual([...namedVersions('I use word 97. Outlook 98/2000 too, and sql server 7.0')].sort(), ['2000', '7', '97', '98']);
    assert.deepEqual([...namedVersions('error 3 on step 2, 16-bit app')], []);
    assert.equal(versionKey('4.00'), '4');
    assert.equal(versionKey('1.50'), '1.5');
    assert.equal(versionKey('3.51'), '3.51');
  });

  it('reads no version in a count, Windows\' bits or a family of versions', () => {
    assert.deepEqual([...namedVersions('word 2 columns, mail 3 times, exchange 2 servers, a win32 app on win 16, win9x boxes')], []);
    assert.deepEqual([...namedVersions('our NT4 servers')], ['4']);
  });
});
