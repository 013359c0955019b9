import * as os from 'node:os';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Host header names this server answers to while it runs anonymously: the loopback names,
 * and, when it listens on other addresses, those addresses and the public URL's host. A
 * page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) sends its
 * own name as Host and is refused.
 */
export function allowedHosts(listenHost: string, port: number, publicUrl: string): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (listenHost === '0.0.0.0' || listenHost === '::') {
    for (const address of Object.values(os.networkInterfaces()).flat()) {
      if (address) names.add(address.family === 'IPv6' ? `[${address.address}]` : address.address);
    }
  } else if (listenHost) {
    names.add(listenHost.includes(':') ? `[${listenHost}]` : listenHost);
  }
  const hosts = new Set<string>();
  for (const name of names) hosts.add(`${name}:${port}`).add(name.toLowerCase());
  if (publicUrl) hosts.add(new URL(publicUrl).host.toLowerCase());
  return hosts;
}

/**
 * Why a browser request comes from another site, or undefined. A state-changing request
 * with `Sec-Fetch-Site` other than same-origin (or none: typed by the user) or with an
 * `Origin` that is not this server's is another page driving the bot: a cross-site form,
 * or a page on another local port. Server-to-server callers (Bot Framework, the Emulator,
 * curl) send neither header and pass.
 */
export function crossSiteProblem(headers: IncomingHttpHeaders): string | undefined {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site "${site.slice(0, 20)}" is not accepted`;
  const origin = headers.origin;
  if (origin !== undefined && origin !== `http://${headers.host}` && origin !== `https://${headers.host}`) {
    return 'requests from another origin are not accepted';
  }
  return undefined;
}
