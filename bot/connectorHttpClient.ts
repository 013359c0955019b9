import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { toCompatResponse } from '@azure/core-http-compat';
import type { ConnectorClientOptions } from 'botframework-connector';

/** How the bot's calls to the Bot Connector (replies, updates) are bounded. */
export interface ConnectorLimits {
  /** A call not answered within this long is aborted: a hanging connector never holds a socket for good. */
  timeoutMs: number;
  /** Calls under way at once; more wait for a free place. */
  maxConcurrent: number;
  /** Calls waiting for a place; past this a call fails at once instead of queueing without bound. */
  maxQueued: number;
}

/** Concurrency bounds; the timeout is a setting (BotConfig.connectorTimeoutMs). */
export const CONNECTOR_LIMITS: Omit<ConnectorLimits, 'timeoutMs'> = { maxConcurrent: 64, maxQueued: 1024 };

type CompatHttpClient = NonNullable<ConnectorClientOptions['httpClient']>;

/**
 * The HTTP client every call to the Bot Connector goes through: Azure's default client,
 * with a timeout on every call and a bound on calls under way, so that a slow or dead
 * connector grows neither memory nor descriptors.
 */
export class BoundedConnectorHttpClient implements HttpClient {
  private readonly inner = createDefaultHttpClient();
  private readonly slots: Slots;

  constructor(private readonly limits: ConnectorLimits) {
    this.slots = new Slots(limits.maxConcurrent, limits.maxQueued);
  }

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    request.timeout = this.limits.timeoutMs;
    const release = await this.slots.take();
    try {
      return await this.inner.sendRequest(request);
    } finally {
      release();
    }
  }

  /** The same client, with the same bounds, in the shape botbuilder's ConnectorClient takes (its `httpClient` option). */
  forConnectorClient(): CompatHttpClient {
    return {
      sendRequest: async (resource) => {
        const request = createPipelineRequest({
          url: resource.url,
          method: resource.method,
          headers: createHttpHeaders(resource.headers.toJson({ preserveCase: true })),
          body: resource.body,
          // http only reaches here for a serviceUrl on this machine or one configured (inboundActivity.ts).
          allowInsecureConnection: resource.url.startsWith('http:'),
          abortSignal: resource.abortSignal,
        });
        return toCompatResponse(await this.sendRequest(request));
      },
    } as CompatHttpClient;
  }
}

/** A counting semaphore with a bounded queue. */
export class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number, private readonly maxQueued: number) {
    this.free = size;
  }

  /** Resolves with the function that gives the place back; rejects at once when the queue is full. */
  take(): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.maxQueued) return Promise.reject(new Error('too many calls to the Bot Connector under way'));
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
