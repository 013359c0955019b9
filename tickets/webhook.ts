import { createHmac } from 'node:crypto';
import { publicTicket, Ticket } from './ticket';

export interface WebhookTarget {
  url: string;
  /** Signs each body: X-HelpDesk-Signature: sha256=<hex HMAC-SHA256 of the body with this secret>. */
  secret: string;
}

/** A receiver that does not answer within this long counts as down; the outbox retries. */
const TIMEOUT_MS = 10_000;

/**
 * The JSON a ticketing system receives. "ticket.created" the first time it hears of a
 * ticket, "ticket.updated" with the whole ticket again after each change (taken, resolved,
 * rated), so a receiver upserts by ticket id and never needs the events in order.
 */
function webhookPayload(ticket: Ticket) {
  return {
    event: ticket.delivery.webhookRevision === undefined ? 'ticket.created' : 'ticket.updated',
    ticket: publicTicket(ticket),
  };
}

/**
 * POSTs the ticket; resolves on a 2xx answer and throws otherwise, so the outbox retries.
 * Idempotency-Key is the ticket id and revision: a receiver sees the same key again only
 * when a delivery is repeated (at least once), never for new content.
 */
export async function postToWebhook(target: WebhookTarget, ticket: Ticket): Promise<void> {
  const body = JSON.stringify(webhookPayload(ticket));
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Idempotency-Key': `${ticket.id}.${ticket.revision}`,
  };
  if (target.secret) headers['X-HelpDesk-Signature'] = `sha256=${createHmac('sha256', target.secret).update(body).digest('hex')}`;
  const response = await fetch(target.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
}
