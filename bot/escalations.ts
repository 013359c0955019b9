import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** What the help desk receives when a user escalates from a card. */
export interface EscalationRequest {
  query: string;
  decision: string;
  entryIds: string[];
  comment: string;
  user: { id: string; name?: string; aadObjectId?: string };
  conversationId: string;
  channelId: string;
}

export interface EscalationRecord extends EscalationRequest {
  ticketId: string;
  createdAt: string;
  status: 'open';
}

/** Short, unambiguous ticket ids: no 0/O or 1/I to misread over the phone. */
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export function newTicketId(): string {
  const bytes = randomBytes(8);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return `HD-${id}`;
}

/**
 * Escalation requests, appended to a JSON-lines file and flushed to disk before the
 * user is told the ticket id.
 */
export class EscalationLog {
  constructor(private readonly file: string) {}

  async record(request: EscalationRequest): Promise<EscalationRecord> {
    const record: EscalationRecord = { ...request, ticketId: newTicketId(), createdAt: new Date().toISOString(), status: 'open' };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const handle = await fs.open(this.file, 'a');
    try {
      await handle.write(`${JSON.stringify(record)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return record;
  }

  async all(): Promise<EscalationRecord[]> {
    const text = await fs.readFile(this.file, 'utf8').catch(() => '');
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  }
}
