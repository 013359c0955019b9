import { generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import * as sinon from 'sinon';
// Where botframework-connector gets the Bot Framework's signing keys (login.botframework.com): the one network call of token validation.
import { OpenIdMetadata } from 'botframework-connector/lib/auth/openIdMetadata';

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
 * botframework-connector is made to trust in place of Microsoft's published keys: every
 * other step of validation (signature, issuer, audience, expiry, endorsements) is its own.
 */
export class ChannelTokenIssuer {
  private readonly keyId = randomBytes(8).toString('hex');
  private readonly privateKey: KeyObject;
  private readonly stub: sinon.SinonStub;
  private forgerKey?: KeyObject;

  /** `endorsements`: the channels the key may sign for, as Microsoft's keys list them. */
  constructor(endorsements = ['msteams', 'webchat']) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    const trusted = { key: publicKey.export({ type: 'spki', format: 'pem' }).toString(), endorsements };
    this.stub = sinon.stub(OpenIdMetadata.prototype, 'getKey').callsFake(async (keyId) => (keyId === this.keyId ? trusted : null));
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

  restore(): void {
    this.stub.restore();
  }
}

function signJwt(header: object, payload: object, key: KeyObject): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signed = `${encode(header)}.${encode(payload)}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), key).toString('base64url')}`;
}
