import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  conversationId: string;
  activity: any;
  /** The id the connector gave the activity it was sent. */
  id: string;
}

/**
 * A Bot Connector service as far as a bot's replies go: it accepts the activities a bot
 * sends, updates and deletes (as Teams or Direct Line would) and keeps them, in this
 * process, so that they survive the bot being killed. Activities posted to the bot carry
 * its URL as serviceUrl.
 */
export class StubConnector {
  readonly calls: ConnectorCall[] = [];
  private constructor(private readonly server: http.Server, readonly url: string) {}

  /** `keep: false` keeps no calls (a benchmark's hundreds of thousands), only passes them to `onCall`. */
  static async start(onCall?: (call: ConnectorCall) => void, { keep = true } = {}): Promise<StubConnector> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const conversationId = decodeURIComponent(/\/v3\/conversations\/([^/]+)/.exec(req.url ?? '')?.[1] ?? '');
        const call = withActivity({ method: req.method ?? '', conversationId, id: randomBytes(6).toString('hex') }, chunks);
        if (keep) stub.calls.push(call);
        onCall?.(call);
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify({ id: call.id }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const stub = new StubConnector(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return stub;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * The call with its activity parsed from the body when first read: a benchmark that only
 * counts replies spends no CPU of the machine it measures on parsing them.
 */
function withActivity(call: Omit<ConnectorCall, 'activity'>, chunks: Buffer[]): ConnectorCall {
  let activity: unknown;
  let parsed = false;
  return Object.defineProperty(call, 'activity', {
    enumerable: true,
    get() {
      if (!parsed) {
        const body = Buffer.concat(chunks).toString('utf8');
        activity = body ? JSON.parse(body) : undefined;
        parsed = true;
      }
      return activity;
    },
  }) as ConnectorCall;
}

/** An activity from a user, as a channel posts it to the bot: the bot's replies go to `serviceUrl`. */
export function userActivity(serviceUrl: string, conversationId: string, from: { id: string; name?: string }, fields: Record<string, unknown>) {
  return {
    id: `${conversationId}-${randomBytes(4).toString('hex')}`,
    type: 'message',
    channelId: 'webchat',
    serviceUrl,
    conversation: { id: conversationId },
    from: { name: from.id, ...from },
    recipient: { id: 'helpdesk-bot', name: 'Help Desk' },
    ...fields,
  };
}

/** POSTs an activity to a bot's /api/messages; the status, or 0 when the bot could not be reached. */
export async function postToBot(botUrl: string, activity: unknown): Promise<number> {
  try {
    const response = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

export type FaultyConnector = Awaited<ReturnType<typeof faultyConnector>>;

/** A Bot Connector on loopback that answers every call with `answer`, or never. */
export async function faultyConnector(answer: 'hang' | 500) {
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls++;
    req.resume();
    if (answer !== 500) return;
    // Not chained: restify, loaded in this process, patches writeHead to return nothing.
    res.writeHead(500, { 'Content-Type': 'application/json' });
    res.end('{"error":{"code":"ServiceError"}}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const open = () => new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    open,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
