import { STATUS_CODES, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Requests Node refuses before any handler runs (headers too large, malformed, too slow).
 * Node's own answer writes the status and resets the connection at once; a client still
 * sending the rest of its 32 KB of headers then gets ECONNRESET instead of the 431. Here
 * the status is written, the connection closed gracefully, and what the client is still
 * sending read and dropped for at most LINGER_MS.
 */

/** Longest a refused connection is kept open to drain what its client still sends. */
const LINGER_MS = 1000;

/** Status for Node's client errors, by error code. */
function statusOf(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

export function answerClientErrors(http: HttpServer): void {
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = statusOf(error.code);
    // The parser is done with this connection: what still comes is read and dropped.
    socket.removeAllListeners('data');
    socket.on('data', () => undefined);
    socket.on('error', () => socket.destroy());
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}
