import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ChannelAccount } from 'botbuilder';
import { BoundedMap } from '../memory/boundedMap';

/** An activity as JSON: whatever its sender put in. */
export interface NewActivity {
  type: string;
  timestamp?: string;
  [field: string]: unknown;
}

/** An activity as kept in a conversation, under the id this service gave it. */
export type StoredActivity = NewActivity & { id: string };

export interface StoreLimits {
  maxConversations: number;
  maxActivitiesPerConversation: number;
  /** Bytes of JSON one conversation keeps; its oldest activities go first (a poll is never larger). */
  maxBytesPerConversation: number;
  /** Bytes of JSON all conversations keep together; the least recently used conversations go first. */
  maxBytes: number;
  /** A conversation nobody has touched (not even polled) for this long is forgotten. */
  idleMs: number;
}

const DEFAULT_LIMITS: StoreLimits = {
  maxConversations: 1000,
  maxActivitiesPerConversation: 500,
  // A 1 MB pasted log and its answer fit; sixty of them do not pile up.
  maxBytesPerConversation: 3 * 1024 * 1024,
  maxBytes: 64 * 1024 * 1024,
  idleMs: 60 * 60 * 1000,
};

export interface Conversation {
  id: string;
  token: string;
  user: ChannelAccount;
  /** Set once the client has opened the conversation, so the bot is greeted only once. */
  started: boolean;
  lastSeen: number;
  /** Activities go to the bot one at a time, in the order they arrived. */
  delivery: Promise<unknown>;
  /** Ordered by `seq`; the Direct Line watermark is the last `seq` a client has seen. */
  log: Array<{ seq: number; activity: StoredActivity; bytes: number }>;
  /** Sum of the log's `bytes`. */
  bytes: number;
  nextSeq: number;
  nextActivityNumber: number;
}

/** In-memory conversations for the local Direct Line: bounded, least recently used dropped first. */
export class ConversationStore {
  // Recency order: every touch makes a conversation the newest, so the first one is the stalest.
  private readonly conversations: BoundedMap<string, Conversation>;
  /** One token per conversation kept: a conversation's token goes with it. */
  private readonly idsByToken = new Map<string, string>();
  private bytes = 0;

  private readonly limits: StoreLimits;

  constructor(limits: Partial<StoreLimits> = {}, private readonly now: () => number = Date.now) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.conversations = new BoundedMap({ maxEntries: this.limits.maxConversations, evicted: (_id, conversation) => this.dropped(conversation) });
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Bytes of JSON held in all conversations. */
  get byteSize(): number {
    return this.bytes;
  }

  get idleSeconds(): number {
    return Math.floor(this.limits.idleMs / 1000);
  }

  create(user: ChannelAccount): Conversation {
    this.sweep();
    const conversation: Conversation = {
      id: randomBytes(16).toString('base64url'),
      token: randomBytes(32).toString('base64url'),
      user,
      started: false,
      lastSeen: this.now(),
      delivery: Promise.resolve(),
      log: [],
      bytes: 0,
      nextSeq: 1,
      nextActivityNumber: 1,
    };
    this.conversations.set(conversation.id, conversation);
    this.idsByToken.set(conversation.token, conversation.id);
    return conversation;
  }

  /** The live conversation with this id (marking it used), or undefined when unknown or expired. */
  get(id: string): Conversation | undefined {
    const conversation = this.conversations.peek(id);
    if (!conversation) return undefined;
    if (this.now() - conversation.lastSeen > this.limits.idleMs) {
      this.forget(id);
      return undefined;
    }
    conversation.lastSeen = this.now();
    return this.conversations.get(id);
  }

  /** The live conversation a token was issued for, as `get` does. */
  byToken(token: string | undefined): Conversation | undefined {
    const id = token === undefined ? undefined : this.idsByToken.get(token);
    return id === undefined ? undefined : this.get(id);
  }

  /** Adds a new activity under a fresh id and returns the stored copy. */
  append(conversation: Conversation, activity: NewActivity): StoredActivity {
    const id = String(conversation.nextActivityNumber++).padStart(7, '0');
    return this.push(conversation, { ...activity, id });
  }

  /**
   * Replaces the activity with the same id. The new version goes to the end of the log so that
   * clients which already saw the old one receive it again on their next poll.
   */
  replace(conversation: Conversation, activity: StoredActivity): StoredActivity | undefined {
    const index = conversation.log.findIndex((entry) => entry.activity.id === activity.id);
    if (index < 0) return undefined;
    const [{ activity: previous, bytes }] = conversation.log.splice(index, 1);
    conversation.bytes -= bytes;
    this.bytes -= bytes;
    // Web Chat orders by timestamp: keeping the original one keeps the activity where it was.
    return this.push(conversation, { ...activity, timestamp: previous.timestamp });
  }

  /** Activities after `watermark` (all of them when it is missing or not a number) and the new watermark. */
  since(conversation: Conversation, watermark: unknown): { activities: StoredActivity[]; watermark: string } {
    const after = Number(watermark);
    const from = typeof watermark === 'string' && watermark !== '' && Number.isFinite(after) ? after : 0;
    return {
      activities: conversation.log.filter((entry) => entry.seq > from).map((entry) => entry.activity),
      watermark: String(conversation.nextSeq - 1),
    };
  }

  private push(conversation: Conversation, activity: StoredActivity): StoredActivity {
    const bytes = Buffer.byteLength(JSON.stringify(activity));
    conversation.log.push({ seq: conversation.nextSeq++, activity, bytes });
    conversation.bytes += bytes;
    this.bytes += bytes;
    while (
      conversation.log.length > 1 &&
      (conversation.log.length > this.limits.maxActivitiesPerConversation || conversation.bytes > this.limits.maxBytesPerConversation)
    ) {
      const dropped = conversation.log.shift()!;
      conversation.bytes -= dropped.bytes;
      this.bytes -= dropped.bytes;
    }
    // The stalest conversations go first, never the one written to.
    for (const id of this.conversations.keys()) {
      if (this.bytes <= this.limits.maxBytes) break;
      if (id !== conversation.id) this.forget(id);
    }
    return activity;
  }

  private sweep(): void {
    const now = this.now();
    for (const [id, conversation] of this.conversations) {
      if (now - conversation.lastSeen > this.limits.idleMs) this.forget(id);
    }
  }

  private forget(id: string): void {
    const conversation = this.conversations.peek(id);
    if (!conversation) return;
    this.conversations.delete(id);
    this.dropped(conversation);
  }

  private dropped(conversation: Conversation): void {
    this.idsByToken.delete(conversation.token);
    this.bytes -= conversation.bytes;
  }
}

/** Constant-time comparison, so a wrong token reveals nothing about the right one. */
export function sameToken(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
