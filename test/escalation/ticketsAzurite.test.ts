import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ContainerClient } from '@azure/storage-blob';
import { startApp, RunningApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { BlobStorage } from '../../storage/blobStorage';
import { DirectLineUser, submitData, textOf } from '../directLineClient';
import { startAzurite } from '../azurite';
import { eventually } from '../helpers';
import { storageContract } from '../storageContract';
import { postToBot, userActivity } from '../stubConnector';
import { escalationConfig } from '../ticketHelpers';
import { tempDir } from '../tempDir';

describe('Azure Blob Storage (Azurite, started by the test)', function () {
  this.timeout(30_000);
  let azurite: { child: ChildProcess; connectionString: string };
  const container = `helpdesk-${randomBytes(4).toString('hex')}`;

  before(async () => {
    azurite = await startAzurite();
    // Azurite's first request sets up its database (seconds); not part of any test.
    await new BlobStorage(azurite.connectionString, container).list('warm-up');
  });
  after(() => {
    azurite?.child.kill();
  });

  storageContract('BlobStorage', () => new BlobStorage(azurite.connectionString, container));

  it('reads and writes blobs as botbuilder-azure-blobs\' BlobsStorage did: the key URI-encoded, the item without its eTag', async () => {
    const blobs = new ContainerClient(azurite.connectionString, container);
    const old = JSON.stringify({ number: 'HD-1', text: 'Zoë' });
    await blobs.getBlockBlobClient(encodeURIComponent('compat/HD-1 ü')).upload(old, Buffer.byteLength(old));
    const storage = new BlobStorage(azurite.connectionString, container);
    const read = (await storage.read(['compat/HD-1 ü']))['compat/HD-1 ü'];
    assert.deepEqual({ ...read, eTag: undefined }, { number: 'HD-1', text: 'Zoë', eTag: undefined });
    await storage.write({ 'compat/HD-1 ü': { ...read, text: 'Zoë ✓' } });
    assert.deepEqual(JSON.parse((await blobs.getBlobClient(encodeURIComponent('compat/HD-1 ü')).downloadToBuffer()).toString()), { number: 'HD-1', text: 'Zoë ✓' });
    // Empty segments dropped, as its sanitizeBlobKey did: a state key's trailing "/" names no blob of its own.
    await storage.write({ 'compat/conversations/c-1/': { turns: 1 } });
    assert.ok(await blobs.getBlobClient(encodeURIComponent('compat/conversations/c-1')).exists());
  });

  describe('two bot instances sharing it', () => {
    const apps: RunningApp[] = [];
    before(async () => {
      for (let i = 0; i < 2; i++) {
        const escalation = escalationConfig({ storage: 'blob', blobConnectionString: azurite.connectionString, blobContainer: container });
        // Clicks reach both instances with the first one's local chat as serviceUrl.
        const allowedServiceUrls = apps.map((app) => app.url);
        apps.push(await startApp({ ...readConfig(), port: 0, microsoftAppId: '', microsoftAppPassword: '', dataDir: tempDir(`instance${i}`), escalation, allowedServiceUrls }));
      }
    });
    after(async () => {
      // Deliveries first, everywhere: one instance's outbox may be posting to the other's local chat.
      await Promise.all(apps.map((app) => app.escalations.stop()));
      await Promise.all(apps.map((app) => app.close()));
    });

    it('both create tickets, one help desk gets them all, one click makes one ticket, and of two agents taking at once one wins', async () => {
      const [one, two] = apps;
      const desk = await DirectLineUser.open(one.url, { id: 'agent-ann', name: 'Ann' });
      await desk.say('register escalations here');
      await desk.fromBot((a) => /Escalations will be posted here/.test(a.text ?? ''), 'the registration');

      // A user on each instance escalates.
      const ids: string[] = [];
      for (const [i, app] of apps.entries()) {
        const user = await DirectLineUser.open(app.url, { id: `user-${i}`, name: `User ${i}` });
        const asked = await user.say('what is MIS_3');
        const answer = await user.fromBot((a) => a.replyToId === asked && a.attachments?.length, 'the answer');
        await user.submit(submitData(answer, 'escalate'));
        const confirmed = await user.fromBot((a) => a.id === answer.id && /HD-/.test(textOf(a)), 'the confirmation');
        ids.push(/HD-[A-Z0-9]{8}/.exec(textOf(confirmed))![0]);
      }
      for (const app of apps) assert.deepEqual((await app.escalations.tickets.all()).map((t) => t.id).sort(), [...ids].sort(), 'each instance sees both');
      const cards = await eventually(async () => {
        const posted = (await desk.activities()).filter((a) => /Ticket HD-/.test(textOf(a)));
        return posted.length === 2 && posted;
      }, 'both ticket cards in the help desk (one posted by the other instance)');

      // The same click reaches both instances at once.
      const click = () =>
        userActivity(one.url, desk.conversationId, { id: 'user-both' }, { value: { action: 'escalate', query: 'twice', decision: 'none', entryIds: [], cardId: 'card-both' } });
      await Promise.all(apps.map((app) => postToBot(app.url, click())));
      assert.equal((await one.escalations.tickets.all()).filter((t) => t.user.id === 'user-both').length, 1);

      // Two agents take the same ticket, one through each instance, at the same moment.
      const ticketId = ids[1];
      const card = cards.find((a: any) => textOf(a).includes(ticketId));
      const takes = ['agent-cy', 'agent-di'].map((id) =>
        userActivity(one.url, desk.conversationId, { id }, { id: `take-${id}`, value: submitData(card, 'take') }),
      );
      await Promise.all(takes.map((take, i) => postToBot(apps[i].url, take)));
      const winner = (await two.escalations.tickets.get(ticketId))!.assignedTo!.id;
      const loser = winner === 'agent-cy' ? 'agent-di' : 'agent-cy';
      await desk.fromBot((a) => a.replyToId === `take-${loser}` && a.text === `${ticketId} is already taken by ${winner}.`, 'the refusal of the loser');
    });
  });
});
