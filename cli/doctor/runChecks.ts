import { BotConfig, readConfig } from '../../server/config';
import { fail, Finding } from './finding';
import { checkExposure, checkIdentity, checkPublicUrl } from './settingsChecks';
import { checkCredentials, TokenCheckOptions } from './tokenCheck';
import { checkHelpDesks, checkStorage } from './storageCheck';
import { checkWebhook } from './webhookCheck';
import { checkManifest } from './manifestCheck';
import { checkKnowledgePaths } from './knowledgeCheck';

export interface DoctorOptions extends TokenCheckOptions {
  /** The settings as the server reads them (processEnvironment: the environment, then .env). */
  env: NodeJS.ProcessEnv;
}

/** Every check of the configuration `env` gives, in the order a deployment meets them; writes nothing. */
export async function runChecks(options: DoctorOptions): Promise<Finding[]> {
  const { env } = options;
  let config: BotConfig;
  try {
    config = readConfig(env);
  } catch (error) {
    return [fail('configuration', `the server would not start: ${(error as Error).message}`, 'correct that setting (README, Configuration)')];
  }
  const stored = await checkStorage(config);
  return [
    ...checkIdentity(config),
    await checkCredentials(config, { ...options, env }),
    ...checkPublicUrl(config, env),
    ...checkExposure(config),
    ...(await checkKnowledgePaths(config)),
    ...stored.findings,
    ...(await checkHelpDesks(config, stored.storage)),
    ...(await checkWebhook(config)),
    await checkManifest(config, env),
  ];
}
