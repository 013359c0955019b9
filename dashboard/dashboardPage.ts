/*
 * dashboard/: the help desk dashboard, a page for help desk leads: deflection and decisions
 * per day, the KB gap report's tables, tickets by status and age, time to take and resolve,
 * drawn with Chart.js. The page holds no data: it fetches GET /api/dashboard (server/api/reportsApi.ts),
 * with the reports token when one is set.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type * as restify from 'restify';

/** Compiled code runs from dist/dashboard; the page is served from the source tree, as the local chat page is. */
const PUBLIC_DIR = path.resolve(__dirname, '../../dashboard/public');
/** Chart.js's browser bundle (a production dependency), served by the bot: no CDN the page depends on. */
const CHART_JS = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');

const JS = 'text/javascript; charset=utf-8';
const FILES: Record<string, { file: string; type: string }> = {
  '/dashboard': { file: path.join(PUBLIC_DIR, 'index.html'), type: 'text/html; charset=utf-8' },
  '/dashboard/dashboard.css': { file: path.join(PUBLIC_DIR, 'dashboard.css'), type: 'text/css; charset=utf-8' },
  '/dashboard/dashboard.js': { file: path.join(PUBLIC_DIR, 'dashboard.js'), type: JS },
  '/dashboard/chart.js': { file: CHART_JS, type: JS },
};

/** Scripts, styles and data from this server only; no inline script or style (Chart.js draws on a canvas). */
const DASHBOARD_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The dashboard page and its scripts at /dashboard; served to anyone: the data behind it asks for the token. */
export function registerDashboardPage(server: restify.Server): void {
  for (const [route, { file, type }] of Object.entries(FILES)) {
    server.get(route, async (_req, res) => {
      res.sendRaw(200, await readFile(file), {
        'Content-Type': type,
        'Content-Security-Policy': DASHBOARD_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
      });
    });
  }
}
