import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readEscalationConfig, EscalationConfig } from '../tickets/config';

/** Retries within a test's time: first after 50 ms, never more than 400 ms apart. */
export const FAST_OUTBOX = { pollMs: 100, baseDelayMs: 50, maxDelayMs: 400, leaseMs: 2000 };

export function escalationConfig(overrides: Partial<EscalationConfig> = {}): EscalationConfig {
  return { ...readEscalationConfig({}), outbox: FAST_OUTBOX, ...overrides };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `helpdesk-${prefix}-`));
}
