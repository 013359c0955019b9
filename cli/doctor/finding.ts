/*
 * cli/doctor/: `npm run doctor`, checks of a configuration before it meets users. Each
 * check returns findings; the settings alone are judged by pure functions
 * (settingsChecks.ts), what needs the network or the disk has a module of its own.
 */
import type { ConfigProblem } from '../../server/appIdentity';

/** pass: fine; warn: works, but probably not as meant, or could not be checked from here; fail: will not work; skip: does not apply. */
type Status = 'pass' | 'warn' | 'fail' | 'skip';

export interface Finding {
  check: string;
  status: Status;
  message: string;
  /** What to do about it; set for every warn and fail. */
  fix?: string;
}

export const pass = (check: string, message: string): Finding => ({ check, status: 'pass', message });
export const skip = (check: string, message: string): Finding => ({ check, status: 'skip', message });
export const warn = (check: string, message: string, fix: string): Finding => ({ check, status: 'warn', message, fix });
export const fail = (check: string, message: string, fix: string): Finding => ({ check, status: 'fail', message, fix });

/** A problem the server itself reports (server/appIdentity.ts), as a finding of `check`. */
export function fromProblem(check: string, problem: ConfigProblem): Finding {
  return { check, status: problem.severity, message: problem.message, fix: problem.fix };
}

const SYMBOLS: Record<Status, string> = { pass: '✓', warn: '!', fail: '✗', skip: '-' };

/** One line per finding: its symbol, the check, what was found and, for a problem, the fix. */
export function formatFindings(findings: Finding[]): string {
  const lines = findings.map((f) => `${SYMBOLS[f.status]} ${f.check}: ${f.message}${f.fix ? ` → fix: ${f.fix}` : ''}`);
  const count = (status: Status) => findings.filter((f) => f.status === status).length;
  const [failed, warned] = [count('fail'), count('warn')];
  lines.push('', failed ? `${failed} check${failed === 1 ? '' : 's'} failed, ${warned} warning${warned === 1 ? '' : 's'}` : `No failures, ${warned} warning${warned === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** 1 when any check failed: warnings alone do not stop a deployment. */
export function exitCode(findings: Finding[]): number {
  return findings.some((f) => f.status === 'fail') ? 1 : 0;
}

/** Why a request got no answer, in a word or two: the error code of a refused or unresolved connection, or a timeout. */
export function networkError(error: unknown): string {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no answer in time';
  return err.cause?.code ?? err.cause?.message ?? err.message;
}
