import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * One HTTP request exactly as given (any Host, any header, a chunked body), where fetch
 * would refuse or rewrite: what an attacker sends, not what a browser does.
 */
export function rawRequest(
  baseUrl: string,
  { method = 'POST', path: target = '/api/messages', headers = {}, body }: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  // Node sends a GET's body without a length unless told: the server would read it as the next request.
  const chunked = Object.keys(headers).some((name) => name.toLowerCase() === 'transfer-encoding');
  if (body !== undefined && !chunked) headers = { 'Content-Length': String(Buffer.byteLength(body)), ...headers };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: target, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    // The server may answer and close before the whole body is sent: that answer is what counts.
    req.on('error', (error) => reject(error));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/**
 * Opens a connection, sends `head` and then one byte of `drip` every `everyMs`: a slow
 * sender. Resolves with what the server answered and how long it let the connection live.
 */
export function slowSender(baseUrl: string, head: string, drip: string, everyMs: number): Promise<{ answer: string; closedAfterMs: number }> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(url.port), url.hostname);
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < drip.length && socket.writable) socket.write(drip[sent++]);
    }, everyMs);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
  });
}

/**
 * Every file under `dir`, relative, sorted: what a request wrote shows as a difference.
 * Types come with the names (no stat after the listing): a file renamed meanwhile is
 * listed as it was, never an error.
 */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * What the bot has stored under its data folder: its files, less the temporary files of
 * writes in flight (written aside, then renamed over the file they replace, by the store's
 * checkpoint and the knowledge cache whenever they run).
 */
export function storedFiles(dataDir: string): string[] {
  return filesUnder(dataDir).filter((file) => !file.endsWith('.tmp'));
}
