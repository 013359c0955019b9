import * as assert from 'node:assert/strict';
import { needsShared, readSeed, shippedHelpDesk } from '../helpers';
import type { MatchResult } from '../../matching/matcher';

const match = (text: string) => shippedHelpDesk().matcher.match(text);
const describeResult = (r: MatchResult) =>
  `${r.decision}: ${r.matches.map((m) => `${m.entry.id}(${m.score})`).join(', ')}`;

function expectAnswer(text: string, check: (r: MatchResult) => boolean, what: string) {
  const result = match(text);
  assert.equal(result.decision, 'answer', `"${text}" → ${describeResult(result)}`);
  assert.ok(check(result), `"${text}" should answer ${what}, got ${describeResult(result)}`);
}

/** Codes of the IISSYNC status table in seed Q224801, read at test time. */
function seedStatusCodes(): string[] {
  return [...readSeed('000_').matchAll(/^\s*\|\s*(\d+)\s*\|/gm)].map((m) => m[1]);
}

describe('matcher: every seed fact is answerable', () => {
  needsShared('seeds');
  const codes = seedStatusCodes();
  it('reads the sixteen IISSYNC status codes from the seed', () => assert.equal(codes.length, 16));

  for (const code of seedStatusCodes()) {
    it(`answers IISSYNC status ${code} from Q224801`, () => {
      const result = match(`iissync returned ${code}`);
      assert.equal(result.decision, 'answer', describeResult(result));
      const [first] = result.matches;
      assert.equal(first.entry.system, 'IISSYNC');
      assert.equal(first.code, code);
      const articles = [first.entry, ...first.others].map((e) => e.article);
      assert.ok(articles.includes('Q224801'), `articles: ${articles}`);
    });
  }

  const misCodes = [...readSeed('004_').matchAll(/\b(MIS_\d)\s*\((SYNC_STATUS_CODE_\w+)\)/g)];
  for (const [, code, name] of misCodes) {
    it(`answers ${code} (${name}) by code and by symbolic name`, () => {
      for (const question of [`what is ${code}`, name]) {
        expectAnswer(question, (r) => r.matches[0].entry.codes.includes(code) && r.matches[0].entry.names.includes(name), code);
      }
    });
  }

  it('answers both quoted messages of Q310412 when pasted', () => {
    const quoted = [...readSeed('001_').matchAll(/Source : [\s\S]*?\)\s*\n/g)].map((m) => m[0].replace(/\s+/g, ' ').trim());
    assert.equal(quoted.length, 2);
    for (const message of quoted) {
      expectAnswer(message, (r) => r.matches[0].entry.article === 'Q310412', 'Q310412');
    }
  });

  it('answers the Q235698 symptom: IISSYNC deletes the in-process packages', () => {
    expectAnswer('iissync deleted all the packages on the target server', (r) => r.matches[0].entry.article === 'Q235698', 'Q235698');
  });

  it('answers the Q249603 how-to: IISSync on a Windows 2000 cluster', () => {
    expectAnswer('how do I run iissync on a windows 2000 cluster with domain IUSR and IWAM accounts',
      (r) => r.matches[0].entry.article === 'Q249603', 'Q249603');
  });

  it('answers symptoms typed with typos and in other words', () => {
    expectAnswer('my pocket pc says sync key missmatch', (r) => r.matches[0].entry.codes.includes('MIS_3'), 'MIS_3');
    expectAnswer('exchange mailbox is full, device cannot synchronize', (r) => r.matches[0].entry.codes.includes('MIS_9'), 'MIS_9');
    expectAnswer('corrupt COM+ catalog iissync', (r) => r.matches[0].entry.article === 'Q310412', 'Q310412');
  });
});

describe('matcher: one code in any form', () => {
  for (const form of ['2148007941', '0x80080005', '80080005', '-2146959355', 'iissync returned 2148007941']) {
    it(`answers "${form}" with IISSYNC 2148007941`, () => {
      expectAnswer(form, (r) => r.matches[0].entry.system === 'IISSYNC' && r.matches[0].code === '2148007941', '2148007941');
    });
  }
  for (const form of ['MIS3', 'mis 3', 'MIS-3', 'SYNC_STATUS_CODE_SYNCKEY']) {
    it(`answers "${form}" with MIS_3`, () => expectAnswer(form, (r) => r.matches[0].code === 'MIS_3', 'MIS_3'));
  }
});

describe('matcher: the system decides what a number means', () => {
  it('asks which system when nothing names one', () => {
    const result = match('what does error 3 mean');
    assert.equal(result.decision, 'clarify', describeResult(result));
    const systems = result.matches.map((m) => m.entry.system).sort();
    assert.deepEqual(systems, ['IISSYNC', 'Server ActiveSync', 'Win32']);
  });
  it('picks IISSYNC, ActiveSync or Win32 from the words of the message', () => {
    expectAnswer('iissync returned 3', (r) => r.matches[0].entry.system === 'IISSYNC' && r.matches[0].code === '3', 'IISSYNC 3');
    expectAnswer('my pocket pc shows error 3 when syncing', (r) => r.matches[0].code === 'MIS_3', 'MIS_3');
    expectAnswer('win32 error 3', (r) => r.matches[0].entry.system === 'Win32', 'Win32 3');
  });
  it('reads an HRESULT that wraps a Win32 error as that error', () => {
    expectAnswer('0x800706BA', (r) => r.matches[0].entry.system === 'Win32' && r.matches[0].code === '1722', 'Win32 1722');
    expectAnswer('iissync failed with 0x800706BA', (r) => r.matches[0].entry.system === 'IISSYNC' && r.matches[0].code === '1722', 'IISSYNC 1722');
    // The Win32 error inside it is no MIS code, even where a Pocket PC names Server ActiveSync.
    expectAnswer('my pocket pc says 0x80070005 when I delete a file', (r) => r.matches[0].entry.system === 'Win32' && r.matches[0].code === '5', 'Win32 5');
    expectAnswer('my pocket pc shows error 5 when syncing', (r) => r.matches[0].code === 'MIS_5', 'MIS_5');
  });
  it('asks which system a number is when none is named, Windows\' own error first: a product reporting it passes it on', () => {
    for (const text of ['remote mgmt tool: err 1726 rpc call failed partway', 'console to srv04: err 1722 rpc unavailable']) {
      const result = match(text);
      assert.equal(`${result.decision} ${result.matches[0]?.entry.system}`, 'clarify Win32', `"${text}" → ${describeResult(result)}`);
      assert.ok(result.matches.some((m) => m.entry.system === 'IISSYNC'), `IISSYNC's status is offered too: ${describeResult(result)}`);
    }
  });
  it('takes a product family for no system: Exchange alone is not Server ActiveSync, a Pocket PC is', () => {
    assert.deepEqual(match('our Exchange 5.5 directory keeps logging event 1166').systems, []);
    assert.deepEqual(match('the pocket pc stopped syncing with exchange').systems, ['Server ActiveSync']);
  });
  it('never answers for another system than the one named', () => {
    const result = match('activesync error 1722');
    assert.notEqual(result.decision, 'answer', describeResult(result));
  });
  it('knows a system named with a slip of the keyboard', () => {
    for (const text of ['iisync came back 0, is that good', 'iissycn returned 1722', 'actvesync says error 3']) {
      const result = match(text);
      assert.ok(result.decision === 'answer' && result.matches[0].entry.system !== 'Win32', `"${text}" → ${describeResult(result)}`);
    }
  });
  it('answers a status with the entry written for it, not another that lists it', () => {
    expectAnswer('iissync came back 0, is that good', (r) => /status 0\b/.test(r.matches[0].entry.title), 'the entry titled for status 0');
    expectAnswer('what is iissync 2147500037', (r) => /status 2147500037\b/.test(r.matches[0].entry.title), 'the entry titled for status 2147500037');
  });
  it('answers a status with the entry its words describe, when they clearly describe another entry of that status', () => {
    expectAnswer('iissync returned 2147500037 and only the system and utility packages are left on the other node',
      (r) => r.matches[0].entry.id === 'iissync-deletes-inprocess-packages' && r.matches[0].others.some((e) => /status 2147500037\b/.test(e.title)),
      'the entry on the deleted packages, the status table row as also documented');
  });
});

describe('matcher: decisions', () => {
  for (const question of ['how do I reset my password', 'the printer on floor 3 is jammed', 'what is the weather like in Paris', 'can I order a new laptop']) {
    it(`has no answer for "${question}"`, () => {
      const result = match(question);
      assert.equal(result.decision, 'none', describeResult(result));
    });
  }
  it('offers the mailbox-full entry for a symptom in the user\'s own words, and answers with it when asked plainly', () => {
    const ownWords = match('my mailbox is nearly full and the phone stopped syncing');
    assert.equal(ownWords.matches[0]?.entry.id, 'mis-9', describeResult(ownWords));
    expectAnswer('mailbox full', (r) => r.matches[0].entry.id === 'mis-9', 'MIS_9');
  });
  it('says a deliberate code is unknown instead of guessing', () => {
    const result = match('error 0x80004321');
    assert.equal(result.decision, 'none', describeResult(result));
    assert.deepEqual(result.unknownCodes.map((u) => u.text), ['0x80004321']);
  });
  it('answers each code of a message with several', () => {
    const result = match('iissync returned 1722 first, then status 2148598797 on the second run');
    assert.equal(result.decision, 'answer');
    assert.deepEqual(result.matches.map((m) => m.code), ['1722', '2148598797']);
  });
  it('finds the error line in a long pasted log', () => {
    const noise = Array.from({ length: 5000 }, (_, i) => `2024-03-01 10:00:${i % 60} INFO request ${i} served in ${i % 300} ms`);
    noise.splice(2500, 0, 'ERROR Iissync.exe: Error replicating to target NODEB: Server Execution Failed error code 2148007941 ( 800800005 )');
    const result = match(noise.join('\n'));
    assert.equal(result.decision, 'answer', describeResult(result));
    assert.equal(result.matches[0].code, '2148007941');
    assert.equal(result.matches[0].entry.article, 'Q310412', 'the quoted message picks the article that quotes it');
  });
  it('answers a question asked again (from the results kept) as the first time, whatever a caller did to the first result', () => {
    const question = 'iissync returned 1722 first, then status 2148598797 on the second run';
    const asked = (text: string) => shippedHelpDesk().match(text);
    const first = asked(question);
    const expected = structuredClone(first);
    assert.deepEqual(expected, match(question), 'the same result as the matcher itself');
    first.matches.reverse().pop();
    first.matches[0].others.push(first.matches[0].entry);
    first.systems.length = 0;
    assert.deepEqual(asked(question), expected);
  });
});

describe('matcher: a code is its own evidence', () => {
  const notAnswered = (text: string) => {
    const result = match(text);
    assert.notEqual(result.decision, 'answer', `"${text}" → ${describeResult(result)}`);
    return result;
  };

  it('answers a symbolic code in a paste that also names another system: "MIS_3" names its own', () => {
    const result = match('iissync returned 1726 on the cluster\nthen the device reported status MIS_3');
    assert.equal(result.decision, 'answer');
    assert.deepEqual(result.matches.map((m) => m.code).sort(), ['1726', 'MIS_3']);
  });

  it('never answers an IISSYNC status that Q224801 does not list with another status', () => {
    const listed = new Set(seedStatusCodes());
    const unlisted = [17, 12, 99, 4321].map(String).filter((c) => !listed.has(c));
    for (const code of unlisted) {
      const result = notAnswered(`iissync returned ${code}`);
      assert.deepEqual(result.unknownCodes.map((u) => u.text), [code]);
      assert.ok(result.matches.every((m) => m.neighbour), 'anything offered is offered as another code');
    }
  });

  it('says a MIS code past MIS_9 is unknown, as typed, and offers MIS codes only as other codes', () => {
    for (const form of ['MIS_31', 'what is mis 31', 'MIS-31 on my phone']) {
      const result = notAnswered(form);
      assert.equal(result.unknownCodes[0].code, 'MIS_31');
      assert.ok(result.matches.every((m) => m.neighbour && !m.entry.codes.includes('MIS_31')), describeResult(result));
    }
    assert.equal(match('what is mis 31').unknownCodes[0].text, 'mis 31');
  });

  it('does not answer a named system with another system\'s code', () => {
    const result = notAnswered('iissync failed with status 5');
    assert.deepEqual(result.unknownCodes.map((u) => [u.code, u.system]), [['5', 'IISSYNC']]);
    assert.ok(result.matches.every((m) => m.neighbour), describeResult(result));
  });

  it('answers no status with the entry of another status, however well the words around it fit that entry', () => {
    // The resolution of IISSYNC status 3 says "if the status comes back ... known good backup".
    const result = notAnswered('status 0 came back, is that good');
    assert.ok(result.matches.every((m) => m.code === '0' || m.code === 'MIS_0'), describeResult(result));
  });

  it('still answers the codes it knows beside one it does not', () => {
    const result = match('iissync returned 1722, then status 17');
    assert.equal(result.decision, 'answer');
    assert.deepEqual(result.matches.map((m) => m.code), ['1722']);
    assert.deepEqual(result.unknownCodes.map((u) => u.text), ['17']);
  });
});

describe('matcher: codes as chat clients and web pages deliver them', () => {
  const variants: Array<[string, string]> = [
    ['full-width digits', 'iissync returned \uFF12\uFF11\uFF14\uFF18\uFF10\uFF10\uFF17\uFF19\uFF14\uFF11'],
    ['a zero-width space inside', 'what is MIS\u200B_3'],
    ['a no-break space', 'what is MIS\u00A03'],
    ['a Unicode hyphen', 'what is MIS\u20103'],
    ['a zero-width joiner in an HRESULT', 'error 0x8008\u200D0005'],
  ];
  for (const [what, text] of variants) {
    it(`answers a code written with ${what}`, () => {
      const result = match(text);
      assert.equal(result.decision, 'answer', describeResult(result));
      assert.ok(['2148007941', 'MIS_3'].includes(result.matches[0].code!), describeResult(result));
    });
  }

  it('reads a number in brackets after a device name as part of the name', () => {
    const result = match('Synchronization with POCKETPC(01) started at 10:02');
    assert.ok(!result.matches.some((m) => m.code === 'MIS_1'), describeResult(result));
  });
});

describe('matcher: a code nobody documents, in every form', () => {
  const shown = (r: MatchResult) => JSON.stringify({ decision: r.decision, matches: r.matches.map((m) => m.entry.id), unknown: r.unknownCodes.map((u) => u.code) });

  it('gives the same reply for the decimal, hex, bare hex and signed forms of one HRESULT', () => {
    const forms = ['2148598899', '0x80110473', '80110473', '-2146368397'].map((code) => shown(match(`iissync returned ${code}`)));
    assert.deepEqual(new Set(forms).size, 1, forms.join('\n'));
    assert.match(forms[0], /0x80110473/);
  });

  it('never offers a status that reports success beside a failure it does not know', () => {
    for (const text of ['iissync failed with status 2148598899 replicating the metabase', 'my pocket pc sync failed with MIS_31']) {
      const result = match(text);
      assert.notEqual(result.decision, 'answer', describeResult(result));
      assert.ok(!result.matches.some((m) => ['iissync-0', 'mis-1'].includes(m.entry.id)), `${text} → ${describeResult(result)}`);
    }
  });
});

describe('matcher: product versions are not codes', () => {
  for (const [text, notThis] of [['Exchange 5 mailbox full on my phone', 'mis-5'], ['MS Mail 3.x read receipts never come back', 'mis-3'],
    ['anyone seeing odd Notes addresses like 1/x/y since SP4 on Exchange 5.5?', 'mis-1']]) {
    it(`does not answer "${text}" as a code`, () => {
      const result = match(text);
      assert.ok(!result.matches.some((m) => m.via === 'code'), describeResult(result));
      assert.ok(!(result.decision === 'answer' && result.matches[0].entry.id === notThis), describeResult(result));
    });
  }
});
