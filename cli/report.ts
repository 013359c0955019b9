import { BotConfig, readProcessConfig } from '../server/config';
import { knowledgeBesideBot } from './knowledgeBesideBot';
import { openStorage } from '../storage/openStorage';
import { GapReport, Reports } from '../tickets/reports/gapReport';
import { TicketStore } from '../tickets/ticketStore';

/** The KB gap report as the terminal shows it. */
export function formatReport(report: GapReport): string {
  const { totals } = report;
  const lines = [
    `KB gap report, ${report.generatedAt}`,
    `Unanswered questions: ${totals.unanswered}. Unknown codes asked: ${totals.unknownCodes}. Feedback: ${totals.helpful} helpful, ${totals.notHelpful} not helpful.`,
    `Tickets: ${totals.tickets.open} open, ${totals.tickets.assigned} taken, ${totals.tickets.resolved} resolved` +
      ` (${totals.resolutionsHelped} said it helped, ${totals.resolutionsNotHelped} that it did not).`,
    '',
    'Questions the knowledge base could not answer:',
    ...(report.unanswered.length ? report.unanswered.map((q) => `  ${String(q.count).padStart(5)}  ${q.question.replace(/\s+/g, ' ').slice(0, 100)}`) : ['  none']),
    '',
    'Codes asked about that the knowledge base does not document:',
    ...(report.unknownCodes.length ? report.unknownCodes.map((c) => `  ${String(c.count).padStart(5)}  ${c.code}  (e.g. ${c.question.replace(/\s+/g, ' ').slice(0, 80)})`) : ['  none']),
    '',
    'Entries marked not helpful or escalated from (not helpful / escalated / helpful):',
    ...(report.entries.length
      ? report.entries.map((e) => `  ${String(e.notHelpful).padStart(5)} ${String(e.escalated).padStart(5)} ${String(e.helpful).padStart(5)}  ${e.id}${e.title ? `: ${e.title}` : ''}`)
      : ['  none']),
    '',
    `Draft entries from resolved tickets: ${totals.drafts.pending} waiting for a lead, ${totals.drafts.approved} approved, ${totals.drafts.discarded} discarded.`,
    ...report.drafts.map((d) => `  ${d.status.padEnd(9)}  ${d.ticketId}  ${d.entryId}: ${d.title}${d.decidedBy ? `  (${d.decidedBy}, ${d.decidedAt!.slice(0, 10)})` : ''}`),
  ];
  return lines.join('\n');
}

/** The KB gap report of the bot on `config`, read beside it: its store and knowledge are read, never written. */
export async function buildReport(config: BotConfig, say: (line: string) => void): Promise<GapReport> {
  const storage = openStorage(config.escalation, config.dataDir, { readOnly: true });
  const { matcher } = knowledgeBesideBot(config, say);
  return new Reports(storage).build(new TicketStore(storage), (id) => matcher.entryById(id)?.title);
}

if (require.main === module) {
  (async () => {
    const report = await buildReport(readProcessConfig(), (line) => console.error(line));
    console.log(process.argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
  })().catch((error) => {
    console.error('report failed:', error);
    process.exit(1);
  });
}
