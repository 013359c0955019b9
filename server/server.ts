import type { Server as HttpServer } from 'node:http';
import * as restify from 'restify';
import type { ActivityHandler } from 'botbuilder';
import { BodyError, contentEncodingProblem, readJsonBody } from './jsonBody';
import { answerClientErrors } from './clientErrors';
import { crossSiteProblem } from './sameOrigin';
import { HelpDeskAdapter, Unauthorized } from '../bot/adapter';
import { log } from '../observability/log';
import { observeTurn, attachTurn } from '../observability/turn';
import { activityProblem, ServiceUrlPolicy, serviceUrlProblem } from '../bot/inboundActivity';

/** Turns under way at once; past this a caller gets 503 and Bot Framework retries later. */
export const MAX_TURNS_IN_FLIGHT = 256;
/** Time allowed to send the headers, and the whole request: a slow sender (slowloris) is cut off. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 20_000;

export interface ServerParts {
  adapter: HelpDeskAdapter;
  bot: ActivityHandler;
  /** Where replies may go (see serviceUrlProblem); `anonymous` also turns on the browser checks. */
  serviceUrls: ServiceUrlPolicy;
  /** Host header values answered while anonymous (sameOrigin.allowedHosts), known once listening. */
  hosts: () => Set<string>;
  /** Extra routes (search API, local chat page) registered after the core ones. */
  routes?: Array<(server: restify.Server) => void>;
}

/**
 * The HTTP surface: Bot Framework messages, health, and whatever `routes` add. Before any
 * body is read: compressed bodies and other content types are refused, and while the bot
 * runs anonymously, requests from other sites or to other host names. Bodies are read as
 * JSON only, counted in bytes received.
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
    if (req.method !== 'POST' && req.method !== 'PUT') return next();
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

  let inFlight = 0;
  server.post('/api/messages', async (req, res) => {
    const problem = activityProblem(req.body) ?? serviceUrlProblem(req.body.serviceUrl, serviceUrls);
    if (problem) {
      res.send(400, { error: `not an activity this bot accepts: ${problem}` });
      return;
    }
    if (inFlight >= MAX_TURNS_IN_FLIGHT) {
      res.header('Retry-After', '1');
      res.send(503, { error: 'too many turns under way, retry shortly' });
      return;
    }
    inFlight++;
    const ids = { conversationId: req.body.conversation?.id, activityId: req.body.id, type: req.body.type };
    try {
      const identity = await adapter.authenticate(req.body, req.headers.authorization ?? '');
      const { status, body } = await observeTurn(ids, (turn) => adapter.runTurn(identity, req.body, (context) => {
        attachTurn(context, turn);
        return bot.run(context);
      }));
      res.send(status, body);
    } catch (error) {
      // Refused callers are logged at debug only: anyone can send them, as many as they like.
      if (error instanceof Unauthorized) {
        log.debug({ ...ids, reason: error.message }, 'request not authorized');
        res.send(401, { error: 'the request is not authorized' });
      } else {
        log.error({ err: error, ...ids }, 'turn failed');
        res.send(500, { error: 'the turn failed' });
      }
    } finally {
      inFlight--;
    }
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  for (const register of routes) register(server);
  return server;
}

/** Why a request is refused before routing: a compressed body, or (anonymous) a foreign host or site. */
function gateProblem(req: restify.Request, anonymous: boolean, hosts: () => Set<string>): { status: number; message: string } | undefined {
  const compressed = contentEncodingProblem(req.headers);
  if (compressed) return { status: 415, message: compressed };
  if (!anonymous) return undefined;
  if (!hosts().has((req.headers.host ?? '').toLowerCase())) return { status: 421, message: 'this server does not answer to that host name' };
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return undefined;
  const crossSite = crossSiteProblem(req.headers);
  return crossSite ? { status: 403, message: crossSite } : undefined;
}
