import { readConfig } from './config';
import { knowledgeLocation } from '../helpDesk/helpDesk';
import { prefetchKnowledge } from '../helpDesk/knowledgePrefetch';

const { paths, cacheFile } = knowledgeLocation(readConfig());
const prefetched = prefetchKnowledge(paths, cacheFile);
// Required once the prefetch runs: loading botbuilder and restify takes about a second,
// which the disk work of a restart spends beside it instead of after it.
const { startApp } = require('./app') as typeof import('./app');

/** Turns and deliveries still running after this long are cut off: platforms kill after 10 to 30 s. */
const STOP_TIMEOUT_MS = 8_000;

startApp({}, prefetched)
  .then((app) => {
    const { stats } = app.helpDesk();
    console.log(`Knowledge: ${stats.entries} entries, ${stats.articles} articles, loaded in ${stats.loadMs} ms${stats.fromCache ? ' (from cache)' : ''}, of which warm-up ${stats.warmUpMs} ms`);
    console.log(`Help desk bot listening on ${app.url}`);
    console.log(`Bot Framework endpoint: ${app.url}/api/messages`);
    if (!app.config.microsoftAppId) console.log(`Local chat page: ${app.url}/`);
    // A platform stopping the bot (docker stop, App Service, Ctrl+C): no new turns, the
    // turns under way finish, the outbox and the store are left whole, then exit.
    const stop = (signal: string) => {
      console.log(`${signal}: finishing the turns under way, then stopping`);
      const forced = setTimeout(() => process.exit(1), STOP_TIMEOUT_MS).unref();
      app.close().then(
        () => process.exit(0),
        (error) => {
          clearTimeout(forced);
          console.error('Stopping failed:', error);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  })
  .catch((error) => {
    console.error('Failed to start:', error);
    process.exit(1);
  });
