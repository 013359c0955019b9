import { createHash } from 'node:crypto';
import type { ConversationAddress } from './conversationAddress';
import { readAll, readItem, TicketStorage } from '../storage/storage';
import type { Person } from './ticket';

/** A conversation (a Teams channel, a group chat, a local chat) where tickets are posted and agents act. */
export interface HelpDeskRegistration {
  key: string;
  /** Where ticket cards are posted: the channel itself, not the thread the command was typed in. */
  reference: ConversationAddress;
  registeredBy: Person;
  registeredAt: string;
}

const NAMESPACE = 'helpdesk';

/**
 * A Teams channel's conversation id names the thread a message is in ("19:...@thread.tacv2;messageid=1234");
 * the channel is the part before ";".
 */
function channelConversationId(conversationId: string): string {
  return conversationId.split(';')[0];
}

/** Registered help desk conversations, durable in the ticket storage, found by channel and conversation id. */
export class HelpDeskRegistry {
  /** `counts`: which registrations make a help desk (HelpDeskRoles.counts); the others are kept but neither found nor listed. */
  constructor(private readonly storage: TicketStorage, private readonly counts: (registration: HelpDeskRegistration) => boolean = () => true) {}

  keyOf(channelId: string, conversationId: string): string {
    const digest = createHash('sha256').update(`${channelId}\n${channelConversationId(conversationId)}`).digest('base64url');
    return `${NAMESPACE}/${digest.slice(0, 22)}`;
  }

  async register(reference: ConversationAddress, by: Person, now = new Date()): Promise<HelpDeskRegistration> {
    const conversationId = channelConversationId(reference.conversation!.id);
    const key = this.keyOf(reference.channelId!, conversationId);
    const registration: HelpDeskRegistration = {
      key,
      reference: { ...reference, activityId: undefined, conversation: { ...reference.conversation!, id: conversationId } },
      registeredBy: by,
      registeredAt: now.toISOString(),
    };
    await this.storage.write({ [key]: { ...registration, eTag: '*' } });
    return registration;
  }

  /** False when the conversation was not registered. */
  async unregister(channelId: string, conversationId: string): Promise<boolean> {
    const key = this.keyOf(channelId, conversationId);
    if (!(await readItem(this.storage, key))) return false;
    await this.storage.delete([key]);
    return true;
  }

  async find(channelId: string, conversationId: string): Promise<HelpDeskRegistration | undefined> {
    const found = await readItem<HelpDeskRegistration>(this.storage, this.keyOf(channelId, conversationId));
    return found && this.counts(found) ? found : undefined;
  }

  async all(): Promise<HelpDeskRegistration[]> {
    return (await readAll<HelpDeskRegistration>(this.storage, NAMESPACE)).filter(this.counts);
  }
}
