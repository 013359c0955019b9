import type { StoreItem, StoreItems } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { TokenCredential } from '@azure/identity';
import { ContainerClient, RestError, StorageSharedKeyCredential } from '@azure/storage-blob';
import { ETagConflict, TicketStorage } from './storage';

/** A storage account by its blob endpoint (https://NAME.blob.core.windows.net) and a credential for it. */
export interface BlobAccount {
  url: string;
  credential: TokenCredential | StorageSharedKeyCredential;
}

/**
 * Azure Blob Storage for several bot instances: botbuilder-azure-blobs' BlobsStorage for
 * read, write and delete (eTag writes are If-Match uploads), and the same container through
 * @azure/storage-blob for what BlobsStorage lacks: If-None-Match uploads (create) and
 * listing by prefix. Blob names are BlobsStorage's: the key, URI-encoded.
 *
 * Reached with a connection string (a secret), or with the account's URL and a credential:
 * in Azure a managed identity's token, no secret at all.
 */
export class BlobStorage implements TicketStorage {
  private readonly blobs: BlobsStorage;
  private readonly container: ContainerClient;
  private ready?: Promise<unknown>;

  constructor(account: string | BlobAccount, containerName: string) {
    if (typeof account === 'string') {
      this.blobs = new BlobsStorage(account, containerName);
      this.container = new ContainerClient(account, containerName);
    } else {
      const containerUrl = `${account.url.replace(/\/+$/, '')}/${containerName}`;
      this.blobs = new BlobsStorage('', containerName, undefined, containerUrl, account.credential);
      this.container = new ContainerClient(containerUrl, account.credential);
    }
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.blobs.read(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    try {
      await this.blobs.write(changes);
    } catch (error) {
      // BlobsStorage turns a 412 into a plain Error; give callers the typed one.
      const conflict = /^Storage: error writing "(.*)" due to eTag conflict\.$/.exec((error as Error).message);
      if (conflict) throw new ETagConflict(conflict[1]);
      throw error;
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.blobs.delete(keys);
  }

  async create(key: string, { eTag: _eTag, ...item }: StoreItem): Promise<boolean> {
    await this.containerReady();
    const body = JSON.stringify(item);
    try {
      await this.container.getBlockBlobClient(blobName(key)).upload(body, Buffer.byteLength(body), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return true;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return false;
      throw error;
    }
  }

  async list(namespace: string): Promise<string[]> {
    await this.containerReady();
    const keys: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: blobName(`${namespace}/`) })) keys.push(decodeURIComponent(blob.name));
    return keys.sort();
  }

  private containerReady(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists().catch((error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}

/** BlobsStorage's blob name for a key (its sanitizeBlobKey, for the keys tickets use: no empty segments). */
function blobName(key: string): string {
  return encodeURIComponent(key);
}
