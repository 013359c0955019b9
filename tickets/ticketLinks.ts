import { createHash } from 'node:crypto';
import { readItem, TicketStorage } from '../storage/storage';

/**
 * Where a ticket's conversation continues: the thread under its card in a help desk
 * conversation (agents reply there), and the user's chat once an agent has written
 * (the user's messages go back to the thread until the ticket is resolved). Keys are
 * hashes: no caller-chosen id becomes part of a key.
 */
export class TicketLinks {
  constructor(private readonly storage: TicketStorage) {}

  /** The thread under the ticket card posted as `activityId` in the help desk `helpDeskKey`. */
  linkThread(helpDeskKey: string, activityId: string, ticketId: string): Promise<void> {
    return this.storage.write({ [threadKey(helpDeskKey, activityId)]: { ticketId, eTag: '*' } });
  }

  async ticketOfThread(helpDeskKey: string, activityId: string): Promise<string | undefined> {
    return (await readItem<{ ticketId: string }>(this.storage, threadKey(helpDeskKey, activityId)))?.ticketId;
  }

  /** From now on, the user's messages in this chat belong to the ticket (while it is not resolved). */
  linkChat(channelId: string, conversationId: string, userId: string, ticketId: string): Promise<void> {
    return this.storage.write({ [chatKey(channelId, conversationId, userId)]: { ticketId, eTag: '*' } });
  }

  async ticketOfChat(channelId: string, conversationId: string, userId: string): Promise<string | undefined> {
    return (await readItem<{ ticketId: string }>(this.storage, chatKey(channelId, conversationId, userId)))?.ticketId;
  }
}

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 32);
const threadKey = (helpDeskKey: string, activityId: string) => `ticket-thread/${digest(helpDeskKey, activityId)}`;
const chatKey = (channelId: string, conversationId: string, userId: string) => `ticket-chat/${digest(channelId, conversationId, userId)}`;
