/*
 * localChat/: the chat page for trying the bot without Azure or Teams: Bot Framework Web Chat,
 * served from this server, and a minimal Direct Line service with its bounded store.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type * as restify from 'restify';
import { log } from '../observability/log';
import { registerDirectLine } from './directLine';

export interface LocalChatOptions {
  /** This server's base URL (known only once it listens). */
  baseUrl: () => string;
}

/** Compiled code runs from dist/bot; the page is served from the source tree so edits show on reload. */
const PUBLIC_DIR = path.resolve(__dirname, '../../localChat/public');
const WEBCHAT_JS = findWebChatBundle();

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const fromFile = (name: string) => () => readFile(path.join(PUBLIC_DIR, name));
const FILES: Record<string, { read: () => Promise<Buffer>; type: string; status?: number }> = WEBCHAT_JS
  ? {
      '/': { read: fromFile('index.html'), type: HTML },
      '/chat.css': { read: fromFile('chat.css'), type: 'text/css; charset=utf-8' },
      '/chat.js': { read: fromFile('chat.js'), type: JS },
      '/webchat.js': { read: () => readFile(WEBCHAT_JS), type: JS },
    }
  : {
      '/': { read: webChatMissingPage, type: HTML, status: 503 },
      '/chat.css': { read: fromFile('chat.css'), type: 'text/css; charset=utf-8' },
    };

/** The chat page with what to do in place of the chat: its scripts would find no Web Chat. */
async function webChatMissingPage(): Promise<Buffer> {
  const [page, notice] = await Promise.all([readFile(path.join(PUBLIC_DIR, 'index.html'), 'utf8'), readFile(path.join(PUBLIC_DIR, 'webchat-missing.html'), 'utf8')]);
  return Buffer.from(page
    .replace('</title>', ': chat page not installed</title>')
    .replace(/<main id="webchat"[\s\S]*<\/body>/, `${notice.trim()}\n  </body>`));
}

/**
 * Web Chat's browser bundle, or undefined in a production install (npm ci --omit=dev):
 * botframework-webchat is a devDependency, 156 MB that only this page uses.
 */
function findWebChatBundle(): string | undefined {
  try {
    // The package's exports hide dist/, so find it next to the entry point.
    return path.resolve(path.dirname(require.resolve('botframework-webchat')), '../dist/webchat.js');
  } catch {
    return undefined;
  }
}

/**
 * Web Chat injects its styles at run time and Adaptive Cards set style attributes, hence inline
 * styles; scripts only from this server. Card images may come from anywhere over https.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The local chat page at / and the Direct Line service it talks to the bot through. */
export function registerLocalChat(server: restify.Server, options: LocalChatOptions): void {
  registerDirectLine(server, { baseUrl: options.baseUrl });

  if (!WEBCHAT_JS) log.warn('Local chat page unavailable: botframework-webchat is not installed (a production install). Run `npm install` to get it.');
  for (const [route, { read, type, status = 200 }] of Object.entries(FILES)) {
    server.get(route, async (_req, res) => {
      res.sendRaw(status, await read(), {
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      });
    });
  }
}
