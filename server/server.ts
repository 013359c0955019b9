import type { Server as HttpServer } from 'node:http';
import * as restify from 'restify';
import { BodyError, contentEncodingProblem, readJsonBody } from './jsonBody';
import { answerClientErrors } from './clientErrors';
import { crossSiteProblem } from './sameOrigin';
import { MESSAGES_PATH, MessagingParts, registerMessaging } from './messagingEndpoint';

/** Time allowed to send the headers, and the whole request: a slow sender (slowloris) is cut off. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 20_000;

/** `serviceUrls.anonymous` also turns on the browser checks. */
export interface ServerParts extends MessagingParts {
  /** Host header values answered while anonymous (sameOrigin.allowedHosts), known once listening. */
  hosts: () => Set<string>;
  /** Extra routes (search API, local chat page) registered after the core ones. */
  routes?: Array<(server: restify.Server) => void>;
}

/**
 * The HTTP surface: Bot Framework messages, health, and whatever `routes` add. Before any
 * body is read: compressed bodies and other content types are refused, and while the bot
 * runs anonymously, requests from other sites or to other host names. Bodies are read as
 * JSON only, counted in bytes received. The messaging endpoint reads its own, and judges
 * it only once the caller's token is checked (messagingEndpoint.ts).
 */
export function createServer({ adapter, bot, serviceUrls, hosts, routes = [] }: ServerParts): restify.Server {
  const server = restify.createServer({ name: 'helpdesk-bot', handleUncaughtExceptions: false });
  // connectionsCheckingInterval is Node's (since 18.12) but not in its typings.
  const http = server.server as HttpServer & { connectionsCheckingInterval: number };
  http.headersTimeout = HEADERS_TIMEOUT_MS;
  http.requestTimeout = REQUEST_TIMEOUT_MS;
  // Node looks for requests past those timeouts every 30 s by default: a slow sender would get up to 30 s more.
  http.connectionsCheckingInterval = 1000;
  answerClientErrors(http);

  server.pre((req, res, next) => {
    const refusal = gateProblem(req, serviceUrls.anonymous, hosts);
    if (!refusal) return next();
    res.setHeader('Connection', 'close');
    res.send(refusal.status, { error: refusal.message });
    return next(false);
  });
  server.use(restify.plugins.queryParser());
  server.use((req, res, next) => {
    if ((req.method !== 'POST' && req.method !== 'PUT') || req.getRoute()?.path === MESSAGES_PATH) return next();
    readJsonBody(req).then(
      (body) => {
        req.body = body;
        next();
      },
      (error: BodyError) => {
        res.setHeader('Connection', 'close');
        res.send(error.status ?? 400, { error: error.message });
        next(false);
      },
    );
  });

  registerMessaging(server, { adapter, bot, serviceUrls });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  for (const register of routes) register(server);
  return server;
}

/**
 * Why a request is refused before routing: a compressed body (but for the messaging
 * endpoint's, judged after the token), or (anonymous) a foreign host or site.
 */
function gateProblem(req: restify.Request, anonymous: boolean, hosts: () => Set<string>): { status: number; message: string } | undefined {
  const compressed = req.getPath() === MESSAGES_PATH ? undefined : contentEncodingProblem(req.headers);
  if (compressed) return { status: 415, message: compressed };
  if (!anonymous) return undefined;
  if (!hosts().has((req.headers.host ?? '').toLowerCase())) return { status: 421, message: 'this server does not answer to that host name' };
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return undefined;
  const crossSite = crossSiteProblem(req.headers);
  return crossSite ? { status: 403, message: crossSite } : undefined;
}

/**
 * Listens on `port` at `host`. A port another program holds, or one this user may not
 * take, is an error that names it and the PORT setting, for the start's one log line.
 */
export function listen(server: restify.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is in use (another bot or program listens there): stop it, or set PORT to a free port`));
      else if (error.code === 'EACCES') reject(new Error(`port ${port} on ${host} needs privileges this user does not have: set PORT to a port above 1023`));
      else reject(error);
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}
