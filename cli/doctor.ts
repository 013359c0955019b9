import { parseArgs } from 'node:util';
import { exitCode, formatFindings } from './doctor/finding';
import { runChecks } from './doctor/runChecks';
import { processEnvironment } from '../server/config';

/**
 * npm run doctor [-- --json]: checks the configuration the server would read (environment
 * and .env) and prints one line per finding with its fix; exit code 1 when a check failed.
 * --login-url points the token request at another Microsoft Entra endpoint (a test's fake).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { json: { type: 'boolean' }, 'login-url': { type: 'string' } } });
  // The configuration is read once, by runChecks, as the server would read it.
  const findings = await runChecks({ env: processEnvironment(), loginUrl: values['login-url'] });
  console.log(values.json ? JSON.stringify({ ok: exitCode(findings) === 0, findings }, null, 2) : formatFindings(findings));
  process.exitCode = exitCode(findings);
}

main().catch((error) => {
  console.error('doctor failed:', error);
  process.exitCode = 1;
});
