import { readEscalationConfig, EscalationConfig } from '../tickets/config';
import type { TicketRequest } from '../tickets/ticket';

/** Retries within a test's time: first after 50 ms, never more than 400 ms apart. */
export const FAST_OUTBOX = { pollMs: 100, baseDelayMs: 50, maxDelayMs: 400, leaseMs: 2000 };

export function escalationConfig(overrides: Partial<EscalationConfig> = {}): EscalationConfig {
  return { ...readEscalationConfig({}), outbox: FAST_OUTBOX, ...overrides };
}


/** What an escalation click asks for: a question the bot could not answer, from user `userId`. */
export const ticketRequest = (question = 'printer jammed', userId = 'u1'): TicketRequest => ({
  user: { id: userId, name: 'Bob' },
  channelId: 'webchat',
  conversation: { channelId: 'webchat', conversation: { id: 'c1' } as any, serviceUrl: 'http://127.0.0.1:1' },
  question,
  answer: { decision: 'none', entries: [] },
  comment: '',
  transcript: [],
});
