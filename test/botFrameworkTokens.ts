import { generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sinon from 'sinon';
import { AuthenticationConstants } from 'botframework-connector';

/** An app id and the settings it needs, for a bot that authenticates its callers (no network needed to start). */
export const APP_IDENTITY = {
  microsoftAppId: '00000000-0000-0000-0000-000000000001',
  microsoftAppPassword: 'secret',
  microsoftAppTenantId: '00000000-0000-0000-0000-0000000000aa',
};

/** Who Bot Framework channel tokens are issued by. */
const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface TokenClaims {
  /** The serviceUrl the token vouches for (claim `serviceurl`). */
  serviceUrl: string;
  /** Default: the bot's app id. */
  audience?: string;
  /** Seconds from now; negative: expired. Default one hour. */
  expiresIn?: number;
}

/**
 * Signs tokens as the Bot Framework Connector does (RS256, issuer api.botframework.com,
 * the bot's app id as audience, the serviceUrl claim), with a key this process's
 * botframework-connector is made to trust in place of Microsoft's published keys: its
 * OpenID metadata URL (a public constant, read when a bot's authentication is made) points
 * at a server of this issuer's, which publishes that key as login.botframework.com
 * publishes Microsoft's. Every step of validation (fetching the keys, signature, issuer,
 * audience, expiry, endorsements) is the SDK's own. Start it before the bot.
 */
export class ChannelTokenIssuer {
  private readonly keyId = randomBytes(8).toString('hex');
  private forgerKey?: KeyObject;

  private readonly sandbox = sinon.createSandbox();

  private constructor(private readonly privateKey: KeyObject, private readonly server: http.Server) {}

  /** `endorsements`: the channels the key may sign for, as Microsoft's keys list them. */
  static async start(endorsements = ['msteams', 'webchat']): Promise<ChannelTokenIssuer> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const server = http.createServer();
    const issuer = new ChannelTokenIssuer(privateKey, server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { n, e } = publicKey.export({ format: 'jwk' });
    server.on('request', (req, res) => {
      const body = req.url === '/openid' ? { jwks_uri: `${base}/keys` } : { keys: [{ kty: 'RSA', use: 'sig', kid: issuer.keyId, n, e, endorsements }] };
      // Not writeHead(...).end(): restify's patched writeHead returns nothing.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    issuer.sandbox.replace(AuthenticationConstants, 'ToBotFromChannelOpenIdMetadataUrl', `${base}/openid` as typeof AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl);
    return issuer;
  }

  /** An Authorization header value with a token for these claims. */
  authorization({ serviceUrl, audience = APP_IDENTITY.microsoftAppId, expiresIn = 3600 }: TokenClaims): string {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: CHANNEL_ISSUER, aud: audience, serviceurl: serviceUrl, nbf: now - 60, iat: now - 60, exp: now + expiresIn };
    return `Bearer ${signJwt({ alg: 'RS256', typ: 'JWT', kid: this.keyId }, payload, this.privateKey)}`;
  }

  /** The same claims signed by a key nobody trusts, under the trusted key's id: a forgery. */
  forged(claims: TokenClaims): string {
    this.forgerKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const privateKey = this.forgerKey;
    const [, token] = this.authorization(claims).split(' ');
    const [header, payload] = token.split('.');
    return `Bearer ${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')}`;
  }

  async restore(): Promise<void> {
    this.sandbox.restore();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function signJwt(header: object, payload: object, key: KeyObject): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signed = `${encode(header)}.${encode(payload)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), key).toString('base64url')}`;
}
