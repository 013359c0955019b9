import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Finding } from '../../cli/doctor/finding';

export const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** A deployed bot's settings that pass every check of the settings alone. */
export const DEPLOYED = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: TENANT, PUBLIC_URL: 'https://helpdesk.example.test', REPORTS_TOKEN: 'a'.repeat(32), SEARCH_TOKEN: 'b'.repeat(32) };

/** [status, message, fix] of each finding, for deepEqual. */
export const summary = (findings: Finding[]) => findings.map((f) => [f.status, f.message, f.fix]);

export interface FakeRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** An HTTP server on the loopback that records each request and answers it with `answer`'s status and JSON. */
export async function fakeServer(answer: (request: FakeRequest) => { status: number; json?: unknown }): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const request = { method: req.method!, url: req.url!, headers: req.headers, body };
    requests.push(request);
    const { status, json } = answer(request);
    res.writeHead(status, json === undefined ? {} : { 'Content-Type': 'application/json' });
    res.end(json === undefined || req.method === 'HEAD' ? undefined : JSON.stringify(json));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A loopback URL nothing listens on: connections to it are refused. */
export async function refusedUrl(): Promise<string> {
  const closed = await fakeServer(() => ({ status: 200 }));
  await closed.close();
  return closed.url;
}
