import * as restify from 'restify';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';

/** Largest request body accepted; larger ones get 413 before any bot code runs. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerParts {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  /** Extra routes (search API, local chat page) registered after the core ones. */
  routes?: Array<(server: restify.Server) => void>;
}

/** The HTTP surface: Bot Framework messages, health, and whatever `routes` add. */
export function createServer({ adapter, bot, routes = [] }: ServerParts): restify.Server {
  const server = restify.createServer({ name: 'helpdesk-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser());
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.send(400, { error: `not a Bot Framework activity: ${problem}` });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  for (const register of routes) register(server);
  return server;
}

/** Why a request body cannot be a Bot Framework activity, or undefined when it can. */
export function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'expected a JSON object';
  const activity = body as Record<string, any>;
  if (typeof activity.type !== 'string') return '"type" must be a string';
  if (typeof activity.serviceUrl !== 'string') return '"serviceUrl" must be a string';
  if (typeof activity.conversation?.id !== 'string') return '"conversation.id" must be a string';
  return undefined;
}
