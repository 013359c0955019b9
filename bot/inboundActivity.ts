/**
 * What a Bot Framework activity posted to /api/messages must look like before any bot code
 * sees it. Every field the bot reads is checked for its type here, so that a wrongly typed
 * one is a 400 naming the field, never a 500 deep in a turn.
 */

/** Longest id accepted (Teams conversation ids with a thread and message id run to a few hundred characters). */
const MAX_ID = 1024;
/** Channel ids are short names ("msteams", "webchat", "emulator"); they also name storage records. */
const CHANNEL_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

type Check = (value: unknown) => string | undefined;

const string = (max: number): Check => (value) =>
  typeof value !== 'string' ? 'must be a string' : value.length > max ? `must be at most ${max} characters` : undefined;
const optional = (check: Check): Check => (value) => (value === undefined || value === null ? undefined : check(value));
const object: Check = (value) => (value && typeof value === 'object' && !Array.isArray(value) ? undefined : 'must be an object');
const array: Check = (value) => (Array.isArray(value) ? undefined : 'must be an array');
const channelId: Check = (value) =>
  typeof value === 'string' && CHANNEL_ID.test(value) ? undefined : 'must be a channel name (letters, digits, ".", "_", "-")';

/** Fields by path ("from.id": `from` is an object and its `id`...), each with its check. */
const FIELDS: Array<[string, Check]> = [
  ['type', string(64)],
  ['id', optional(string(MAX_ID))],
  ['channelId', channelId],
  ['serviceUrl', string(2048)],
  ['conversation', object],
  ['conversation.id', string(MAX_ID)],
  ['conversation.conversationType', optional(string(64))],
  ['from', optional(object)],
  ['from.id', optional(string(MAX_ID))],
  ['from.name', optional(string(256))],
  ['from.aadObjectId', optional(string(64))],
  ['recipient', optional(object)],
  ['recipient.id', optional(string(MAX_ID))],
  ['recipient.name', optional(string(256))],
  ['text', optional(string(Number.MAX_SAFE_INTEGER))],
  ['textFormat', optional(string(32))],
  ['locale', optional(string(64))],
  ['name', optional(string(256))],
  ['replyToId', optional(string(MAX_ID))],
  ['value', optional(object)],
  ['entities', optional(array)],
  ['attachments', optional(array)],
  ['membersAdded', optional(array)],
  ['membersRemoved', optional(array)],
  ['channelData', optional(object)],
];

/** Message and invoke activities come from somebody: the bot records who. */
const NEEDS_SENDER = new Set(['message', 'invoke']);

/** Why a request body cannot be a Bot Framework activity (the field named), or undefined when it can. */
export function activityProblem(body: unknown): string | undefined {
  if (object(body)) return 'expected a JSON object';
  const activity = body as Record<string, unknown>;
  for (const [path, check] of FIELDS) {
    const value = valueAt(activity, path);
    if (value === MISSING_PARENT) continue;
    const problem = check(value);
    if (problem) return `"${path}" ${problem}`;
  }
  if (NEEDS_SENDER.has(activity.type as string) && typeof (activity.from as { id?: unknown } | undefined)?.id !== 'string') {
    return `"from.id" must be a string in a ${activity.type} activity`;
  }
  for (const list of ['membersAdded', 'membersRemoved', 'entities', 'attachments'] as const) {
    const items = (activity[list] ?? []) as unknown[];
    const index = items.findIndex((item) => object(item) !== undefined);
    if (index >= 0) return `"${list}[${index}]" must be an object`;
  }
  for (const list of ['membersAdded', 'membersRemoved'] as const) {
    const members = (activity[list] ?? []) as Array<{ id?: unknown }>;
    const index = members.findIndex((member) => typeof member.id !== 'string');
    if (index >= 0) return `"${list}[${index}].id" must be a string`;
  }
  return undefined;
}

const MISSING_PARENT = Symbol('missing parent');

/** The value at a dotted path; MISSING_PARENT when a parent is absent (its own check covers it). */
function valueAt(root: Record<string, unknown>, path: string): unknown {
  const keys = path.split('.');
  let node: unknown = root;
  for (let i = 0; i < keys.length - 1; i++) {
    node = (node as Record<string, unknown>)[keys[i]];
    if (!node || typeof node !== 'object') return MISSING_PARENT;
  }
  return (node as Record<string, unknown>)[keys[keys.length - 1]];
}

/** Where the bot may send replies: the serviceUrl rules of `serviceUrlProblem`. */
export interface ServiceUrlPolicy {
  /** True while the bot runs without an app id: nothing vouches for the caller's serviceUrl. */
  anonymous: boolean;
  /** Origins allowed besides the defaults (ALLOWED_SERVICE_URLS), e.g. "https://smba.trafficmanager.net". */
  allowed: string[];
  /** The bot's own origin (its local chat's Bot Connector), known once it listens. */
  own: () => string;
}

/**
 * Why the bot must not send replies to this serviceUrl, or undefined. Replies go to
 * `serviceUrl/v3/conversations/...`: a URL with credentials, a query or a fragment would
 * steer them elsewhere. An anonymous bot replies only to its own local chat or to the
 * origins configured: any other port on this machine may be a service a web page wants
 * to reach through the bot. An authenticated one replies only over https (the token it
 * was called with names the serviceUrl, and botbuilder checks that claim).
 */
export function serviceUrlProblem(serviceUrl: string, policy: ServiceUrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return '"serviceUrl" must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '"serviceUrl" must be http or https';
  if (url.username || url.password || url.search || url.hash) return '"serviceUrl" must not carry credentials, a query or a fragment';
  if (policy.allowed.includes(url.origin)) return undefined;
  if (policy.anonymous) {
    return url.origin === policy.own() ? undefined : `"serviceUrl" must be this bot's own local chat (${policy.own()}) while the bot runs without an app id; list others in ALLOWED_SERVICE_URLS`;
  }
  return url.protocol === 'https:' ? undefined : '"serviceUrl" must be https';
}
