import { startApp } from './app';

startApp()
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
