import { json } from 'node:stream/consumers';
import type { TokenCredential } from '@azure/identity';
import { BlockBlobUploadOptions, ContainerClient, RestError, StorageSharedKeyCredential } from '@azure/storage-blob';
import { ETagConflict, StoreItem, StoreItems } from './keyValueStore';
import type { TicketStorage } from './storage';

/** A storage account by its blob endpoint (https://NAME.blob.core.windows.net) and a credential for it. */
export interface BlobAccount {
  url: string;
  credential: TokenCredential | StorageSharedKeyCredential;
}

/**
 * Azure Blob Storage for several bot instances, one JSON blob per key. eTag writes are
 * If-Match uploads, create is an If-None-Match upload, listing is by prefix.
 *
 * Blobs are named and written as botbuilder-azure-blobs' BlobsStorage wrote them (the bot
 * used it before): the key URI-encoded (blobName), the item without its eTag as the
 * body, the blob's own ETag as the item's eTag. Containers written before stay readable.
 *
 * Reached with a connection string (a secret), or with the account's URL and a credential:
 * in Azure a managed identity's token, no secret at all.
 */
export class BlobStorage implements TicketStorage {
  private readonly container: ContainerClient;
  private ready?: Promise<unknown>;

  constructor(account: string | BlobAccount, containerName: string) {
    this.container = typeof account === 'string'
      ? new ContainerClient(account, containerName)
      : new ContainerClient(`${account.url.replace(/\/+$/, '')}/${containerName}`, account.credential);
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.containerReady();
    const items: StoreItems = {};
    await Promise.all(keys.map(async (key) => {
      const blob = await ifFound(this.container.getBlobClient(blobName(key)).download());
      if (blob?.readableStreamBody) items[key] = { ...(await json(blob.readableStreamBody) as object), eTag: blob.etag };
    }));
    // In the order asked, as BlobsStorage gave them.
    return Object.fromEntries(keys.filter((key) => items[key]).map((key) => [key, items[key]]));
  }

  async write(changes: StoreItems): Promise<void> {
    await this.containerReady();
    await Promise.all(Object.entries(changes).map(async ([key, { eTag, ...item }]: [string, StoreItem]) => {
      try {
        await this.upload(key, item, eTag && eTag !== '*' ? { ifMatch: eTag } : {});
      } catch (error) {
        if (error instanceof RestError && error.statusCode === 412) throw new ETagConflict(key);
        throw error;
      }
    }));
  }

  async delete(keys: string[]): Promise<void> {
    await this.containerReady();
    await Promise.all(keys.map((key) => ifFound(this.container.deleteBlob(blobName(key)))));
  }

  async create(key: string, { eTag: _eTag, ...item }: StoreItem): Promise<boolean> {
    await this.containerReady();
    try {
      await this.upload(key, item, { ifNoneMatch: '*' });
      return true;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.statusCode === 412)) return false;
      throw error;
    }
  }

  async list(namespace: string): Promise<string[]> {
    await this.containerReady();
    const keys: string[] = [];
    // Not blobName: it would drop the trailing "/" and list "namespace-other" too.
    for await (const blob of this.container.listBlobsFlat({ prefix: encodeURIComponent(`${namespace}/`) })) keys.push(decodeURIComponent(blob.name));
    return keys.sort();
  }

  private async upload(key: string, item: object, conditions: BlockBlobUploadOptions['conditions']): Promise<void> {
    const body = JSON.stringify(item);
    await this.container.getBlockBlobClient(blobName(key)).upload(body, Buffer.byteLength(body), {
      conditions,
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
  }

  private containerReady(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists().catch((error) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}

/** What `request` gives, or undefined when the blob is not there. */
async function ifFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * BlobsStorage's blob name for a key (its sanitizeBlobKey): empty segments after the first
 * dropped ("a//b/" is "a/b"), slashes past the 254th dropped, URI-encoded, at most 1,024
 * characters.
 */
function blobName(key: string): string {
  if (!key) throw new Error('Please provide a non-empty key');
  const sanitized = key.split('/').reduce((joined, part, index) => (part ? [joined, part].join(index < 255 ? '/' : '') : joined));
  return encodeURIComponent(sanitized).slice(0, 1024);
}
