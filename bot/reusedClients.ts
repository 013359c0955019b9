import { ConfigurationBotFrameworkAuthentication, ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { BoundedConnectorHttpClient } from './connectorHttpClient';
import { withDirectActivityCalls } from './activityCalls';
import { BoundedMap } from '../memory/boundedMap';

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type UserTokenClient = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>>;

/** Clients kept of each kind; the least recently used goes first. Callers name the serviceUrl: the number is bounded. */
const MAX_CLIENTS = 100;

/**
 * Bot Framework authentication whose clients serve every turn. CloudAdapter asks for a
 * new ConnectorClient and a new UserTokenClient on every turn, and each one builds an
 * Azure HTTP pipeline of a dozen policies: a tenth of the bot's CPU per message. A
 * client holds nothing of a turn, only the app's credentials (which cache the app's
 * token), so one per app id, audience and serviceUrl is shared, as botbuilder shares a
 * factory's credentials. App id as botframework-connector reads it from the claims.
 */
export class ReusedClientsAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new BoundedMap<string, Promise<ConnectorClient>>({ maxEntries: MAX_CLIENTS });
  private readonly tokenClients = new BoundedMap<string, Promise<UserTokenClient>>({ maxEntries: MAX_CLIENTS });

  /** Every call to the Bot Connector goes through `httpClient`: its bounds hold for all clients together. */
  constructor(options: ConfigurationBotFrameworkAuthenticationOptions, private readonly httpClient: BoundedConnectorHttpClient) {
    super(options, undefined, undefined, undefined, { httpClient: httpClient.forConnectorClient() });
  }

  async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory ? { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) } : result;
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return reused(this.tokenClients, appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private reusing(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    return {
      create: (serviceUrl: string, audience?: string) =>
        reused(this.connectors, `${appId}\n${audience ?? ''}\n${serviceUrl}`, () => factory.create(serviceUrl, audience).then((client) => withDirectActivityCalls(client, serviceUrl, this.httpClient))),
    } as ConnectorFactory;
  }
}

function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? '';
}

/** The client made for `key` before, or a new one; one that failed to be made is not kept. */
function reused<T>(clients: BoundedMap<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  const kept = clients.get(key);
  if (kept) return kept;
  const client = create();
  clients.set(key, client);
  client.catch(() => {
    if (clients.peek(key) === client) clients.delete(key);
  });
  return client;
}
