import type { DailyActivity, DayCounts } from './dailyActivity';
import type { GapReport, Reports } from './gapReport';
import type { Ticket } from '../ticket';
import type { TicketStore } from '../ticketStore';

/** Time spans tickets are grouped by, in both age and durations: upper bounds in minutes. */
const SPANS = [
  { label: '< 15 min', upTo: 15 },
  { label: '15 min to 1 h', upTo: 60 },
  { label: '1 to 4 h', upTo: 240 },
  { label: '4 to 24 h', upTo: 1440 },
  { label: '1 to 3 days', upTo: 4320 },
  { label: '> 3 days', upTo: Infinity },
];

/** How long something took, over the tickets it happened to. */
export interface Durations {
  count: number;
  /** Minutes; null without tickets. */
  medianMinutes: number | null;
  p90Minutes: number | null;
  /** Tickets per span of SPANS, in its order. */
  histogram: number[];
}

/** What GET /api/dashboard returns: the help desk dashboard's data. */
export interface Dashboard {
  generatedAt: string;
  /** Questions by decision and escalations per UTC day, oldest first (see DailyActivity.days). */
  days: DayCounts[];
  /** The KB gap report, as GET /api/reports gives it. */
  report: GapReport;
  tickets: {
    spans: string[];
    /** Tickets not resolved, by time since they were created, per span. */
    age: { open: number[]; assigned: number[] };
    /** From creation to taken (the first agent assigned), and to resolved. */
    timeToTake: Durations;
    timeToResolve: Durations;
  };
}

/** The dashboard's data: daily counts, the gap report and figures over the tickets, all read once. */
export async function buildDashboard(
  parts: { activity: DailyActivity; reports: Reports; tickets: TicketStore },
  titleOf: (entryId: string) => string | undefined,
  now = new Date(),
): Promise<Dashboard> {
  const [days, tickets] = await Promise.all([parts.activity.days(), parts.tickets.all()]);
  const report = await parts.reports.build({ all: async () => tickets }, titleOf);
  const minutesSince = (from: string, to: string | number) => (new Date(to).getTime() - Date.parse(from)) / 60_000;
  const ageOf = (status: Ticket['status']) =>
    histogram(tickets.filter((t) => t.status === status).map((t) => minutesSince(t.createdAt, now.getTime())));
  return {
    generatedAt: now.toISOString(),
    days,
    report,
    tickets: {
      spans: SPANS.map((s) => s.label),
      age: { open: ageOf('open'), assigned: ageOf('assigned') },
      timeToTake: durations(tickets.flatMap((t) => (t.assignedTo ? [minutesSince(t.createdAt, t.assignedTo.at)] : []))),
      timeToResolve: durations(tickets.flatMap((t) => (t.resolvedBy ? [minutesSince(t.createdAt, t.resolvedBy.at)] : []))),
    },
  };
}

function histogram(minutes: number[]): number[] {
  const counts = SPANS.map(() => 0);
  for (const m of minutes) {
    const span = SPANS.findIndex((s) => m < s.upTo);
    if (span >= 0) counts[span]++;
  }
  return counts;
}

/** Median and 90th percentile (nearest rank), rounded to a tenth of a minute. Clock skew never makes a duration negative. */
export function durations(minutes: number[]): Durations {
  const sorted = minutes.filter(Number.isFinite).map((m) => Math.max(0, m)).sort((a, b) => a - b);
  const rank = (p: number) => (sorted.length ? Math.round(sorted[Math.ceil(p * sorted.length) - 1] * 10) / 10 : null);
  return { count: sorted.length, medianMinutes: rank(0.5), p90Minutes: rank(0.9), histogram: histogram(sorted) };
}
