import { formatIssue, formatProgress, loadKnowledge, LoadProgress } from './load';
import { summarizeIssues } from './issueSummary';
import type { KnowledgeIssue } from './types';

/**
 * npm run kb:check -- [--progress-every SECONDS] PATH [PATH...]
 *
 * Loads knowledge files and KB articles as the bot would, without starting it, and
 * prints what was loaded and every problem, then the problems grouped by kind (the bot's
 * log shows only the groups). Exit code 1 when there are errors, so a broken file fails
 * CI before it reaches the bot. While it reads, how far it is goes to stderr: one line
 * rewritten on a terminal, a line every two seconds otherwise.
 */

function printIssues(label: string, issues: KnowledgeIssue[]) {
  if (!issues.length) return;
  console.log(`\n${label} (${issues.length}):`);
  for (const issue of issues) console.log(`  ${formatIssue(issue)}`);
}

function printSummary(issues: KnowledgeIssue[]) {
  if (!issues.length) return;
  console.log('\nBy kind:');
  for (const { severity, kind, count } of summarizeIssues(issues, 0)) console.log(`  ${String(count).padStart(7)}  ${severity.padEnd(7)}  ${kind}`);
}

/** Progress on stderr: on a terminal one line rewritten in place, elsewhere (CI logs) a line each time. */
function progressPrinter(stream: NodeJS.WriteStream) {
  let shown = false;
  return {
    progress: (state: LoadProgress) => {
      shown = true;
      if (stream.isTTY) stream.write(`\r\x1b[Kreading ${formatProgress(state)}`);
      else stream.write(`reading ${formatProgress(state)}\n`);
    },
    done: () => {
      if (shown && stream.isTTY) stream.write('\r\x1b[K');
    },
  };
}

function main(args: string[]): number {
  const every = args[0] === '--progress-every' ? Number(args[1]) : 2;
  const paths = args[0] === '--progress-every' ? args.slice(2) : args;
  if (paths.length === 0 || !(every >= 0)) {
    console.error('usage: npm run kb:check -- [--progress-every SECONDS] PATH [PATH...]   (folders or files: .yaml, .yml, .json, .txt, .md)');
    return 2;
  }
  const started = performance.now();
  const printer = progressPrinter(process.stderr);
  const { kb, issues, stats } = loadKnowledge(paths, { progress: printer.progress, progressEveryMs: every * 1000 });
  printer.done();
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.filter((i) => i.severity === 'warning');

  console.log(`files read     ${stats.files}`);
  console.log(`skipped files  ${stats.skipped}`);
  console.log(`articles       ${stats.articles} imported, ${kb.articles.size} known`);
  console.log(`entries        ${stats.entries}`);
  console.log(`code entries   ${stats.codeEntries}`);
  console.log(`codes          ${stats.codes}`);
  console.log(`systems        ${kb.systems.length}`);
  console.log(`warnings       ${warnings.length}`);
  console.log(`errors         ${errors.length}`);
  console.log(`time           ${seconds} s`);
  printIssues('Errors', errors);
  printIssues('Warnings', warnings);
  printSummary(issues);
  return errors.length ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
