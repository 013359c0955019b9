import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { StorageSharedKeyCredential } from '@azure/storage-blob';
import { BlobStorage } from '../../storage/blobStorage';
import { openStorage } from '../../storage/openStorage';
import { readEscalationConfig } from '../../tickets/config';
import { ACCOUNT, ACCOUNT_KEY, startAzurite } from '../azurite';
import { storageContract } from '../storageContract';
import { tempDir } from '../tempDir';

/**
 * Blob storage without a connection string: AZURE_STORAGE_ACCOUNT_URL and a credential, as
 * the Azure deployment (infra/) sets it up with a managed identity. Azurite accepts no
 * managed identity token over http, so the credential here is its account key; the
 * account URL path through BlobsStorage and the container client is the same.
 */
describe('Azure Blob Storage by account URL and credential (Azurite)', function () {
  this.timeout(30_000);
  let azurite: { child: ChildProcess; blobEndpoint: string };
  const container = `helpdesk-${randomBytes(4).toString('hex')}`;
  const byUrl = () => new BlobStorage({ url: azurite.blobEndpoint, credential: new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY) }, container);

  before(async () => {
    azurite = await startAzurite();
    await byUrl().list('warm-up');
  });
  after(() => {
    azurite?.child.kill();
  });

  storageContract('BlobStorage by account URL', byUrl);

  it('STORAGE=blob without an account URL or connection string says which settings to set', () => {
    const config = readEscalationConfig({ STORAGE: 'blob' });
    assert.throws(() => openStorage(config, tempDir('no-blob')), /AZURE_STORAGE_ACCOUNT_URL.*AZURE_STORAGE_CONNECTION_STRING/);
  });

  it('reads AZURE_STORAGE_ACCOUNT_URL, so a deployment needs no storage secret', () => {
    const config = readEscalationConfig({ STORAGE: 'blob', AZURE_STORAGE_ACCOUNT_URL: 'https://helpdesk.blob.core.windows.net' });
    assert.equal(config.blobAccountUrl, 'https://helpdesk.blob.core.windows.net');
    assert.equal(config.blobConnectionString, '');
    assert.ok(openStorage(config, tempDir('by-url')) instanceof BlobStorage, 'opened without contacting Azure');
  });
});
