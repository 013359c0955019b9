import { BatchObservableResult, createNoopMeter, Meter } from '@opentelemetry/api';

/** What the outbox holds: tickets waiting for delivery, and how long the oldest has waited. */
export interface OutboxBacklog {
  items: number;
  oldestAgeSeconds: number;
}

function instrumentsOf(meter: Meter) {
  return {
    meter,
    turns: meter.createCounter('helpdesk.turns', { description: 'Turns taken, by activity type and decision (answer, clarify, none; other for turns that matched nothing)' }),
    matchDuration: meter.createHistogram('helpdesk.match.duration', { description: 'Time to match a question against the knowledge', unit: 'ms' }),
    tickets: meter.createCounter('helpdesk.tickets', { description: 'Tickets created, taken and resolved (event)' }),
    outboxBacklog: meter.createObservableGauge('helpdesk.outbox.backlog', { description: 'Ticket deliveries waiting in the outbox' }),
    outboxOldestAge: meter.createObservableGauge('helpdesk.outbox.oldest_age', { description: 'Age of the oldest delivery waiting in the outbox', unit: 's' }),
  };
}

/**
 * The bot's instruments. OpenTelemetry's API hands out no-op meters until an SDK is set up
 * and does not swap them afterwards: they are made again once one is (`useMeter`).
 */
export let instruments = instrumentsOf(createNoopMeter());

export function useMeter(meter: Meter): void {
  instruments = instrumentsOf(meter);
}

export type TicketEvent = 'created' | 'taken' | 'resolved';

export function countTicket(event: TicketEvent): void {
  instruments.tickets.add(1, { event });
}

/** Reports the outbox backlog each time metrics are collected (one look for both gauges). */
export function observeOutbox(backlog: () => Promise<OutboxBacklog>): void {
  const { meter, outboxBacklog, outboxOldestAge } = instruments;
  const observe = async (result: BatchObservableResult) => {
    const { items, oldestAgeSeconds } = await backlog();
    result.observe(outboxBacklog, items);
    result.observe(outboxOldestAge, oldestAgeSeconds);
  };
  meter.addBatchObservableCallback(observe, [outboxBacklog, outboxOldestAge]);
}
