import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Largest request body read, counted in bytes actually received (not what Content-Length claims). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Deepest nesting of objects and arrays accepted; activities and card data need fewer than 12. */
const MAX_JSON_DEPTH = 32;

/** Why a body was refused, as the HTTP status and a sentence for the caller. */
export class BodyError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** `application/json`, with or without `; charset=utf-8`; nothing else is parsed. */
function isJsonContentType(header: string | undefined): boolean {
  const [type, ...parameters] = (header ?? '').toLowerCase().split(';').map((part) => part.trim());
  return type === 'application/json' && parameters.every((p) => p === '' || p === 'charset=utf-8');
}

/**
 * Reads a JSON request body: refuses a compressed one (415) or another content type (415)
 * before reading a byte, stops reading past `limit` bytes (413), and parses only JSON
 * within `MAX_JSON_DEPTH` without `__proto__` keys (400). An empty body is undefined.
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const refused = bodyHeadersProblem(req.headers);
  if (refused) throw refused;
  return parseJsonBody(await readBodyBytes(req, limit));
}

const hasBody = (headers: IncomingHttpHeaders) => Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;

/** Why the headers rule the body out, before a byte of it is read: compressed, or not JSON (415). */
export function bodyHeadersProblem(headers: IncomingHttpHeaders): BodyError | undefined {
  const compressed = contentEncodingProblem(headers);
  if (compressed) return new BodyError(415, compressed);
  if (hasBody(headers) && !isJsonContentType(headers['content-type'])) return new BodyError(415, 'Content-Type must be application/json');
  return undefined;
}

/**
 * The body's bytes as received, whatever they are: none past `limit` are read (413, as
 * soon as Content-Length says so or as many have arrived). Empty when there is no body.
 */
export async function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (!hasBody(req.headers)) return Buffer.alloc(0);
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyError(413, `body larger than ${limit} bytes`);
  return readAtMost(req, limit);
}

/** The JSON value in `bytes`, undefined for none; 400 for invalid JSON, or one `jsonShapeProblem` refuses. */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new BodyError(400, `body is not valid JSON: ${(error as Error).message.slice(0, 120)}`);
  }
  const problem = jsonShapeProblem(body);
  if (problem) throw new BodyError(400, problem);
  return body;
}

/**
 * Why the body's Content-Encoding is refused, or undefined for none or identity. A gzip
 * body's size says nothing of what it expands to, and nothing here needs compression.
 */
export function contentEncodingProblem(headers: IncomingHttpHeaders): string | undefined {
  const encoding = (headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  return encoding === 'identity' ? undefined : `Content-Encoding "${encoding.slice(0, 40)}" is not accepted: send the body uncompressed`;
}

function readAtMost(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      if (error) {
        // Whatever else the caller sends is not read: the connection closes after the answer.
        req.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(new BodyError(413, `body larger than ${limit} bytes`));
      else chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = (error: Error) => finish(new BodyError(400, `body not received: ${error.message}`));
    const onAborted = () => finish(new BodyError(400, 'body not received: the request was aborted'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

/**
 * Nesting deeper than MAX_JSON_DEPTH (which would overflow the stack of whatever walks it
 * later, JSON.stringify included) or a `__proto__` key (which some copies turn into a
 * prototype); undefined when neither. Walks without recursion.
 */
function jsonShapeProblem(value: unknown): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) return `JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (Array.isArray(node)) {
      for (const item of node) stack.push([item, depth + 1]);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (key === '__proto__') return 'JSON key "__proto__" is not accepted';
      stack.push([(node as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}
