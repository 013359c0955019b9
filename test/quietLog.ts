import { setLogLevel } from '../observability/log';

// Loaded by mocha before the tests (.mocharc.json): the bot's info lines would bury the
// test report. LOG_LEVEL still decides when set; bot processes started by tests inherit it.
setLogLevel(process.env.LOG_LEVEL || 'warn');
