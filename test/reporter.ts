import Mocha = require('mocha');
import * as path from 'node:path';
import { LOG_FILE, startTestLog, testLog } from './testLog';

const { Base, Spec } = Mocha.reporters;
const { EVENT_SUITE_BEGIN, EVENT_TEST_BEGIN, EVENT_TEST_FAIL } = Mocha.Runner.constants;

/**
 * Mocha's spec report, with what the bot logged during a failed test (or hook) printed
 * under it, and one line before the summary saying where the run's log is: the summary
 * stays the last thing printed.
 */
class TestReporter extends Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.on(EVENT_SUITE_BEGIN, startTestLog);
    runner.on(EVENT_TEST_BEGIN, startTestLog);
    runner.on(EVENT_TEST_FAIL, () => {
      const { kept } = testLog();
      if (!kept) return;
      Base.consoleLog(`      what the bot logged meanwhile (the run's whole log: ${relative(LOG_FILE)}):`);
      Base.consoleLog(kept.trimEnd().replace(/^/gm, '        '));
    });
  }

  override epilogue(): void {
    const { lines } = testLog();
    if (lines) Base.consoleLog(`\n  the bot logged ${lines} line${lines === 1 ? '' : 's'} (fault tests make it log errors on purpose): ${relative(LOG_FILE)}`);
    super.epilogue();
  }
}

const relative = (file: string) => path.relative(process.cwd(), file);

export = TestReporter;
