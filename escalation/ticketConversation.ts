import type { MessageBranch, VerbHandler } from '../conversation/routes';
import type { ChatTurn } from '../conversation/turn';
import type { HelpDeskRegistry } from '../tickets/helpDesks';
import type { Outbox } from '../tickets/outbox';
import { addMessage, nameOf } from '../tickets/ticket';
import type { TicketLinks } from '../tickets/ticketLinks';
import type { TicketStore } from '../tickets/ticketStore';
import { helpDeskCommand, NOT_HELP_DESK } from './helpDeskAgents';
import { plainMessage } from '../channels/messages';

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
   * Takes a message that belongs to a ticket's conversation and tells the writer where it
   * went; false for a message that is no part of one (a question for the bot, a command).
   */
  readonly relay: MessageBranch = async (turn, { text }) => {
    if (!text || helpDeskCommand(text)) return false;
    const relayed = await this.relayed(turn, text);
    if (relayed) await turn.send(plainMessage(relayed));
    return relayed !== undefined;
  };

  /**
   * Agent assist: an agent sends the user the answer card of one of the entries the bot
   * found for the question (only those: card data comes back from the client).
   */
  readonly sendAnswer: VerbHandler<'send-answer'> = async (turn, action) => {
    if (!(await this.registry.find(turn.channelId, turn.conversation.id))) return { text: NOT_HELP_DESK };
    const entry = (await this.tickets.get(action.ticketId))?.answer.entries.find((e) => e.id === action.entryId);
    if (!entry) return { text: `That answer is not one the bot found for ${action.ticketId}.` };
    return { text: await this.fromAgent(turn, action.ticketId, `Sent the answer: ${entry.title}`, entry.id) };
  };

  /** What to tell the writer of a message in a ticket's conversation; undefined for any other message. */
  private async relayed(turn: ChatTurn, text: string): Promise<string | undefined> {
    const { channelId, conversation, from, replyToId } = turn;
    // A personal chat is never a help desk: one read spared on most turns.
    const helpDesk = conversation.type === 'personal' ? undefined : await this.registry.find(channelId, conversation.id);
    if (helpDesk) {
      const cardId = threadRootOf(conversation.id) ?? replyToId;
      const ticketId = cardId ? await this.links.ticketOfThread(helpDesk.key, cardId) : undefined;
      return ticketId ? this.fromAgent(turn, ticketId, text) : undefined;
    }
    const ticketId = await this.links.ticketOfChat(channelId, conversation.id, from.id);
    return ticketId ? this.fromUser(turn, ticketId, text) : undefined;
  }

  private async fromAgent(turn: ChatTurn, ticketId: string, text: string, entryId?: string): Promise<string> {
    const outcome = await this.tickets.update(ticketId, (ticket, now) => addMessage(ticket, 'agent', turn.from, text, now, entryId));
    if (!outcome) return `There is no ticket ${ticketId}.`;
    if (outcome.refused) return outcome.refused;
    const { ticket } = outcome;
    await this.links.linkChat(ticket.conversation.channelId ?? ticket.channelId, ticket.conversation.conversation?.id ?? '', ticket.user.id, ticket.id);
    await this.outbox.enqueue(ticket.id);
    return `Sent to ${nameOf(ticket.user)} (${ticket.id}).`;
  }

  /** Undefined once the ticket is resolved (or gone): the user's messages are questions for the bot again. */
  private async fromUser(turn: ChatTurn, ticketId: string, text: string): Promise<string | undefined> {
    const ticket = await this.tickets.get(ticketId);
    if (!ticket || ticket.status === 'resolved') return undefined;
    const outcome = await this.tickets.update(ticketId, (current, now) => addMessage(current, 'user', turn.from, text, now));
    if (!outcome || outcome.refused) return undefined;
    await this.outbox.enqueue(ticketId);
    return `Sent to ${nameOf(outcome.ticket.assignedTo)} at the help desk (${ticketId}). What you write here goes there until the ticket is resolved.`;
  }
}

/** The card a Teams channel thread hangs under: "19:...@thread.tacv2;messageid=1712345" → "1712345". */
function threadRootOf(conversationId: string): string | undefined {
  return /;messageid=([^;]+)$/.exec(conversationId)?.[1];
}
