import { formatProgress, LoadProgress } from '../knowledge/load';
import { summarizeIssues } from '../knowledge/issueSummary';
import type { KnowledgeIssue } from '../knowledge/types';
import { log } from '../observability/log';

/**
 * One line per kind of knowledge issue, with its count and a few examples: an archive that
 * warns thousands of times would otherwise bury every other line of each start.
 */
export function logIssues(issues: KnowledgeIssue[]): void {
  for (const { severity, kind, count, examples } of summarizeIssues(issues)) {
    const more = count > examples.length ? ', all listed by npm run kb:check' : '';
    log[severity === 'error' ? 'error' : 'warn']({ kind, count, examples }, `knowledge: ${count} × ${severity}: ${kind}${more}`);
  }
}

/** A line every couple of seconds while the knowledge sources are read (a cold start on an archive). */
export function logProgress(state: LoadProgress): void {
  log.info({ progress: state }, `knowledge: reading ${formatProgress(state)}`);
}
