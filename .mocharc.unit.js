// npm run test:unit: the tests that need no browser, no Azurite and no bot process of their
// own (under a minute). npm test runs every test, these included.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const TESTS = path.join(__dirname, 'dist', 'test');
/** A compiled test that requires one of these helpers starts a browser, Azurite or the bot's own process. */
const NEEDS_MORE = /require\("(?:\.\.?\/)+(?:browser|azurite|botProcess)"\)/;
/** Left out by name: one installs the production dependencies, the other runs mocha runs of its own. */
const SLOW = ['server/productionInstall.test.js', 'freshMachine.test.js'];

// Before the first build (or for a tool reading this file) there are no tests yet.
const spec = (fs.existsSync(TESTS) ? fs.readdirSync(TESTS, { recursive: true }) : [])
  .map((file) => file.split(path.sep).join('/'))
  .filter((file) => file.endsWith('.test.js') && !file.endsWith('.e2e.test.js') && !SLOW.includes(file))
  .filter((file) => !NEEDS_MORE.test(fs.readFileSync(path.join(TESTS, file), 'utf8')))
  .sort()
  .map((file) => path.join('dist', 'test', file));

module.exports = { ...require('./.mocharc.json'), spec };
