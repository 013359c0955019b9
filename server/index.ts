import { knowledgeLocation, readProcessConfig } from './config';
import { prefetchKnowledge } from '../servedKnowledge/knowledgePrefetch';
import { log } from '../observability/log';
import { startTelemetry } from '../observability/telemetry';

/** Said in one log line, not as a stack on the console: a setting, a folder or a port the bot cannot use. */
function failedToStart(error: unknown): never {
  log.fatal({ err: error }, `failed to start: ${(error as Error).message}`);
  process.exit(1);
}

// The configuration, read once here and handed to everything the bot starts.
const { config, prefetched } = (() => {
  try {
    const config = readProcessConfig();
    const { paths, cacheFile } = knowledgeLocation(config);
    return { config, prefetched: prefetchKnowledge(paths, cacheFile) };
  } catch (error) {
    return failedToStart(error);
  }
})();
// Started while the prefetch runs, before the instruments the app registers.
const telemetry = startTelemetry(config.telemetry);
// Required once the prefetch runs: loading botbuilder and restify takes about a second,
// which the disk work of a restart spends beside it instead of after it.
const { startApp } = require('./app') as typeof import('./app');

/** Turns and deliveries still running after this long are cut off: platforms kill after 10 to 30 s. */
const STOP_TIMEOUT_MS = 8_000;

startApp(config, prefetched)
  .then((app) => {
    const { stats } = app.helpDesk();
    log.info({ knowledge: stats }, `Knowledge: ${stats.entries} entries, ${stats.articles} articles, loaded in ${stats.loadMs} ms${stats.fromCache ? ' (from cache)' : ''}, of which warm-up ${stats.warmUpMs} ms`);
    log.info({ url: app.url, messagingEndpoint: `${app.url}/api/messages`, localChat: app.config.microsoftAppId ? undefined : `${app.url}/` },
      `Help desk bot listening on ${app.url}`);
    // A platform stopping the bot (docker stop, App Service, Ctrl+C): no new turns, the
    // turns under way finish, the outbox and the store are left whole, telemetry is sent, then exit.
    const stop = (signal: string) => {
      log.info(`${signal}: finishing the turns under way, then stopping`);
      const forced = setTimeout(() => process.exit(1), STOP_TIMEOUT_MS).unref();
      app.close().then(telemetry.shutdown).then(
        () => process.exit(0),
        (error) => {
          clearTimeout(forced);
          log.error({ err: error }, 'stopping failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch(failedToStart);
