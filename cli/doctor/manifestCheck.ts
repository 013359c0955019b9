import type { BotConfig } from '../../server/config';
import { hostOf } from './settingsChecks';
import { fail, Finding, pass, skip } from './finding';

/**
 * The Teams app package's manifest as npm run app:package would build it from these
 * settings (app id; BOT_DOMAIN, or else PUBLIC_URL's host), checked against Teams' schema
 * with its icons. The schema and validator are devDependencies: a production install
 * (the Docker image) has neither, and the package is built where the repository is.
 */
export async function checkManifest(config: BotConfig, env: NodeJS.ProcessEnv): Promise<Finding> {
  const check = 'Teams manifest';
  if (!config.microsoftAppId) return skip(check, 'no MicrosoftAppId: the app package is for a deployed bot');
  let build: typeof import('../../appPackage/build');
  try {
    build = require('../../appPackage/build') as typeof import('../../appPackage/build');
  } catch {
    return skip(check, 'not checked here: a production install has no manifest validator (run npm run doctor in the repository after npm install)');
  }
  const publicHost = config.publicUrl ? hostOf(config.publicUrl) : undefined;
  const botDomain = env.BOT_DOMAIN || publicHost;
  let manifest;
  try {
    manifest = await build.appManifest({ appId: config.microsoftAppId, botDomain, env });
  } catch (error) {
    return fail(check, (error as Error).message.replace(/\.$/, ''), 'set BOT_DOMAIN or PUBLIC_URL, then npm run app:package');
  }
  const problems = build.manifestProblems(manifest);
  if (problems.length) return fail(check, `appPackage/manifest.json is not valid: ${problems.join('; ')}`, 'correct appPackage/manifest.json (npm run app:package reports the same)');
  return pass(check, `valid for app id ${manifest.id} and domain ${manifest.validDomains?.join(', ')}: npm run app:package builds it`);
}
