import type * as restify from 'restify';
import type { GapReport } from '../tickets/reports';
import type { Dashboard } from '../tickets/dashboard';
import { sameToken } from '../localChat/directLineStore';

export interface ReportsApiOptions {
  report: () => Promise<GapReport>;
  dashboard: () => Promise<Dashboard>;
  /** Bearer token callers must present; empty: open, but only for a bot that runs anonymously (locally). */
  token: string;
  anonymous: boolean;
}

/**
 * GET /api/reports: the KB gap report as JSON; GET /api/dashboard: the same with the help
 * desk dashboard's figures. Both quote what users asked, so a bot reachable from outside
 * serves them only with a token.
 */
export function registerReportsApi(server: restify.Server, { report, dashboard, token, anonymous }: ReportsApiOptions): void {
  const serve = (build: () => Promise<object>) => async (req: restify.Request, res: restify.Response) => {
    if (!token && !anonymous) {
      res.send(403, { error: 'set REPORTS_TOKEN to serve the report from a bot with a Microsoft app id' });
      return;
    }
    if (token && !sameToken(/^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1], token)) {
      res.send(401, { error: 'Authorization: Bearer <REPORTS_TOKEN> required' });
      return;
    }
    res.send(200, await build());
  };
  server.get('/api/reports', serve(report));
  server.get('/api/dashboard', serve(dashboard));
}

