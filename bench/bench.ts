import { performance } from 'node:perf_hooks';
import { readConfig } from '../bot/config';
import { createHelpDesk } from '../bot/helpDesk';
import type { Matcher } from '../matching/matcher';
import type { KnowledgeEntry } from '../knowledge/types';

/**
 * Per-message matching latency, by kind of message: `npm run bench`.
 * Queries are made from the loaded knowledge at run time.
 */

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function measure(matcher: Matcher, queries: string[], rounds: number) {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of queries) {
      const started = performance.now();
      matcher.match(query);
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  return { count: times.length, p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] };
}

/** Codes in the forms people type them. */
export function codeQuestions(entries: KnowledgeEntry[]): string[] {
  const questions: string[] = [];
  for (const entry of entries) {
    for (const code of entry.codes) {
      questions.push(`what is ${code}`, `${entry.system.toLowerCase()} returned ${code}`);
      const n = Number(code);
      if (Number.isInteger(n) && n >= 0x80000000) questions.push(`error 0x${n.toString(16)}`, `hr=${n - 0x1_0000_0000}`);
    }
  }
  return questions;
}

/** Symptoms as users type them: lower case, a letter dropped, words shuffled. */
export function symptomQuestions(entries: KnowledgeEntry[]): string[] {
  return entries.flatMap((entry) => entry.symptoms.map((symptom, i) => {
    const words = symptom.toLowerCase().split(/\s+/);
    const typo = words.map((w) => (w.length > 6 ? w.slice(0, 2) + w.slice(3) : w));
    return (i % 2 ? typo.reverse() : typo).join(' ');
  }));
}

/** About 1 MB of service log with one real error line in the middle. */
export function pastedLog(errorLine: string, bytes = 1024 * 1024): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `2024-03-0${(i % 9) + 1} 10:${String(i % 60).padStart(2, '0')}:00.${i % 1000} INFO [worker-${i % 16}] request ${i} handled in ${i % 250} ms path=/api/items/${i}`;
    lines.push(i === 4000 ? errorLine : line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function main() {
  const helpDesk = createHelpDesk(readConfig());
  const { entries } = helpDesk.kb;
  const message = entries.find((e) => e.messages.length && e.codes.length)?.messages[0] ?? 'error 1722';
  const rows = {
    'code questions': measure(helpDesk.matcher, codeQuestions(entries), 20),
    'symptom questions': measure(helpDesk.matcher, symptomQuestions(entries), 20),
    'pasted message': measure(helpDesk.matcher, [message], 200),
    '1 MB pasted log': measure(helpDesk.matcher, [pastedLog(`ERROR iissync: ${message}`)], 20),
  };
  console.log(`knowledge: ${entries.length} entries`);
  console.log('kind of message        count   p50 ms   p99 ms   max ms');
  for (const [kind, r] of Object.entries(rows)) {
    console.log(`${kind.padEnd(22)} ${String(r.count).padStart(5)} ${r.p50.toFixed(3).padStart(8)} ${r.p99.toFixed(3).padStart(8)} ${r.max.toFixed(3).padStart(8)}`);
  }
}

if (require.main === module) main();
