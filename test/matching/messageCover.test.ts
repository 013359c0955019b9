import * as assert from 'node:assert/strict';
import { fillsTemplate, messageWords, quoteWords } from '../../matching/pastes/messageCover';

const fills = (message: string, paste: string) => fillsTemplate(messageWords(message), quoteWords(paste));

describe('a paste that is a message with its placeholders filled in', () => {
  it('holds a file name, a path, a server and a service where the article wrote a placeholder', () => {
    assert.ok(fills('Cannot access <filename>.', 'Cannot access Q3 budget.xls.'));
    assert.ok(fills('Cannot find xxxxxxxx.drv', 'Cannot find Exchange Routing Engine.drv'));
    assert.ok(fills('<drive>:\\ is not accessible. Access is denied.', 'A:\\ is not accessible. Access is denied.'));
    assert.ok(fills('EFD caused a general protection fault in module VB40016.DLL at <xxxx:xxxxxxxx>.',
      'EFD caused a general protection fault in module VB40016.DLL at 0027:00001a2b.'));
  });

  it('is the message and nothing else: no words before or after it, none of its own words missing', () => {
    assert.ok(!fills('Cannot access <filename>.', 'I cannot access Q3 budget.xls.'));
    assert.ok(!fills('User <username> Not Found.', 'User jsmith Not Found in the directory'));
    assert.ok(!fills('User <username> Not Found.', 'User Not Found.'));
  });

  it('takes no sentence for a value: words of a question, or more words than a name has', () => {
    assert.ok(!fills('Path/File access error: <path>', 'Path/File access error when I log in'));
    assert.ok(!fills('Cannot access <filename>.', 'Cannot access Q3 budget draft version two final copy.xls'));
  });
});
