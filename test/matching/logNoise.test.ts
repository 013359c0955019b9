import * as assert from 'node:assert/strict';
import { logMessage } from '../../matching/pastes/logNoise';

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

  it('keeps the program a message is about, and strips the host that logged it', () => {
    assert.equal(logMessage('03/05/2024 02:17:29 PM WARN srv01.corp.example.com pid=6726 D:\\Exchsrvr\\bin\\store.exe: Guide.exe caused an invalid page fault in module mcm.dll.'),
      'Guide.exe caused an invalid page fault in module mcm.dll.');
    assert.equal(logMessage('03/05/2024 21:23:54 PM | FATAL | [W3SVC] | pid=7393 snabase.exe - unable to locate dll'), 'snabase.exe - unable to locate dll');
  });

  it('strips one level only: the message\'s own "Fatal Error" stays', () => {
    assert.equal(logMessage('2024-03-05 10:00:01.123 ERROR [w3wp.exe:4312] Fatal Error: Exception C0000005'), 'Fatal Error: Exception C0000005');
  });
});
