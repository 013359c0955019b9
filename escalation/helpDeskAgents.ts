import type { ActionOf } from '../cards/actions';
import { CardContext, ticketCard } from '../cards/cards';
import { rolesUnsetCard } from '../cards/rolesCard';
import { cardMessage, OutgoingMessage, plainMessage } from '../channels/messages';
import type { CardReply, MessageBranch, VerbHandler } from '../conversation/routes';
import type { ChatTurn } from '../conversation/turn';
import type { HelpDeskRegistration, HelpDeskRegistry } from '../tickets/helpDesks';
import { ADMINS_SETTING, HelpDeskRoles } from '../tickets/helpDeskRoles';
import type { Outbox } from '../tickets/outbox';
import { decideDraft, Outcome, resolve, take, Ticket, TicketDraft } from '../tickets/ticket';
import type { TicketStore } from '../tickets/ticketStore';
import type { ApprovedKnowledge } from './approvedKnowledge';

export type HelpDeskCommand = 'register' | 'unregister';

const COMMANDS: Array<[RegExp, HelpDeskCommand]> = [
  [/^(please\s+)?register\s+(escalations|tickets)\s+(here|in this (channel|chat))\W*$/i, 'register'],
  [/^(stop|unregister)\s+(escalations|tickets)\s+(here|in this (channel|chat))\W*$/i, 'unregister'],
];

/** "register escalations here" and "stop escalations here" (the bot's @mention already removed); undefined for anything else. */
export function helpDeskCommand(text: string): HelpDeskCommand | undefined {
  return COMMANDS.find(([pattern]) => pattern.test(text.trim()))?.[1];
}

export const NOT_HELP_DESK =
  'Only the help desk can act on tickets: members of a conversation where a help desk administrator said "register escalations here" to me.';

/** A click on a ticket card while nobody may act (the card is kept: a refusal is a message). */
export const ROLES_UNSET = `The help desk roles are not set up: nobody can take, resolve or approve until the bot's administrator sets ${ADMINS_SETTING} (Entra object ids, comma-separated).`;

/** Closing the gap: drafts made from a resolution, why one cannot be added now, and where approved ones go. */
export interface DraftWriter {
  draft(ticket: Ticket): TicketDraft;
  problem(entry: TicketDraft['entry']): string | undefined;
  approved: ApprovedKnowledge;
}

/**
 * The help desk's side: registering a conversation, Take and Resolve on ticket cards,
 * approving drafts. An agent's click shows the ticket card as it is now, in place of the
 * posted card (a help desk never gets a second copy of it), or why nothing happened.
 */
export class HelpDeskAgents {
  constructor(
    private readonly registry: HelpDeskRegistry,
    private readonly tickets: TicketStore,
    private readonly outbox: Outbox,
    private readonly cardContext: () => CardContext,
    private readonly roles: HelpDeskRoles,
    private readonly drafts: DraftWriter,
  ) {}

  /** "register escalations here" or "stop escalations here"; any other message is not for this route. */
  readonly command: MessageBranch = async (turn, { text }) => {
    const command = helpDeskCommand(text);
    if (!command) return false;
    await turn.send(await this.commandReply(turn, command));
    return true;
  };

  readonly take: VerbHandler<'take'> = (turn, action) => this.act(turn, action);
  readonly resolve: VerbHandler<'resolve'> = (turn, action) => this.act(turn, action);
  readonly approveDraft: VerbHandler<'approve-draft'> = (turn, action) => this.decideDraft(turn, action);
  readonly discardDraft: VerbHandler<'discard-draft'> = (turn, action) => this.decideDraft(turn, action);

  /** The reply to a command: a card when the roles are not set up, else a text. */
  private async commandReply(turn: ChatTurn, command: HelpDeskCommand): Promise<OutgoingMessage> {
    const { conversation, channelId } = turn;
    if (conversation.type === 'personal') {
      return plainMessage('Register escalations in the help desk\'s channel or group chat: a personal chat has only you in it.');
    }
    if (this.roles.unconfigured) return cardMessage(channelId, [rolesUnsetCard(ADMINS_SETTING, turn.from.aadObjectId)]);
    if (!this.roles.isAdmin(turn.from)) {
      return plainMessage(`Only the help desk's administrators (${ADMINS_SETTING}) can change where escalations go.`);
    }
    if (command === 'unregister') {
      return plainMessage((await this.registry.unregister(channelId, conversation.id))
        ? 'Escalations are no longer posted here.'
        : 'Escalations were not posted here.');
    }
    await this.registry.register(turn.reference(), turn.from);
    // Tickets that were waiting for a help desk come now.
    this.outbox.retryAll();
    return plainMessage('Escalations will be posted here as ticket cards; anyone in this conversation can take and resolve them. Say "stop escalations here" to stop.');
  }

  /**
   * Take or Resolve, by a member of a registered help desk conversation only; of two at
   * once, one wins. Resolving writes the resolution up as a draft knowledge entry.
   */
  private async act(turn: ChatTurn, action: ActionOf<'take'> | ActionOf<'resolve'>): Promise<CardReply> {
    const helpDesk = await this.helpDeskOf(turn);
    if (!helpDesk) return { text: this.roles.unconfigured ? ROLES_UNSET : NOT_HELP_DESK };
    const agent = turn.from;
    // Only a card from before Resolve asked what fixed it sends none (the new one requires
    // it): that card is replaced by one that asks.
    if (action.action === 'resolve' && !action.resolution?.trim()) return (await this.change(helpDesk, action.ticketId, (ticket) => ({ ticket }))).reply;
    const { reply } = await this.change(helpDesk, action.ticketId, (ticket, now) => {
      if (action.action === 'take') return take(ticket, agent, now);
      const outcome = resolve(ticket, agent, now, { text: action.resolution ?? '', cause: action.cause ?? '' });
      return outcome.refused || outcome.ticket === ticket ? outcome : { ticket: { ...outcome.ticket, draft: this.drafts.draft(outcome.ticket) } };
    });
    return reply;
  }

  /**
   * A lead's Approve, Discard or Withdraw on a ticket's draft entry. The knowledge follows
   * the ticket's decision, whichever of two leads' clicks won: an approved entry answers
   * from the next question on, a discarded one is taken out.
   */
  private async decideDraft(turn: ChatTurn, action: ActionOf<'approve-draft'> | ActionOf<'discard-draft'>): Promise<CardReply> {
    const helpDesk = await this.helpDeskOf(turn);
    if (!helpDesk) return { text: this.roles.unconfigured ? ROLES_UNSET : NOT_HELP_DESK };
    const lead = turn.from;
    if (!this.roles.isLead(lead)) return { text: 'Only help desk leads (HELP_DESK_LEADS, or HELP_DESK_ADMINS when it is not set) can approve, discard or withdraw a draft entry.' };
    const approve = action.action === 'approve-draft';
    const draft = (await this.tickets.get(action.ticketId))?.draft;
    if (approve && draft?.status === 'pending') {
      const problem = this.drafts.problem(draft.entry);
      if (problem) return { text: `The draft of ${action.ticketId} cannot be added as it is: ${problem}. Discard it, or write the entry into a knowledge file.` };
      // The file before the decision: a crash between them leaves an approval to click again.
      await this.drafts.approved.add(draft.entry, `Approved by ${lead.name || lead.id} on ${new Date().toISOString().slice(0, 10)} from help desk ticket ${action.ticketId}.\nWritten by the bot; edit it like any knowledge file, or withdraw it from the ticket card.`);
    }
    const { reply, ticket } = await this.change(helpDesk, action.ticketId, (current, now) => decideDraft(current, lead, approve, now));
    // The ticket as decided, refused or not: a file written for a draft another lead discarded meanwhile goes.
    if (ticket?.draft && ticket.draft.status !== 'approved') await this.drafts.approved.remove(ticket.draft.entry.id);
    return reply;
  }

  private helpDeskOf(turn: ChatTurn): Promise<HelpDeskRegistration | undefined> {
    return this.registry.find(turn.channelId, turn.conversation.id);
  }

  /** A change to a ticket from its card in a help desk conversation: the card as it is now, or why nothing happened; and the ticket. */
  private async change(helpDesk: HelpDeskRegistration, ticketId: string, decide: (ticket: Ticket, now: Date) => Outcome): Promise<{ reply: CardReply; ticket?: Ticket }> {
    const outcome = await this.tickets.update(ticketId, decide);
    if (!outcome) return { reply: { text: `There is no ticket ${ticketId}.` } };
    if (outcome.refused) return { reply: { text: outcome.refused }, ticket: outcome.ticket };
    // The user is told, the webhook and the other help desks' cards updated, from the outbox.
    await this.outbox.enqueue(outcome.ticket.id);
    const postedAs = outcome.ticket.delivery.postings.find((p) => p.helpDesk === helpDesk.key)?.activityId;
    return { reply: { card: ticketCard(outcome.ticket, this.cardContext()), replaces: { activityId: postedAs }, inPlaceOnly: true }, ticket: outcome.ticket };
  }
}
