import { readAll, readItem, TicketStorage, updateItem, withoutETag } from '../storage/storage';
import { newTicket, Outcome, Ticket, ticketId, TicketRequest, TicketStatus } from './ticket';
import { ticketLog } from '../observability/log';
import { countTicket, TicketEvent } from '../observability/metrics';

/** Ids tried before giving up: each further attempt needs a collision with an unrelated ticket. */
const ID_ATTEMPTS = 5;

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
    let outcome: Outcome | undefined;
    let before: TicketStatus | undefined;
    const written = await updateItem<Ticket>(this.storage, keyOf(id), (current) => {
      before = current?.status;
      outcome = current && decide(current, this.now());
      return outcome?.ticket === current ? undefined : outcome?.ticket;
    });
    if (written) observeChange(before!, written);
    return outcome;
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
