import * as assert from 'node:assert/strict';
import { extractCodes, hasWordsBesideCodes, numericKey, parseCode, symbolicKey } from '../../matching/codes/codes';

const options = { symbolicPrefixes: ['MIS'], knownNames: new Set(['SYNC_STATUS_CODE_SYNCKEY']) };
const keysOf = (text: string) => extractCodes(text, options).map((m) => m.keys);
const strongKeys = (text: string) => extractCodes(text, options).filter((m) => m.strong).flatMap((m) => m.keys);

describe('extractCodes: every form of a code is one code', () => {
  const value = numericKey(2148007941);
  for (const form of ['2148007941', '0x80080005', '0X80080005', '80080005', '-2146959355', 'error code 2148007941']) {
    it(`reads "${form}" as 2148007941`, () => {
      assert.ok(strongKeys(form).includes(value), `${form} → ${JSON.stringify(keysOf(form))}`);
    });
  }

  for (const form of ['MIS_3', 'MIS3', 'mis 3', 'MIS-3', 'mis_3', 'what is MIS_3?', 'device shows Mis 3']) {
    it(`reads "${form}" as MIS_3`, () => assert.deepEqual(strongKeys(form), [symbolicKey('MIS', 3)]));
  }

  it('reads a known symbolic name', () => {
    assert.deepEqual(strongKeys('got SYNC_STATUS_CODE_SYNCKEY on the phone'), ['name:SYNC_STATUS_CODE_SYNCKEY']);
  });

  it('understands an HRESULT that wraps a Win32 error as that Win32 code too', () => {
    const [mention] = extractCodes('0x800706BA', options);
    assert.deepEqual(mention.keys, [numericKey(0x800706ba)]);
    assert.equal(mention.win32Key, numericKey(1722));
    assert.equal(extractCodes('RPC failed with 800706BA', options)[0].win32Key, numericKey(1722));
    assert.equal(extractCodes('0x80080005', options)[0].win32Key, undefined);
  });

  it('reads the number after "stop", "bugcheck", "BSOD" or "blue screen" as a bug check, hex with or without 0x', () => {
    for (const text of ['nt4 stop 0x1e at shutdown', 'STOP: 0x0000001E (0xC0000005)', 'stop 1e', 'STOP 0000001E', 'stop error 0x1e',
      'bugcheck 0x1E', 'blue screen error 1E']) {
      const [mention] = extractCodes(text, options);
      assert.deepEqual([mention?.keys, mention?.bugCheck], [[numericKey(0x1e)], true], text);
    }
    // A failure HRESULT after "stop" is the verb's; a small decimal a count; elsewhere no bug check.
    for (const text of ['the service would not stop 0x80070005', 'stop 3 services', 'error 0x1e']) {
      assert.ok(extractCodes(text, options).every((m) => !m.bugCheck), text);
    }
  });

  it('finds the codes inside a pasted message', () => {
    const text = 'Source : 133, scanned, Targets : (133,5), Error replicating to target (Target Name): Server Execution Failed error code 2148007941 ( 800800005 )';
    const keys = strongKeys(text);
    assert.ok(keys.includes(numericKey(2148007941)));
    assert.ok(!keys.includes(numericKey(133)), 'a small bare number is not a code on its own');
  });

  it('treats a small number as a code after a cue word, and as weak otherwise', () => {
    assert.deepEqual(strongKeys('iissync returned status 3'), [numericKey(3)]);
    assert.deepEqual(strongKeys('what is error 1722'), [numericKey(1722)]);
    const weak = extractCodes('iissync 1722', options);
    assert.equal(weak.length, 1);
    assert.equal(weak[0].strong, false);
  });

  it('takes a cue word only in its own sentence, and a number joined to a word as part of it', () => {
    assert.deepEqual(strongKeys('typing sysedit does nothing, no window and no error. Other 16 tools seem dead too'), []);
    assert.deepEqual(keysOf('no error. Other 16-bit tools seem dead too'), []);
    assert.deepEqual(strongKeys('mechwarrior 4 won\'t start, sound buffer error / links 2001 also fails / reinstalled'), []);
    assert.deepEqual(strongKeys('setup error / 1603'), [numericKey(1603)]);
    assert.deepEqual(strongKeys('MS Mail X.400 gty: err 3, X.25 rcv failed on conn'), [numericKey(3)], 'X.25 is a standard, not a code');
    assert.deepEqual(strongKeys('ERROR | RpcClient | 1722'), [numericKey(1722)], 'a log\'s columns are no sentences');
    assert.deepEqual(strongKeys('Error: E.1603 during setup'), [numericKey(1603)]);
    assert.deepEqual(keysOf('a 2-node cluster fails with error 21'), [[numericKey(21)]]);
    assert.deepEqual(strongKeys('Error No. 5 on the second drive'), [numericKey(5)]);
    assert.deepEqual(strongKeys('it failed with an error: 1603'), [numericKey(1603)]);
    // A number right after the full stop is still the cue's; so is one joined to a word after a cue.
    assert.deepEqual(strongKeys('install failed. 1603'), [numericKey(1603)]);
    assert.deepEqual(strongKeys('I get an error... 1603'), [numericKey(1603)]);
    assert.deepEqual(strongKeys('Error 1603-Fatal error during installation'), [numericKey(1603)]);
    assert.deepEqual(strongKeys('Microsoft Reader encountered an internal error. ID Number: 010'), [numericKey(10)]);
  });

  it('reads the number after a counting word as a line or a step, not as the code a cue word before it announces', () => {
    assert.deepEqual(extractCodes('Microsoft VBScript runtime error Line 41 Object doesn\'t support this property', options), []);
    assert.deepEqual(strongKeys('error 5 at line 3'), [numericKey(5)]);
  });

  it('reads a memory address as an address, not as a code', () => {
    assert.deepEqual(strongKeys('The instruction at "0x50c2b90d" referenced memory at "0x00000000".'), []);
    assert.deepEqual(strongKeys('Exception: access violation (0xc0000005), Address: 0x1001729a'), [numericKey(0xc0000005)]);
  });

  it('ignores versions, times, dates and addresses', () => {
    const text = 'IIS 5.0 on Windows 2000 at 10:22:33 on 2024-01-02 from 192.168.0.10';
    assert.deepEqual(strongKeys(text), []);
  });

  it('reads the number after a product as its version, never as a code', () => {
    for (const text of ['Exchange 5 mailbox full', 'MS Mail 3.x read receipts', 'Office 97 crashes', 'Windows 3.1 hangs', 'SQL 7 setup fails',
      'NT 4 server', 'MIS 1.5 on the server', 'addresses like 1/x/y since SP4']) {
      assert.deepEqual(keysOf(text), [], text);
    }
    // A cue word before the product is about something else: the number is still its version.
    assert.deepEqual(keysOf('registry database error after Office 97 Pro was uninstalled'), []);
    // A cue word right before the number still makes it a code: the user says it is one.
    assert.deepEqual(strongKeys('Exchange error 5'), [numericKey(5)]);
    assert.deepEqual(strongKeys('MIS 1.5 device shows MIS_4'), [symbolicKey('MIS', 4)]);
  });

  it('reads a negative number as a code when it is an HRESULT written signed, or a cue word says so', () => {
    assert.deepEqual(strongKeys('returned -2147467259 on startup'), [numericKey(0x80004005)]);
    assert.deepEqual(strongKeys('numbers typed like +12 and -5 in the table'), []);
    assert.deepEqual(strongKeys('the call returned -5'), [numericKey(0xFFFFFFFB)]);
  });

  it('reads a message that is only a number as that code', () => {
    assert.deepEqual(strongKeys('3'), [numericKey(3)]);
  });

  it('reads one code once, however often it repeats', () => {
    assert.equal(extractCodes('error 1722, error 1722 again, 0x6BA, then error 1726', options).length, 2);
  });

  it('reads a cued code where it is, though the same number came before as a count', () => {
    const mentions = extractCodes('synced 5 items\nthen the device failed with error 5', options);
    assert.deepEqual(mentions.map((m) => [m.text, m.strong, m.start]), [['5', true, 49]]);
  });

  it('stays linear on hostile input', () => {
    const hostile = `${'MIS_'.repeat(50_000)}${'9'.repeat(100_000)}${'-0x'.repeat(50_000)}`;
    const started = process.hrtime.bigint();
    extractCodes(hostile, options);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 1000, `took ${ms} ms`);
  });
});

describe('parseCode: codes as knowledge files write them', () => {
  it('normalises decimal, hex and symbolic codes', () => {
    assert.equal(parseCode('2148007941'), numericKey(2148007941));
    assert.equal(parseCode('0x80080005'), numericKey(2148007941));
    assert.equal(parseCode('-2146959355'), numericKey(2148007941));
    assert.equal(parseCode('MIS_3', ['MIS']), symbolicKey('MIS', 3));
  });
  it('rejects what is not a code', () => {
    assert.equal(parseCode('MIS_3'), undefined, 'unknown prefix');
    assert.equal(parseCode('12345678901'), undefined, 'more than 32 bits');
    assert.equal(parseCode('abc'), undefined);
  });
});

describe('hasWordsBesideCodes: words that could tell the entries of a code apart', () => {
  const besides = (text: string) => hasWordsBesideCodes(text, extractCodes(text));
  it('finds none in a code asked about, whatever the cue and question words around it', () => {
    for (const text of ['error 20', 'what is error code 0x80070005?', 'it returned -2146959355', 'MIS_3', 'error 20, then error 20 again']) assert.ok(!besides(text), text);
  });
  it('finds the words of a message around its number', () => {
    for (const text of ['Error SMTPGET: 20 -', 'sync failed with error 3 on the mailbox server']) assert.ok(besides(text), text);
  });
});
