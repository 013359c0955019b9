import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { draftEntry, DraftSource } from '../../helpDesk/draftEntry';
import { ApprovedKnowledge } from '../../escalation/approvedKnowledge';
import { defaultKnowledgeDir, loadKnowledge } from '../../knowledge/load';
import { FileStorage } from '../../storage/fileStorage';
import { shippedHelpDesk } from '../helpers';
import { tempDir } from '../ticketHelpers';

const source = (question: string, more: Partial<DraftSource> = {}): DraftSource =>
  ({ ticketId: 'HD-2345ABCD', question, resolution: 'Restarted the service', cause: '', answered: [], ...more });

describe('draft entries written from resolved tickets', () => {
  const matcher = () => shippedHelpDesk().matcher;

  it('takes the code and its system from the question, the message without its log prefix, the steps without their numbers', () => {
    const entry = draftEntry(source('2024-03-05 10:22:33 ERROR [Iissync] iissync returned 17: The metabase copy did not finish on the target node',
      { resolution: '1) Stop IIS on the target node\n2) Run iissync again\n\n- Start IIS', cause: 'Disk full on the target' }), matcher());
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
    const entry = draftEntry(source('The badge printer in building 4 prints blank cards', { answered: [] }), matcher());
    assert.equal(entry.system, 'Help desk');
    assert.deepEqual(entry.codes, []);
    assert.deepEqual(entry.symptoms, ['The badge printer in building 4 prints blank cards']);
    assert.match(entry.cause, /without saying why/);
  });

  it('keeps no code whose system is unknown inside another system: "error 17" alone is no IISSYNC code', () => {
    const entry = draftEntry(source('error 17 when copying the site', { answered: [{ system: 'IISSYNC', article: 'Q224801' }] }), matcher());
    assert.equal(entry.system, 'IISSYNC');
    assert.deepEqual(entry.codes, []);
    assert.deepEqual(entry.related, ['Q224801']);
  });

  it('approved entries are files that load cleanly, written again from the store when the folder lost them', async () => {
    const dir = tempDir('approved');
    const storage = new FileStorage(path.join(dir, 'store'));
    const approved = new ApprovedKnowledge(storage, path.join(dir, 'knowledge'));
    const entry = draftEntry(source('The badge printer in building 4 prints blank cards'), matcher());
    await approved.add(entry, 'Approved by Lee\nfrom HD-2345ABCD');
    const file = path.join(dir, 'knowledge', 'ticket-hd-2345abcd.yaml');
    const loaded = loadKnowledge([defaultKnowledgeDir(), file]);
    assert.deepEqual(loaded.issues, []);
    assert.equal(loaded.kb.entries.find((e) => e.id === entry.id)?.system, 'Help desk', 'the file declares the help desk system');

    fs.rmSync(path.join(dir, 'knowledge'), { recursive: true });
    assert.equal(await new ApprovedKnowledge(storage, path.join(dir, 'knowledge')).restore(), 1);
    assert.match(fs.readFileSync(file, 'utf8'), /^# Approved by Lee\n# from HD-2345ABCD\n/);
    assert.equal(await approved.restore(), 0, 'nothing to write when the files are there');
  });
});
