import * as assert from 'node:assert/strict';
import { createNoopMeter } from '@opentelemetry/api';
import { DataPoint, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { useMeter } from '../../observability/metrics';
import { FileStorage } from '../../storage/fileStorage';
import { Outbox } from '../../tickets/outbox';
import { clickKey, resolve, take } from '../../tickets/ticket';
import { TicketStore } from '../../tickets/ticketStore';
import { observeOutbox } from '../../observability/metrics';
import { FAST_OUTBOX, ticketRequest } from '../ticketHelpers';
import { tempDir } from '../tempDir';

/** Collects on demand, as the periodic exporter does every minute. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** The data points of a metric, as the next export would send them. */
async function points(reader: MetricReader, name: string): Promise<Array<DataPoint<number>>> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []) as Array<DataPoint<number>>;
}

describe('metrics: tickets and the outbox', () => {
  let reader: OnDemandReader;
  beforeEach(() => {
    reader = new OnDemandReader();
    useMeter(new MeterProvider({ readers: [reader] }).getMeter('test'));
  });
  afterEach(() => useMeter(createNoopMeter()));

  it('counts a ticket created once per click, taken once of ten agents at once, and resolved', async () => {
    const store = new TicketStore(new FileStorage(tempDir('metrics')));
    const key = clickKey('card-1', 'u1');
    const [{ ticket }] = await Promise.all([store.create(ticketRequest(), key), store.create(ticketRequest(), key)]);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.update(ticket.id, (t, now) => take(t, { id: `agent${i}` }, now))));
    await store.update(ticket.id, (t, now) => resolve(t, { id: 'agent0' }, now, { text: 'Restarted the print spooler', cause: '' }));
    const counts = Object.fromEntries((await points(reader, 'helpdesk.tickets')).map((p) => [p.attributes.event, p.value]));
    assert.deepEqual(counts, { created: 1, taken: 1, resolved: 1 });
  });

  it('reports the deliveries waiting in the outbox and how long the oldest has waited', async () => {
    const storage = new FileStorage(tempDir('metrics'));
    const down = new Outbox(storage, async () => false, FAST_OUTBOX, () => {});
    await down.enqueue('HD-AAAA2222');
    await new Promise((r) => setTimeout(r, 1100));
    await down.enqueue('HD-BBBB3333');
    await down.stop();
    observeOutbox(() => down.backlog());
    const [backlog] = await points(reader, 'helpdesk.outbox.backlog');
    const [age] = await points(reader, 'helpdesk.outbox.oldest_age');
    assert.equal(backlog.value, 2);
    assert.ok(age.value >= 1 && age.value < 30, `oldest age ${age.value} s`);
  });
});
