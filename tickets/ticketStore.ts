import { ETagConflict, readAll, readItem, TicketStorage, withoutETag } from '../storage/storage';
import { newTicket, Outcome, Ticket, ticketId, TicketRequest, TicketStatus } from './ticket';
import { ticketLog } from '../observability/log';
import { countTicket, TicketEvent } from '../observability/metrics';

/** Ids tried before giving up: each further attempt needs a collision with an unrelated ticket. */
const ID_ATTEMPTS = 5;
/** Conflicting writes retried before giving up: each retry re-reads, so this bounds a pathological storm only. */
const UPDATE_ATTEMPTS = 20;

const NAMESPACE = 'ticket';
const keyOf = (id: string) => `${NAMESPACE}/${id}`;

/** Tickets in a TicketStorage: created once per click, changed only with eTag concurrency. */
export class TicketStore {
  constructor(private readonly storage: TicketStorage, private readonly now: () => Date = () => new Date()) {}

  /**
   * Stores a new ticket durably, or finds the one an earlier click with the same key
   * created. `created` tells which.
   */
  async create(request: TicketRequest, key: string): Promise<{ ticket: Ticket; created: boolean }> {
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      const ticket = newTicket(request, ticketId(key, attempt), key, this.now());
      if (await this.storage.create(keyOf(ticket.id), ticket)) {
        countTicket('created');
        ticketLog(ticket.id).info({ channelId: ticket.channelId }, 'ticket created');
        return { ticket, created: true };
      }
      const existing = await this.get(ticket.id);
      if (existing?.key === key) return { ticket: existing, created: false };
    }
    throw new Error(`no free ticket id after ${ID_ATTEMPTS} attempts`);
  }

  async get(id: string): Promise<Ticket | undefined> {
    const item = await readItem<Ticket>(this.storage, keyOf(id));
    return item && (withoutETag(item) as Ticket);
  }

  async all(): Promise<Ticket[]> {
    return readAll<Ticket>(this.storage, NAMESPACE);
  }

  /**
   * Applies `decide` to the stored ticket and writes the result if it is a new ticket
   * object, on condition that nobody wrote in between; if somebody did, decides again on
   * what they wrote. So of two agents taking one ticket at once, the second decides on the
   * first one's ticket and is refused. Undefined when there is no such ticket.
   */
  async update(id: string, decide: (ticket: Ticket, now: Date) => Outcome): Promise<Outcome | undefined> {
    for (let attempt = 1; ; attempt++) {
      const item = await readItem<Ticket>(this.storage, keyOf(id));
      if (!item) return undefined;
      const current = withoutETag(item) as Ticket;
      const outcome = decide(current, this.now());
      if (outcome.ticket === current) return outcome;
      try {
        await this.storage.write({ [keyOf(id)]: { ...outcome.ticket, eTag: item.eTag } });
        observeChange(current.status, outcome.ticket);
        return outcome;
      } catch (error) {
        if (!(error instanceof ETagConflict) || attempt >= UPDATE_ATTEMPTS) throw error;
      }
    }
  }
}

/** The status changes counted (helpdesk.tickets) and logged. */
const EVENTS: Partial<Record<TicketStatus, TicketEvent>> = { assigned: 'taken', resolved: 'resolved' };

function observeChange(before: TicketStatus, after: Ticket): void {
  const event = after.status !== before ? EVENTS[after.status] : undefined;
  if (!event) return;
  countTicket(event);
  ticketLog(after.id).info({ status: after.status }, `ticket ${event}`);
}
