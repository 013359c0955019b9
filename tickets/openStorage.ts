import * as path from 'node:path';
import type { EscalationConfig } from './config';
import type { TicketStorage } from './storage';
import { FileStorage, FileStorageOptions } from './fileStorage';

/**
 * The configured storage; tickets, outbox, registrations, reports and conversation
 * transcripts all live in it. `readOnly` for a process beside the bot that only reads.
 */
export function openStorage(config: Pick<EscalationConfig, 'storage' | 'blobConnectionString' | 'blobContainer'>, dataDir: string, options: FileStorageOptions = {}): TicketStorage {
  if (config.storage === 'file') return new FileStorage(path.join(dataDir, 'store'), options);
  if (!config.blobConnectionString) throw new Error('STORAGE=blob needs AZURE_STORAGE_CONNECTION_STRING');
  // Azure's SDK takes a tenth of a second to load: loaded only where it is configured.
  const { BlobStorage } = require('./blobStorage') as typeof import('./blobStorage');
  return new BlobStorage(config.blobConnectionString, config.blobContainer);
}
