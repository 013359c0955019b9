import type { KnowledgeIssue } from './types';
import { formatIssue } from './load';

/** Issues of one kind: how many, and a few of them in full. */
export interface IssueGroup {
  severity: KnowledgeIssue['severity'];
  /** The message with what varies from one issue to the next (names, numbers, paths) blanked. */
  kind: string;
  count: number;
  examples: string[];
}

/** The kind of an issue: its field and message, with quoted names, KB numbers, paths and numbers blanked. */
function issueKind(issue: KnowledgeIssue): string {
  const message = issue.message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\S*[\\/]\S*/g, '…')
    .replace(/\bQ\d+\b/g, 'Q…')
    .replace(/\d+/g, 'n');
  return issue.field ? `field ${issue.field}: ${message}` : message;
}

/**
 * Issues grouped by severity and kind, errors first, then the most frequent: an import of
 * tens of thousands of articles warns the same way thousands of times.
 */
export function summarizeIssues(issues: KnowledgeIssue[], examples = 3): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const issue of issues) {
    const kind = issueKind(issue);
    const key = `${issue.severity}\u0000${kind}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { severity: issue.severity, kind, count: 0, examples: [] }));
    group.count++;
    if (group.examples.length < examples) group.examples.push(formatIssue(issue));
  }
  return [...groups.values()].sort((a, b) => (a.severity === b.severity ? b.count - a.count : a.severity === 'error' ? -1 : 1));
}
