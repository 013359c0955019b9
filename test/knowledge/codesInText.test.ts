import * as assert from 'node:assert/strict';
import { codesIn } from '../../knowledge/importers/codesInText';
import { parseArticle } from '../../knowledge/importers/parseArticle';

describe('articles: codes named in text', () => {
  const cases: Array<[string, string[]]> = [
    ['The tool fails with Error Code 12', ['12']],
    ['the status reported by the service is :2147500037.', ['2147500037']],
    ['errors 7023 and 7001 are logged', ['7023', '7001']],
    ['error code 5 (00000005) in the log', ['5']],
    ['Stop 1E while copying', ['30']],
    ['a STOP 0x0000000A screen', ['10']],
    ['setup ends with "8007000E" error', ['2147942414']],
    ['error -2147467259 when opening', ['2147500037']],
    ['error on the Year 2000 disc with Windows 2000 and IIS 4.0', []],
    ['flag=0 is returned; version 4.0', []],
    ['Microsoft Exchange Administrator ID no. c1031662', ['3238205026']],
    ['MAPI 1.0 ID no: 0x80040111', ['2147746065']],
    ['Event ID no longer 5004 after the fix', []],
    ['the SCSI ID number is 7 on that bus', []],
    ['GetLastError returns the error number. 0 means success', []],
    ['Fatal error: Exception code=C0000005', ['3221225477']],
    ['the call fails with HRESULT=0x80004005', ['2147500037']],
    ['If Err = 0 Then, and if (status == 0)', []],
  ];
  for (const [text, codes] of cases) it(`"${text}" → ${codes.join(', ') || 'none'}`, () => assert.deepEqual(codesIn(text), codes));

  it('reads a title\'s error-shaped hex value as its code without a cue, and no other hex', () => {
    const codesOf = (title: string) => parseArticle(`DOCUMENT:Q900009\nTITLE   :${title}\n\nSYMPTOMS\n========\n\nThe service stops.\n`, 'Q900009.TXT').codes;
    assert.deepEqual(codesOf('C0000008 (INVALID_HANDLE) Occurs When Restarting ASP Application'), ['3221225480']);
    assert.deepEqual(codesOf('Setup Does Not Work with 0XC103FC93'), ['3238263955']);
    assert.deepEqual(codesOf('Print Server Translates Characters Below 0x40 to Spaces (0x20)'), []);
    assert.deepEqual(codesOf('Setup Hangs Accessing CD-ROM Drive with CD17F14A.SYS'), []);
    assert.deepEqual(codesOf('RAS STOP Msg: 0x0000000a (6194ea98,00000002,00000001,80115534)'), ['10']);
  });
});
