import type * as restify from 'restify';
import type { GapReport } from '../../tickets/reports/gapReport';
import type { Dashboard } from '../../tickets/reports/dashboard';
import { TokenAccess, tokenProblem } from './tokenAccess';

/** `token`: REPORTS_TOKEN. */
export interface ReportsApiOptions extends TokenAccess {
  report: () => Promise<GapReport>;
  dashboard: () => Promise<Dashboard>;
}

/**
 * GET /api/reports: the KB gap report as JSON; GET /api/dashboard: the same with the help
 * desk dashboard's figures. Both quote what users asked, so a bot reachable from outside
 * serves them only with a token.
 */
export function registerReportsApi(server: restify.Server, { report, dashboard, ...access }: ReportsApiOptions): void {
  const serve = (build: () => Promise<object>) => async (req: restify.Request, res: restify.Response) => {
    if (refusedWithoutReportsToken(req, res, access)) return;
    res.send(200, await build());
  };
  server.get('/api/reports', serve(report));
  server.get('/api/dashboard', serve(dashboard));
}


/** Answers 403 or 401 when the caller may not read the reports (or the dashboard's data); true when it did. */
export function refusedWithoutReportsToken(req: restify.Request, res: restify.Response, access: TokenAccess): boolean {
  const problem = tokenProblem(req.headers, access);
  if (problem === 'not configured') res.send(403, { error: 'set REPORTS_TOKEN to serve the report from a bot with a Microsoft app id' });
  else if (problem) res.send(401, { error: 'Authorization: Bearer <REPORTS_TOKEN> required' });
  return problem !== undefined;
}
