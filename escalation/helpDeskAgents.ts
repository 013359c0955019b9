import { TurnContext } from 'botbuilder';
import { AdaptiveCard, CardContext, ticketCard } from '../cards/cards';
import type { CardAction } from '../cards/actions';
import type { HelpDeskRegistry } from '../tickets/helpDesks';
import type { Outbox } from '../tickets/outbox';
import { Person, resolve, take } from '../tickets/ticket';
import type { TicketStore } from '../tickets/ticketStore';

export type HelpDeskCommand = 'register' | 'unregister';

const COMMANDS: Array<[RegExp, HelpDeskCommand]> = [
  [/^(please\s+)?register\s+(escalations|tickets)\s+(here|in this (channel|chat))\W*$/i, 'register'],
  [/^(stop|unregister)\s+(escalations|tickets)\s+(here|in this (channel|chat))\W*$/i, 'unregister'],
];

/** "register escalations here" and "stop escalations here" (the bot's @mention already removed); undefined for anything else. */
export function helpDeskCommand(text: string): HelpDeskCommand | undefined {
  return COMMANDS.find(([pattern]) => pattern.test(text.trim()))?.[1];
}

/** What an agent's click shows: the ticket card as it is now (Teams: the invoke response), or why nothing happened. */
export type AgentReply = { card: AdaptiveCard; postedAs?: string } | { text: string };

export const NOT_HELP_DESK =
  'Only the help desk can act on tickets: members of a conversation where "register escalations here" was said to me.';

/** The help desk's side: registering a conversation, Take and Resolve on ticket cards. */
export class HelpDeskAgents {
  constructor(
    private readonly registry: HelpDeskRegistry,
    private readonly tickets: TicketStore,
    private readonly outbox: Outbox,
    private readonly cardContext: () => CardContext,
    /** When not empty, only these user ids or Entra object ids may register or unregister. */
    private readonly admins: string[],
  ) {}

  async command(context: TurnContext, command: HelpDeskCommand): Promise<string> {
    const { from, conversation, channelId } = context.activity;
    if (conversation.conversationType === 'personal') {
      return 'Register escalations in the help desk\'s channel or group chat: a personal chat has only you in it.';
    }
    if (this.admins.length && !this.admins.includes(from.id) && !(from.aadObjectId && this.admins.includes(from.aadObjectId))) {
      return 'Only the help desk\'s administrators can change where escalations go.';
    }
    if (command === 'unregister') {
      return (await this.registry.unregister(channelId, conversation.id))
        ? 'Escalations are no longer posted here.'
        : 'Escalations were not posted here.';
    }
    await this.registry.register(TurnContext.getConversationReference(context.activity), person(context));
    // Tickets that were waiting for a help desk come now.
    this.outbox.retryAll();
    return 'Escalations will be posted here as ticket cards; anyone in this conversation can take and resolve them. Say "stop escalations here" to stop.';
  }

  /** Take or Resolve, by a member of a registered help desk conversation only; of two at once, one wins. */
  async act(context: TurnContext, action: Extract<CardAction, { action: 'take' | 'resolve' }>): Promise<AgentReply> {
    const { channelId, conversation } = context.activity;
    const helpDesk = await this.registry.find(channelId, conversation.id);
    if (!helpDesk) return { text: NOT_HELP_DESK };
    const agent = person(context);
    const decide = action.action === 'take' ? take : resolve;
    const outcome = await this.tickets.update(action.ticketId, (ticket, now) => decide(ticket, agent, now));
    if (!outcome) return { text: `There is no ticket ${action.ticketId}.` };
    if (outcome.refused) return { text: outcome.refused };
    // The user is told, the webhook and the other help desks' cards updated, from the outbox.
    await this.outbox.enqueue(outcome.ticket.id);
    const postedAs = outcome.ticket.delivery.postings.find((p) => p.helpDesk === helpDesk.key)?.activityId;
    return { card: ticketCard(outcome.ticket, this.cardContext()), postedAs };
  }
}

export function person(context: TurnContext): Person {
  const { id, name, aadObjectId } = context.activity.from;
  return { id, ...(name ? { name } : {}), ...(aadObjectId ? { aadObjectId } : {}) };
}
