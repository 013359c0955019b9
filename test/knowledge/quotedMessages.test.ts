import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serveKnowledge } from '../../servedKnowledge/servedKnowledge';
import { articleEntries } from '../../knowledge/importers/articleEntries';
import { parseArticle } from '../../knowledge/importers/parseArticle';
import { defaultKnowledgeDir } from '../../knowledge/load';
import { tempDir } from '../tempDir';

/** Messages an article quotes, however its text lays them out. */

const WIDGET_ARTICLE = `DOCUMENT:Q900001  01-JAN-2001  [widget]
TITLE   :Widget Service Stops When It Starts
PRODUCT :Widget Server
PROD/VER:1.0
KEYWORDS:kberrmsg

-------------------------------------------------------------------------------
The information in this article applies to:

 - Widget Server, version 1.0
-------------------------------------------------------------------------------

SYMPTOMS
========

When you start the Widget service, it stops again at once, and you see both of
these:

 - You receive an error message similar to the following:

   The Widget service returned service specific
   error 2147500037.

-and-

 - An event with ID 42 is logged in the application log.

CAUSE
=====

The widget store is locked by another process.
`;

describe('articles: a message quoted below a list item', () => {
  const message = 'The Widget service returned service specific error 2147500037.';

  it('keeps the message, and not the list items around it', () => {
    assert.deepEqual(parseArticle(WIDGET_ARTICLE, 'Q900001.TXT').messages, [message]);
  });

  it('answers the message pasted with its code, though a hand-written entry of another system has the code', () => {
    const dir = tempDir('articles-widget');
    try {
      fs.writeFileSync(path.join(dir, 'Q900001.TXT'), WIDGET_ARTICLE);
      const { matcher } = serveKnowledge([defaultKnowledgeDir(), dir], { logIssues: false });
      // Even where the message names a system (Exchange) that does not know the code.
      for (const pasted of [message, `Exchange Server log: ${message}`]) {
        const result = matcher.match(pasted);
        assert.equal(result.decision, 'answer', pasted);
        assert.equal(result.matches[0].entry.article, 'Q900001', pasted);
      }
      // The code alone still asks which product: IISSYNC documents it too.
      assert.equal(matcher.match('what is 2147500037').decision, 'clarify');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Our own article: two linker messages, each wrapped after its colon onto a deeper line. */
const WRAPPED_ARTICLE = `DOCUMENT:Q900002  01-JAN-2001  [widget]
TITLE   :Widget Build Fails to Link With the Single-Threaded Library
PRODUCT :Widget Server

SYMPTOMS
========

When you link a widget with the single-threaded library, you receive these error
messages:

   widgetd.lib(pump.obj) : error LNK2001:
    unresolved external symbol "__startpump"

   widgetd.lib(pump.obj) : error LNK2001:
    unresolved external symbol "__stoppump"

CAUSE
=====

The pump needs the multi-threaded library.
`;

describe('articles: a message wrapped after its colon', () => {
  it('is one message, its wrapped line joined, not two messages', () => {
    assert.deepEqual(parseArticle(WRAPPED_ARTICLE, 'Q900002.TXT').messages, [
      'widgetd.lib(pump.obj) : error LNK2001: unresolved external symbol "__startpump"',
      'widgetd.lib(pump.obj) : error LNK2001: unresolved external symbol "__stoppump"',
    ]);
  });
});

/** Our own article: a problem whose symptoms end with ways around it, listed like messages. */
const WORKAROUND_ARTICLE = `DOCUMENT:Q900003  01-JAN-2001  [widget]
TITLE   :Closing a Form From a Grid Event Ends the Widget Program
PRODUCT :Widget Studio

SYMPTOMS
========

Closing a form from an event of its grid causes an application error that ends
the program. The following are ways to work around this issue:

 - Set the form to Nothing before you close it.

   -or-

 - Close the form from an event of another control.

When you print the form, you receive the following error message:

   Widget print job was ended by the grid.

STATUS
======

We are researching this problem.
`;

describe('articles: ways around a problem listed after an error is told', () => {
  it('are not messages; a message introduced after them still is', () => {
    assert.deepEqual(parseArticle(WORKAROUND_ARTICLE, 'Q900003.TXT').messages, ['Widget print job was ended by the grid.']);
  });
});

/** Our own article: a numbered list of a program's messages, with no header naming codes. */
const MESSAGE_LIST_ARTICLE = `DOCUMENT:Q900004  01-JAN-2001  [widget]
TITLE   :Widget Paint Err Msgs: Message List
PRODUCT :Widget Paint

SUMMARY
=======

Below is a list of the error messages you may receive from Widget Paint.

+------------------------------------------------------+
| 1  | Cannot open the picture; check the file name.    |
+------------------------------------------------------+
| 2  | Insufficient memory to copy the picture.         |
+------------------------------------------------------+
| 3  | The printer is not ready.                        |
+------------------------------------------------------+
`;

describe('articles: a numbered list of messages', () => {
  it('keeps each message as an entry, its place in the list no code', () => {
    const parsed = parseArticle(MESSAGE_LIST_ARTICLE, 'Q900004.TXT');
    const { entries } = articleEntries(parsed, []);
    const rows = entries.filter((e) => e.id !== 'Q900004');
    assert.deepEqual(rows.map((e) => e.title), ['Cannot open the picture; check the file name', 'Insufficient memory to copy the picture', 'The printer is not ready']);
    assert.deepEqual(rows.flatMap((e) => e.codes), []);
    // Codes in a table that is not numbered from one in order are codes.
    const coded = parseArticle(MESSAGE_LIST_ARTICLE.replace('| 1  |', '| 7  |'), 'Q900004.TXT');
    assert.deepEqual(articleEntries(coded, []).entries.flatMap((e) => e.codes), ['7', '2', '3']);
  });
});
