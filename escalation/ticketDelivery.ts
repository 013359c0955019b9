import { AdaptiveCard, CardContext, resolvedCard, ticketCard } from '../cards/cards';
import { channel } from '../channels/channels';
import { cardMessage, plainMessage } from '../channels/messages';
import type { Proactive } from '../conversation/turn';
import type { ConversationAddress } from '../tickets/conversationAddress';
import type { HelpDeskRegistration, HelpDeskRegistry } from '../tickets/helpDesks';
import { nameOf, Ticket, TicketMessage } from '../tickets/ticket';
import type { TicketLinks } from '../tickets/ticketLinks';
import type { TicketStore } from '../tickets/ticketStore';
import { postToWebhook, WebhookTarget } from '../tickets/webhook';

/**
 * Brings a ticket up to date wherever it goes, from what the ticket records as done: its
 * card in every registered help desk conversation (posted, then updated when the ticket
 * changes) with the user's messages in the thread under it, the webhook, and the user
 * (told when it is taken or resolved, and given the agents' messages). The outbox
 * calls it until it returns true; each step is recorded on the ticket as it succeeds, so
 * a repeated call does only what is left.
 */
export class TicketDelivery {
  constructor(
    private readonly tickets: TicketStore,
    private readonly helpDesks: HelpDeskRegistry,
    private readonly proactive: Proactive,
    private readonly cardContext: () => CardContext,
    private readonly links: TicketLinks,
    /** The answer card of an entry, for the answers agents send; undefined when the entry is gone. */
    private readonly answerCard: (entryId: string, question: string) => Promise<AdaptiveCard | undefined>,
    private readonly webhook?: WebhookTarget,
  ) {}

  /** True when everything is delivered; false while there is nowhere to deliver to (no help desk, no webhook); throws what failed. */
  async deliver(ticketId: string): Promise<boolean> {
    let ticket = await this.tickets.get(ticketId);
    if (!ticket) return true;
    const failures: string[] = [];
    // One failing step (a help desk team that removed the bot, a webhook that is down) does not hold up the others.
    const step = async (what: string, work: (current: Ticket) => Promise<Ticket>) => {
      try {
        ticket = await work(ticket!);
      } catch (error) {
        failures.push(`${what}: ${(error as Error).message}`);
      }
    };
    const helpDesks = await this.helpDesks.all();
    for (const helpDesk of helpDesks) await step(`help desk ${helpDesk.key}`, (current) => this.showInHelpDesk(current, helpDesk));
    const webhook = this.webhook;
    if (webhook) await step('webhook', (current) => this.sendToWebhook(current, webhook));
    await step('user', (current) => this.tellUser(current));
    if (failures.length) throw new Error(failures.join('; '));
    return helpDesks.length > 0 || webhook !== undefined;
  }

  private async showInHelpDesk(ticket: Ticket, helpDesk: HelpDeskRegistration): Promise<Ticket> {
    const posting = ticket.delivery.postings.find((p) => p.helpDesk === helpDesk.key);
    if (posting && posting.revision >= ticket.revision) return this.sendToThread(ticket, helpDesk);
    const message = cardMessage(helpDesk.reference.channelId ?? '', [ticketCard(ticket, this.cardContext())]);
    let activityId = posting?.activityId;
    await this.proactive(helpDesk.reference, async (turn) => {
      if (posting) await turn.update(posting.activityId, message);
      else [activityId] = await turn.send(message);
    });
    // Agents' replies under the card find the ticket by it.
    if (!posting && activityId) await this.links.linkThread(helpDesk.key, activityId, ticket.id);
    const shown = { ...posting, helpDesk: helpDesk.key, activityId: activityId ?? '', revision: ticket.revision };
    const recorded = await this.record(ticket, (t) => ({ ...t.delivery, postings: [...t.delivery.postings.filter((p) => p.helpDesk !== helpDesk.key), shown] }));
    return this.sendToThread(recorded, helpDesk);
  }

  /** The user's messages since the last delivery, as replies under the ticket card. */
  private async sendToThread(ticket: Ticket, helpDesk: HelpDeskRegistration): Promise<Ticket> {
    const posting = ticket.delivery.postings.find((p) => p.helpDesk === helpDesk.key);
    const { fresh, total } = undelivered(ticket, posting?.messages, 'user');
    if (!posting?.activityId || total === (posting.messages ?? 0)) return ticket;
    if (fresh.length) {
      await this.proactive(threadOf(helpDesk.reference, posting.activityId), async (turn) => {
        // A proactive turn's messages reply to its own continuation event: these answer the card.
        turn.replyUnder(posting.activityId);
        for (const m of fresh) await turn.send(plainMessage(`${nameOf(m.person)}: ${m.text}`));
      });
    }
    return this.record(ticket, (t) => ({
      ...t.delivery,
      postings: t.delivery.postings.map((p) => (p.helpDesk === helpDesk.key ? { ...p, messages: Math.max(p.messages ?? 0, total) } : p)),
    }));
  }

  private async sendToWebhook(ticket: Ticket, webhook: WebhookTarget): Promise<Ticket> {
    if ((ticket.delivery.webhookRevision ?? 0) >= ticket.revision) return ticket;
    await postToWebhook(webhook, ticket);
    return this.record(ticket, (t) => ({ ...t.delivery, webhookRevision: Math.max(t.delivery.webhookRevision ?? 0, ticket.revision) }));
  }

  /** The user hears of the latest status only: a ticket taken and resolved before the first try says "resolved". */
  private async tellUser(ticket: Ticket): Promise<Ticket> {
    if (ticket.status === ticket.delivery.notifiedStatus) return this.sendToUser(ticket);
    const channelId = ticket.conversation.channelId ?? ticket.channelId;
    const message =
      ticket.status === 'resolved'
        ? cardMessage(channelId, [resolvedCard(ticket)])
        : plainMessage(`${nameOf(ticket.assignedTo)} from the help desk took your ticket ${ticket.id} and will get back to you here.`);
    await this.proactive(ticket.conversation, async (turn) => {
      await turn.send(message);
    });
    return this.sendToUser(await this.record(ticket, (t) => ({ ...t.delivery, notifiedStatus: ticket.status })));
  }

  /** The agents' messages since the last delivery, in the user's chat with the bot. */
  private async sendToUser(ticket: Ticket): Promise<Ticket> {
    const { fresh, total } = undelivered(ticket, ticket.delivery.messagesToUser, 'agent');
    if (total === (ticket.delivery.messagesToUser ?? 0)) return ticket;
    if (fresh.length) {
      await this.proactive(ticket.conversation, async (turn) => {
        for (const m of fresh) {
          await turn.send(plainMessage(`${nameOf(m.person)} (help desk, ${ticket.id}): ${m.text}`));
          const card = m.entryId && await this.answerCard(m.entryId, ticket.question);
          if (card) await turn.send(cardMessage(ticket.conversation.channelId ?? ticket.channelId, [card]));
        }
      });
    }
    return this.record(ticket, (t) => ({ ...t.delivery, messagesToUser: Math.max(t.delivery.messagesToUser ?? 0, total) }));
  }

  /** Stores delivery progress (no revision change: nobody outside needs to hear about it). */
  private async record(ticket: Ticket, delivery: (current: Ticket) => Ticket['delivery']): Promise<Ticket> {
    const outcome = await this.tickets.update(ticket.id, (current) => ({ ticket: { ...current, delivery: delivery(current) } }));
    return outcome?.ticket ?? ticket;
  }
}

/** The messages from `from` not yet delivered where `delivered` of them were, and how many there are in all. */
function undelivered(ticket: Ticket, delivered: number | undefined, from: TicketMessage['from']): { fresh: TicketMessage[]; total: number } {
  const messages = ticket.messages ?? [];
  return { fresh: messages.slice(delivered ?? 0).filter((m) => m.from === from), total: messages.length };
}

/** A thread of a Teams channel is a conversation of its own: "<channel>;messageid=<card id>". */
function threadOf(reference: ConversationAddress, activityId: string): ConversationAddress {
  if (!channel(reference.channelId).threadsById || reference.conversation?.conversationType !== 'channel') return reference;
  return { ...reference, conversation: { ...reference.conversation, id: `${reference.conversation.id};messageid=${activityId}` } };
}
