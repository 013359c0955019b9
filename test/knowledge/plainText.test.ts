import * as assert from 'node:assert/strict';
import { plainText } from '../../knowledge/plainText';

describe('plainText: knowledge written from tickets, as cards may show it', () => {
  const HOSTS = ['docs.contoso.com'];
  const cases: Array<[string, string, string]> = [
    ['a link to a host not allowed', 'run [this fixer](https://evil.example/fix.exe)', 'run this fixer (https[:]//evil[.]example/fix[.]exe)'],
    ['an allowed https link: kept, its host shown', 'read [the guide](https://docs.contoso.com/a)', 'read [the guide](https://docs.contoso.com/a) (docs.contoso.com)'],
    ['an allowed host over http', '[guide](http://docs.contoso.com/a)', 'guide (http[:]//docs[.]contoso[.]com/a)'],
    ['a subdomain of an allowed host', '[guide](https://evil.docs.contoso.com/a)', 'guide (https[:]//evil[.]docs[.]contoso[.]com/a)'],
    ['credentials in an allowed link', '[guide](https://docs.contoso.com@evil.example/a)', 'guide (https[:]//docs[.]contoso[.]com@evil[.]example/a)'],
    ['an image, even from an allowed host', '![x](https://docs.contoso.com/i.png)', 'x (https[:]//docs[.]contoso[.]com/i[.]png)'],
    ['a javascript: link', '[x](javascript:alert(1))', '[x] (javascript:alert(1))'],
    ['autolinks and tags', '<https://evil.example/a> <b>hi</b>', 'https[:]//evil[.]example/a \u2039b\u203Ahi\u2039/b\u203A'],
    ['bare addresses', 'see www.evil.example or ftp://evil.example', 'see www[.]evil[.]example or ftp[:]//evil[.]example'],
    ['emphasis, but not the underscores of codes or 2*3*4', '**Restart** _now_: MIS_3, SYNC_STATUS_CODE_SYNCKEY, 2*3*4', 'Restart now: MIS_3, SYNC_STATUS_CODE_SYNCKEY, 2*3*4'],
  ];
  for (const [what, text, plain] of cases) {
    it(`${what}; and a second time, nothing more`, () => {
      assert.equal(plainText(text, HOSTS), plain);
      assert.equal(plainText(plain, HOSTS), plain);
    });
  }

  it('no allowed hosts (the default): no link at all', () => {
    assert.equal(plainText('read [the guide](https://docs.contoso.com/a)'), 'read the guide (https[:]//docs[.]contoso[.]com/a)');
  });
});
