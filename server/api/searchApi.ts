import type * as restify from 'restify';
import type { MatchResult } from '../../matching/matcher';
import type { ServedKnowledge } from '../../servedKnowledge/servedKnowledge';
import { TokenAccess, tokenProblem } from './tokenAccess';

/** Longest query the search API accepts, as for a chat message. */
const MAX_QUERY = 1024 * 1024;
const MAX_TOP = 10;

/** The JSON shape of GET /api/search: exactly what the bot would answer, in order. */
function searchResponse(result: MatchResult, top: number) {
  return {
    query: result.query,
    decision: result.decision,
    results: result.matches.slice(0, top).map((m) => ({
      id: m.entry.id,
      title: m.entry.title,
      system: m.entry.system,
      code: m.code,
      codes: m.entry.codes,
      article: m.entry.article ?? null,
      score: m.score,
    })),
  };
}

/**
 * GET /api/search?q=TEXT&top=N for help desk portals and ticket forms. It answers from
 * entries approved from internal tickets too, so a bot with an app id serves it only to
 * callers with SEARCH_TOKEN (`access.token`); missing, wrong or not configured are one
 * answer, 401, so a caller cannot tell them apart.
 */
export function registerSearchApi(server: restify.Server, helpDesk: () => ServedKnowledge, access: TokenAccess): void {
  server.get('/api/search', async (req, res) => {
    if (tokenProblem(req.headers, access)) {
      res.send(401, { error: 'Authorization: Bearer <SEARCH_TOKEN> required' });
      return;
    }
    const q = req.query?.q;
    const top = req.query?.top === undefined ? 3 : Number(req.query.top);
    if (typeof q !== 'string' || !q.trim()) {
      res.send(400, { error: 'query parameter "q" is required' });
      return;
    }
    if (q.length > MAX_QUERY) {
      res.send(413, { error: `query longer than ${MAX_QUERY} characters` });
      return;
    }
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
      res.send(400, { error: `"top" must be a whole number from 1 to ${MAX_TOP}` });
      return;
    }
    res.send(200, searchResponse(helpDesk().match(q), top));
  });
}
