import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { downloadUrlProblem, FILE_DOWNLOAD_INFO } from '../../bot/fileAttachment';
import { postToBot, userActivity } from '../stubConnector';
import { appForSuite } from '../teamsApp';

const LOG = [
  '2026-11-30 08:14:02 INFO  sync started for device WM-0042',
  '2026-11-30 08:14:03 INFO  folder Inbox: 12 items',
  '2026-11-30 08:14:05 ERROR synchronization failed with status MIS_3',
  '2026-11-30 08:14:05 INFO  session closed',
].join('\r\n');

describe('Teams: a log file shared in the chat is read as a paste', function () {
  this.timeout(20_000);
  const suite = appForSuite('teams-files', { connectorTimeoutMs: 1000 });
  let files: http.Server;
  let filesUrl = '';
  const fetched: string[] = [];
  const bodies: Record<string, Buffer | 'hang'> = {
    '/setup.log': Buffer.from(LOG),
    '/utf16.log': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LOG, 'utf16le')]),
    '/binary.log': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a, ...Buffer.from('MIS_3')]),
    '/huge.log': Buffer.concat([Buffer.from(`${LOG}\n`), Buffer.alloc(3 * 1024 * 1024, 'INFO request served in 12 ms\n')]),
    '/empty.txt': Buffer.alloc(0),
    '/slow.log': 'hang',
  };

  before(async () => {
    files = http.createServer((req, res) => {
      fetched.push(req.url ?? '');
      const body = bodies[req.url ?? ''];
      if (body === 'hang') return;
      if (!body) res.writeHead(404).end();
      else res.end(body);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  after(async () => {
    files.closeAllConnections();
    files.close();
  });

  /** Shares a file in the personal chat, the way Teams sends it, and returns the texts and cards the bot posted. */
  async function share(name: string, downloadUrl: string, text = ''): Promise<{ texts: string[]; cards: string }> {
    const before = suite.connector.calls.length;
    const attachment = { contentType: FILE_DOWNLOAD_INFO, name, content: { downloadUrl, uniqueId: 'a1', fileType: name.split('.').pop() } };
    const status = await postToBot(suite.app.url, userActivity(suite.connector.url, 'a:personal-files', { id: '29:alice' }, { channelId: 'msteams', text, attachments: [attachment] }));
    assert.equal(status, 200);
    const posted = suite.connector.calls.slice(before).filter((call) => call.activity?.type === 'message').map((call) => call.activity);
    return { texts: posted.map((a) => a.text).filter(Boolean), cards: JSON.stringify(posted.flatMap((a) => a.attachments ?? [])) };
  }

  it('a .log file naming a code is answered like the pasted log', async () => {
    const { cards } = await share('setup.log', `${filesUrl}/setup.log`);
    assert.match(cards, /MIS_3: sync key mismatch/);
  });

  it('a UTF-16 log, as Windows tools write them, is read too', async () => {
    assert.match((await share('utf16.log', `${filesUrl}/utf16.log`)).cards, /MIS_3: sync key mismatch/);
  });

  it('a binary file is refused in words, an empty one too', async () => {
    const binary = await share('binary.log', `${filesUrl}/binary.log`);
    assert.match(binary.texts.join('\n'), /"binary\.log" is not text/);
    assert.equal(binary.cards, '[]');
    assert.match((await share('empty.txt', `${filesUrl}/empty.txt`)).texts.join('\n'), /"empty\.txt" is empty/);
  });

  it('past 1 MB it says it read the head, and answers from it', async () => {
    const { texts, cards } = await share('huge.log', `${filesUrl}/huge.log`);
    assert.match(texts.join('\n'), /longer than 1024 KB: I read its first 1024 KB/);
    assert.match(cards, /MIS_3: sync key mismatch/);
  });

  it('a file type that is not text is refused by name, without downloading it', async () => {
    const count = fetched.length;
    assert.match((await share('setup.exe', `${filesUrl}/setup.log`)).texts.join('\n'), /I read text files .* "setup\.exe" is not one/);
    assert.equal(fetched.length, count);
  });

  it('a link off this machine (anonymous mode) is never fetched', async () => {
    const { texts } = await share('metadata.log', 'http://169.254.169.254/latest/meta-data/iam');
    assert.match(texts.join('\n'), /could not read "metadata\.log": the file is not on this machine/);
  });

  it('a download that hangs ends with a message within the timeout', async () => {
    const started = Date.now();
    assert.match((await share('slow.log', `${filesUrl}/slow.log`)).texts.join('\n'), /could not download "slow\.log" in time/);
    assert.ok(Date.now() - started < 5000);
  });
});

describe('file download links when the bot is authenticated', () => {
  const policy = { anonymous: false, hosts: ['.sharepoint.com'] };
  it('only https links to the allowed hosts, without credentials', () => {
    assert.equal(downloadUrlProblem('https://contoso-my.sharepoint.com/personal/alice/_layouts/15/download.aspx?UniqueId=1&tempauth=x', policy), undefined);
    assert.match(downloadUrlProblem('http://contoso-my.sharepoint.com/f.log', policy)!, /not https/);
    assert.match(downloadUrlProblem('https://contoso.sharepoint.com.evil.example/f.log', policy)!, /only from \.sharepoint\.com/);
    assert.match(downloadUrlProblem('https://127.0.0.1/f.log', policy)!, /only from/);
    assert.match(downloadUrlProblem('https://user:pw@contoso.sharepoint.com/f.log', policy)!, /credentials/);
    assert.match(downloadUrlProblem('not a url', policy)!, /not a URL/);
  });
});
