import type * as restify from 'restify';

export interface LocalChatOptions {
  /** This server's base URL (known only once it listens). */
  baseUrl: () => string;
}

/** Placeholder: the local chat page and its Direct Line bridge. */
export function registerLocalChat(_server: restify.Server, _options: LocalChatOptions): void {}
