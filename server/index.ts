import { readConfig } from './config';
import { knowledgeLocation } from '../helpDesk/helpDesk';
import { prefetchKnowledge } from '../helpDesk/knowledgePrefetch';

const { paths, cacheFile } = knowledgeLocation(readConfig());
const prefetched = prefetchKnowledge(paths, cacheFile);
// Required once the prefetch runs: loading botbuilder and restify takes about a second,
// which the disk work of a restart spends beside it instead of after it.
const { startApp } = require('./app') as typeof import('./app');

startApp({}, prefetched)
  .then((app) => {
    const { stats } = app.helpDesk();
    console.log(`Knowledge: ${stats.entries} entries, ${stats.articles} articles, loaded in ${stats.loadMs} ms${stats.fromCache ? ' (from cache)' : ''}, of which warm-up ${stats.warmUpMs} ms`);
    console.log(`Help desk bot listening on ${app.url}`);
    console.log(`Bot Framework endpoint: ${app.url}/api/messages`);
    if (!app.config.microsoftAppId) console.log(`Local chat page: ${app.url}/`);
  })
  .catch((error) => {
    console.error('Failed to start:', error);
    process.exit(1);
  });
