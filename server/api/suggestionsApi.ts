import type * as restify from 'restify';
import type { Decisions, Learning } from '../../learning/learning';
import type { TokenAccess } from './tokenAccess';
import { refusedWithoutReportsToken } from './reportsApi';

/** Most suggestions one request decides: the dashboard lists at most MAX_PENDING questions' worth. */
const MAX_IDS = 2000;

/** The ids of a decision body's list, or why they are not ids. */
function idsIn(body: Record<string, unknown>, field: keyof Decisions): string[] | string {
  const value = body[field] ?? [];
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || id.length > 64)) return `"${field}" must be a list of suggestion ids`;
  return value as string[];
}

/**
 * GET /api/suggestions: the phrasings users' questions suggest, waiting for a lead.
 * POST /api/suggestions { accept: [ids], reject: [ids], withdraw: [ids] }: a lead's
 * decisions, in bulk (withdraw: accepted phrasings taken out again); the knowledge has
 * them at the next reload (seconds). Whoever may
 * read the dashboard decides (REPORTS_TOKEN, or anyone while the bot runs anonymously).
 */
export function registerSuggestionsApi(server: restify.Server, learning: Learning, access: TokenAccess): void {
  server.get('/api/suggestions', async (req, res) => {
    if (refusedWithoutReportsToken(req, res, access)) return;
    res.send(200, await learning.list());
  });
  server.post('/api/suggestions', async (req, res) => {
    if (refusedWithoutReportsToken(req, res, access)) return;
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      res.send(400, { error: 'send { "accept": [ids], "reject": [ids], "withdraw": [ids] }' });
      return;
    }
    const lists = (['accept', 'reject', 'withdraw'] as const).map((field) => idsIn(body, field));
    const problem = lists.find((ids): ids is string => typeof ids === 'string');
    if (problem || lists.flat().length > MAX_IDS) {
      res.send(400, { error: problem ?? `at most ${MAX_IDS} ids at once` });
      return;
    }
    const [accept, reject, withdraw] = lists as string[][];
    res.send(200, await learning.decide({ accept, reject, withdraw }));
  });
}
