import * as assert from 'node:assert/strict';
import { logMessage } from '../../matching/logNoise';

describe('logMessage: a line copied from a log is its message', () => {
  const message = 'The system cannot find the file specified.';
  const lines = [
    `2024-03-05 10:22:33,123 ERROR [W3SVC] pid=4312 C:\\WINNT\\system32\\inetsrv\\inetinfo.exe: ${message}`,
    `2024-03-05T10:22:33.123Z Error Service Control Manager (PID 4312) ${message.toLowerCase()}`,
    `03/05/2024 10:22:33 PM E | srv01.corp.example.com | [8123:12] /var/log/app/worker.log: ${message}`,
    `Mar  5 10:22:33 WARN <SQLAgent> ${message}`,
    `ERROR [app.worker] ${message}`,
    `WARNING ${message}`,
  ];
  for (const line of lines) {
    it(`reads "${line.slice(0, 60)}…"`, () => assert.equal(logMessage(line).toLowerCase(), message.toLowerCase()));
  }

  it('keeps a message that merely starts like a level, a path or a bracket', () => {
    for (const text of ['Error: The page cannot be displayed', '[Microsoft][ODBC Visual FoxPro Driver]Driver not capable',
      '<drive>:\\ is not accessible. Access is denied.', 'C:\\boot.ini: file not found']) {
      assert.equal(logMessage(text), text);
    }
  });

  it('strips one level only: the message\'s own "Fatal Error" stays', () => {
    assert.equal(logMessage('2024-03-05 10:00:01.123 ERROR [w3wp.exe:4312] Fatal Error: Exception C0000005'), 'Fatal Error: Exception C0000005');
  });
});
