import type { IncomingHttpHeaders } from 'node:http';
import { sameToken } from '../../localChat/directLineStore';

/** Who may call a route that serves what the organisation wrote or asked: its bearer token, and whether the bot runs anonymously. */
export interface TokenAccess {
  /** The token callers must present (Authorization: Bearer TOKEN); empty: none configured. */
  token: string;
  /** True while the bot runs without an app id: it then listens on this machine only. */
  anonymous: boolean;
}

/**
 * Why the caller may not be served, or undefined when it may: with a token configured,
 * only callers presenting it (compared in constant time, so a wrong one reveals nothing
 * of the right one); without one, anyone while the bot runs anonymously, nobody once it
 * has an app id (closed by default).
 */
export function tokenProblem(headers: IncomingHttpHeaders, { token, anonymous }: TokenAccess): 'not configured' | 'wrong token' | undefined {
  if (!token) return anonymous ? undefined : 'not configured';
  const presented = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  return sameToken(presented, token) ? undefined : 'wrong token';
}
