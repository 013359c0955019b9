import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { draftEntry, draftProblem, DraftSource } from '../../servedKnowledge/draftEntry';
import { ApprovedKnowledge } from '../../escalation/approvedKnowledge';
import { defaultKnowledgeDir, loadKnowledge } from '../../knowledge/load';
import { FileStorage } from '../../storage/fileStorage';
import { shippedHelpDesk } from '../helpers';
import { tempDir } from '../tempDir';

const source = (question: string, more: Partial<DraftSource> = {}): DraftSource =>
  ({ ticketId: 'HD-2345ABCD', question, resolution: 'Restarted the service', cause: '', answered: [], ...more });

describe('draft entries written from resolved tickets', () => {

  it('takes the code and its system from the question, the message without its log prefix, the steps without their numbers', () => {
    const entry = draftEntry(source('2024-03-05 10:22:33 ERROR [Iissync] iissync returned 17: The metabase copy did not finish on the target node',
      { resolution: '1) Stop IIS on the target node\n2) Run iissync again\n\n- Start IIS', cause: 'Disk full on the target' }), shippedHelpDesk());
    assert.equal(entry.id, 'ticket-hd-2345abcd');
    assert.equal(entry.system, 'IISSYNC');
    assert.deepEqual(entry.codes, ['17']);
    assert.deepEqual(entry.resolution, ['Stop IIS on the target node', 'Run iissync again', 'Start IIS']);
    assert.equal(entry.cause, 'Disk full on the target');
    assert.ok(entry.messages.some((m) => m.startsWith('iissync returned 17')), `the message without the prefix: ${entry.messages}`);
    assert.ok(entry.messages.every((m) => !m.startsWith('2024')), 'no timestamp kept');
    assert.equal(entry.title.match(/\b17\b/g)?.length, 1, `the title names the code once: ${entry.title}`);
  });

  it('files a question that names no system under the help desk, and says when the cause is not known', () => {
    const entry = draftEntry(source('The badge printer in building 4 prints blank cards', { answered: [] }), shippedHelpDesk());
    assert.equal(entry.system, 'Help desk');
    assert.deepEqual(entry.codes, []);
    assert.deepEqual(entry.symptoms, ['The badge printer in building 4 prints blank cards']);
    assert.match(entry.cause, /without saying why/);
  });

  it('keeps no code whose system is unknown inside another system: "error 17" alone is no IISSYNC code', () => {
    const entry = draftEntry(source('error 17 when copying the site', { answered: [{ system: 'IISSYNC', article: 'Q224801' }] }), shippedHelpDesk());
    assert.equal(entry.system, 'IISSYNC');
    assert.deepEqual(entry.codes, []);
    assert.deepEqual(entry.related, ['Q224801']);
  });

  it('never takes over a documented code, and keeps only codes its system can have', () => {
    const documented = draftEntry(source('MIS_3 on my pocket pc and the sync stops'), shippedHelpDesk());
    assert.equal(documented.system, 'Server ActiveSync');
    assert.deepEqual(documented.codes, [], 'MIS_3 has its entry: the draft does not answer "what is MIS_3"');
    const hex = draftEntry(source('my app crashes with 0xC0000005 every morning'), shippedHelpDesk());
    assert.equal(hex.system, 'Help desk');
    assert.deepEqual(hex.codes, [], 'a hex code is no decimal help desk code');
    assert.equal(draftProblem(hex, shippedHelpDesk().kb.systems), undefined);
  });

  it('files the draft under a system a knowledge file declares, never under an imported article\'s product', () => {
    const entry = draftEntry(source('the web server stops', { answered: [{ system: 'Internet Information Server', article: 'Q123456' }] }), shippedHelpDesk());
    assert.equal(entry.system, 'Help desk');
    assert.match(draftProblem({ ...entry, system: 'Internet Information Server' }, shippedHelpDesk().kb.systems)!, /not in the knowledge base/);
    assert.match(draftProblem({ ...entry, system: 'Server ActiveSync', codes: ['17'] }, shippedHelpDesk().kb.systems)!, /is not a code of Server ActiveSync/);
  });

  it('keeps the user\'s words from becoming a link in later answers', () => {
    const entry = draftEntry(source('[Reset your password](https://evil.example) "[Fix it](https://evil.example/x) now please do"'), shippedHelpDesk());
    for (const text of [entry.title, ...entry.symptoms, ...entry.messages]) assert.doesNotMatch(text, /\]\(/, text);
  });

  it('approved entries are files that load cleanly, written again from the store when the folder lost them', async () => {
    const dir = tempDir('approved');
    const storage = new FileStorage(path.join(dir, 'store'));
    const approved = new ApprovedKnowledge(storage, path.join(dir, 'knowledge'));
    const entry = draftEntry(source('The badge printer in building 4 prints blank cards'), shippedHelpDesk());
    await approved.add(entry, 'Approved by Lee\nfrom HD-2345ABCD');
    const file = path.join(dir, 'knowledge', 'ticket-hd-2345abcd.yaml');
    const loaded = loadKnowledge([defaultKnowledgeDir(), file]);
    assert.deepEqual(loaded.issues, []);
    assert.equal(loaded.kb.entries.find((e) => e.id === entry.id)?.system, 'Help desk', 'the file declares the help desk system');

    fs.rmSync(path.join(dir, 'knowledge'), { recursive: true });
    assert.equal(await new ApprovedKnowledge(storage, path.join(dir, 'knowledge')).restore(), 1);
    assert.match(fs.readFileSync(file, 'utf8'), /^# Approved by Lee\n# from HD-2345ABCD\n/);
    fs.appendFileSync(file, '# edited by a lead\n');
    assert.equal(await approved.restore(), 0, 'nothing to write when the files are there');
    assert.match(fs.readFileSync(file, 'utf8'), /edited by a lead/, 'a lead\'s edit stays');

    await approved.remove(entry.id);
    assert.equal(fs.existsSync(file), false);
    assert.equal(await approved.restore(), 0, 'a withdrawn entry does not come back');
  });
});
