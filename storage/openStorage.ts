import * as path from 'node:path';
import type { TicketStorage } from './storage';
import { FileStorage, FileStorageOptions } from './fileStorage';

/** Where the store is: STORAGE, AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL, AZURE_STORAGE_CONTAINER (read in tickets/config.ts). */
export interface StorageConfig {
  /** "file": DATA_DIR/store on local disk, one instance. "blob": Azure Blob Storage, any number of instances. */
  storage: 'file' | 'blob';
  blobConnectionString: string;
  /** The account's blob endpoint, reached with DefaultAzureCredential (a managed identity in Azure, `az login` locally). */
  blobAccountUrl: string;
  blobContainer: string;
}

/**
 * The configured storage; tickets, outbox, registrations, reports and conversation
 * transcripts all live in it. `readOnly` for a process beside the bot that only reads.
 */
export function openStorage(config: StorageConfig, dataDir: string, options: FileStorageOptions = {}): TicketStorage {
  if (config.storage === 'file') return new FileStorage(path.join(dataDir, 'store'), options);
  if (!config.blobConnectionString && !config.blobAccountUrl) {
    throw new Error('STORAGE=blob needs AZURE_STORAGE_ACCOUNT_URL (with a managed identity or `az login`) or AZURE_STORAGE_CONNECTION_STRING');
  }
  // Azure's SDK takes a tenth of a second to load: loaded only where it is configured.
  const { BlobStorage } = require('./blobStorage') as typeof import('./blobStorage');
  if (config.blobConnectionString) return new BlobStorage(config.blobConnectionString, config.blobContainer);
  const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
  return new BlobStorage({ url: config.blobAccountUrl, credential: new DefaultAzureCredential() }, config.blobContainer);
}
