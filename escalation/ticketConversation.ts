import type { TurnContext } from 'botbuilder';
import type { CardAction } from '../cards/actions';
import type { HelpDeskRegistry } from '../tickets/helpDesks';
import type { Outbox } from '../tickets/outbox';
import { addMessage, nameOf } from '../tickets/ticket';
import type { TicketLinks } from '../tickets/ticketLinks';
import type { TicketStore } from '../tickets/ticketStore';
import { NOT_HELP_DESK, person } from './helpDeskAgents';

/**
 * The conversation a ticket opens between the user and the help desk. An agent replying
 * under the ticket card (in a Teams channel: in its thread, @mentioning the bot) writes to
 * the user; from then on, until the ticket is resolved, what the user writes in their
 * chat with the bot goes to that thread instead of to the matcher. Both sides' messages
 * are kept on the ticket (and so reach the webhook); the outbox delivers them.
 */
export class TicketConversation {
  constructor(
    private readonly registry: HelpDeskRegistry,
    private readonly tickets: TicketStore,
    private readonly links: TicketLinks,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Takes a message that belongs to a ticket's conversation and returns what to tell the
   * writer; undefined for a message that is no part of one (a question for the bot).
   */
  async relay(context: TurnContext, text: string): Promise<string | undefined> {
    const { channelId, conversation, from, replyToId } = context.activity;
    // A personal chat is never a help desk: one read spared on most turns.
    const helpDesk = conversation.conversationType === 'personal' ? undefined : await this.registry.find(channelId, conversation.id);
    if (helpDesk) {
      const cardId = threadRootOf(conversation.id) ?? replyToId;
      const ticketId = cardId ? await this.links.ticketOfThread(helpDesk.key, cardId) : undefined;
      return ticketId ? this.fromAgent(context, ticketId, text) : undefined;
    }
    const ticketId = await this.links.ticketOfChat(channelId, conversation.id, from.id);
    return ticketId ? this.fromUser(context, ticketId, text) : undefined;
  }

  /**
   * Agent assist: an agent sends the user the answer card of one of the entries the bot
   * found for the question (only those: card data comes back from the client).
   */
  async sendAnswer(context: TurnContext, action: Extract<CardAction, { action: 'send-answer' }>): Promise<string> {
    const { channelId, conversation } = context.activity;
    if (!(await this.registry.find(channelId, conversation.id))) return NOT_HELP_DESK;
    const entry = (await this.tickets.get(action.ticketId))?.answer.entries.find((e) => e.id === action.entryId);
    if (!entry) return `That answer is not one the bot found for ${action.ticketId}.`;
    return this.fromAgent(context, action.ticketId, `Sent the answer: ${entry.title}`, entry.id);
  }

  private async fromAgent(context: TurnContext, ticketId: string, text: string, entryId?: string): Promise<string> {
    const outcome = await this.tickets.update(ticketId, (ticket, now) => addMessage(ticket, 'agent', person(context), text, now, entryId));
    if (!outcome) return `There is no ticket ${ticketId}.`;
    if (outcome.refused) return outcome.refused;
    const { ticket } = outcome;
    await this.links.linkChat(ticket.conversation.channelId ?? ticket.channelId, ticket.conversation.conversation?.id ?? '', ticket.user.id, ticket.id);
    await this.outbox.enqueue(ticket.id);
    return `Sent to ${nameOf(ticket.user)} (${ticket.id}).`;
  }

  /** Undefined once the ticket is resolved (or gone): the user's messages are questions for the bot again. */
  private async fromUser(context: TurnContext, ticketId: string, text: string): Promise<string | undefined> {
    const ticket = await this.tickets.get(ticketId);
    if (!ticket || ticket.status === 'resolved') return undefined;
    const outcome = await this.tickets.update(ticketId, (current, now) => addMessage(current, 'user', person(context), text, now));
    if (!outcome || outcome.refused) return undefined;
    await this.outbox.enqueue(ticketId);
    return `Sent to ${nameOf(outcome.ticket.assignedTo)} at the help desk (${ticketId}). What you write here goes there until the ticket is resolved.`;
  }
}

/** The card a Teams channel thread hangs under: "19:...@thread.tacv2;messageid=1712345" → "1712345". */
function threadRootOf(conversationId: string): string | undefined {
  return /;messageid=([^;]+)$/.exec(conversationId)?.[1];
}
