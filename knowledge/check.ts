import { formatIssue, loadKnowledge } from './load';
import type { KnowledgeIssue } from './types';

/**
 * npm run kb:check -- PATH [PATH...]
 *
 * Loads knowledge files and KB articles as the bot would, without starting it, and
 * prints what was loaded and every problem. Exit code 1 when there are errors, so a
 * broken file fails CI before it reaches the bot.
 */

/** A big import can warn thousands of times: the first ones show the kind, the count the extent. */
const SHOWN = 50;

function printIssues(label: string, issues: KnowledgeIssue[]) {
  if (!issues.length) return;
  console.log(`\n${label} (${issues.length}):`);
  for (const issue of issues.slice(0, SHOWN)) console.log(`  ${formatIssue(issue)}`);
  if (issues.length > SHOWN) console.log(`  ... and ${issues.length - SHOWN} more ${label.toLowerCase()}`);
}

function main(paths: string[]): number {
  if (paths.length === 0) {
    console.error('usage: npm run kb:check -- PATH [PATH...]   (folders or files: .yaml, .yml, .json, .txt, .md)');
    return 2;
  }
  const started = performance.now();
  const { kb, issues, stats } = loadKnowledge(paths);
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
  return errors.length ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
