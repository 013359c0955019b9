import * as assert from 'node:assert/strict';
import { LONG_LINE, MAX_READ_LINES, readPaste } from '../../matching/pastes/pasteLines';
import { shippedHelpDesk } from '../helpers';

const noise = (i: number) => `2026-11-30 08:14:${String(i % 60).padStart(2, '0')} INFO  [SyncWorker] folder Inbox: ${i % 40} items processed in ${i % 90} ms`;
const log = (count: number, at: Record<number, string>) => Array.from({ length: count }, (_, i) => at[i + 1] ?? noise(i)).join('\n');

describe('reading a long paste line by line', () => {
  it('reads every line with an error or a code, wherever it is, and says how many there were and how many differ', () => {
    const { reading, read } = readPaste(log(12_000, {
      40: '2026-11-30 08:15:01 ERROR [SyncWorker] request 1201 failed: timeout after 30 s',
      7_012: '2026-11-30 09:15:02 ERROR [SyncWorker] request 8830 failed: timeout after 31 s',
      11_998: '2026-11-30 10:15:03 WARN  [SyncWorker] device reported status MIS_3',
    }), ['MIS']);
    assert.deepEqual({ lines: reading.lines, errorLines: reading.errorLines, distinct: reading.distinctErrorLines },
      { lines: 12_000, errorLines: 3, distinct: 2 }, 'lines that differ in their time and numbers are one kind');
    assert.deepEqual(read.filter((r) => r.line > 1000).map((r) => [r.line, r.message]), [
      [7_012, 'request 8830 failed: timeout after 31 s'],
      [11_998, 'device reported status MIS_3'],
    ]);
  });

  it('finds the lines worth reading where they are, after characters that lower case makes two of (İ)', () => {
    const { read } = readPaste(log(100, { 3: 'İSTANBUL İZMİR '.repeat(40), 60: 'ERROR device reported status MIS_3' }), ['MIS']);
    assert.deepEqual(read.filter((r) => r.message.includes('MIS_3')).map((r) => r.line), [60]);
  });

  it('skips a line too long to be a message, and counts it', () => {
    const dump = `2026-11-30 08:15:01 ERROR dump ${'0x80004005 '.repeat(LONG_LINE / 10)}`;
    const { reading, read } = readPaste(log(200, { 100: dump }), ['MIS']);
    assert.equal(reading.longLines, 1);
    assert.equal(reading.errorLines, 0);
    assert.ok(read.every((r) => r.line !== 100));
  });

  it('stops after so many different error lines, and says from which line on it did not read', () => {
    const lines = Array.from({ length: MAX_READ_LINES + 500 }, (_, i) => `ERROR request ${i * 7919} failed`).join('\n');
    const { reading } = readPaste(lines, []);
    assert.deepEqual([reading.errorLines, reading.unreadLines, reading.firstUnreadLine], [MAX_READ_LINES + 500, 500, MAX_READ_LINES + 1]);
  });
});

describe('the matcher on a long log', () => {
  it('answers a code on line 7,000 of a 1 MB log, with its line; its own line names its system', () => {
    const text = log(12_000, { 7_012: '2026-11-30 09:15:02 ERROR [Rpc] win32 error 1722', 9_000: '2026-11-30 09:15:02 ERROR [Sync] iissync returned 1722' });
    const result = shippedHelpDesk().matcher.match(text);
    assert.deepEqual(result.matches.map((m) => [m.entry.system, m.code, m.line]), [['Win32', '1722', 7_012]]);
    assert.equal(result.reading?.lines, 12_000);
  });
});
