/**
 * Where a conversation can be reached again later (a ticket's user, a registered help desk):
 * the product's own type, so that tickets and escalation keep addresses without knowing the
 * Bot Framework. `bot/` converts it to and from the SDK's conversation reference; the fields
 * and their JSON shape are the same, so addresses stored before stay readable.
 */
export interface ConversationAddress {
  /** The channel's endpoint for replies (checked against the allowed hosts before use). */
  serviceUrl?: string;
  channelId?: string;
  /** Set when the address points at one message (a reply in its thread). */
  activityId?: string;
  locale?: string;
  conversation?: { id: string; name?: string; tenantId?: string; conversationType?: string; isGroup?: boolean };
  bot?: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
}
