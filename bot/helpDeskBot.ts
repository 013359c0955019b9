import { randomUUID } from 'node:crypto';
import {
  ActivityHandler,
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  Attachment,
  CardFactory,
  MessageFactory,
  TurnContext,
} from 'botbuilder';
import { AdaptiveCard, escalatedCard, forTeams, noneCard, replyCards, welcomeCard } from '../cards/cards';
import { CardAction, parseCardAction } from '../cards/actions';
import type { MatchResult } from '../matching/matcher';
import type { HelpDesk } from './helpDesk';
import type { EscalationLog } from './escalations';

/** How many sent cards are remembered, so that an escalation can replace the card it came from. */
const REMEMBERED_CARDS = 10_000;
/** Longest message text matched; longer pastes are cut (a 1 MB log keeps its first megabyte). */
const MAX_TEXT = 1024 * 1024;
const HELP = /^\s*(help|\?|start|hi|hello|what can you do\??)\s*$/i;

/**
 * Routes activities: messages to the matcher, card actions (Action.Submit in Web Chat,
 * Action.Execute in Teams) to their handlers, new members to the welcome card.
 */
export class HelpDeskBot extends ActivityHandler {
  /** Card id (in the card's escalate data) → id of the activity that carried it. */
  private readonly sentCards = new Map<string, string>();

  constructor(private readonly helpDesk: () => HelpDesk, private readonly escalations: EscalationLog) {
    super();

    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      if (added.some((member) => member.id !== context.activity.recipient.id)) {
        await context.sendActivity(this.cardMessage(context, [welcomeCard(this.helpDesk().kb)]));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const action = parseCardAction(context.activity.value);
      if (action) {
        await this.onSubmit(context, action);
      } else {
        await this.answer(context, messageText(context));
      }
      await next();
    });
  }

  /** Teams Universal Actions: the returned card replaces the one the user clicked. */
  protected async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const action = parseCardAction({ ...invokeValue.action?.data, action: invokeValue.action?.verb ?? invokeValue.action?.data?.action });
    if (!action) return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown action' } as any };
    if (action.action === 'ask') {
      await this.answer(context, action.text);
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Answered below.' as any };
    }
    const card = await this.cardFor(context, action);
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: forTeams(card) as any };
  }

  /** Web Chat and other Action.Submit clients. */
  private async onSubmit(context: TurnContext, action: CardAction): Promise<void> {
    if (action.action === 'ask') {
      await this.answer(context, action.text);
      return;
    }
    const card = await this.cardFor(context, action);
    // The escalation confirmation takes the place of the card it came from, where the channel allows.
    const cardActivity = action.action === 'escalate'
      ? (action.cardId && this.sentCards.get(action.cardId)) || context.activity.replyToId
      : undefined;
    if (cardActivity) {
      const updated = { ...this.cardMessage(context, [card]), id: cardActivity };
      const replaced = await context.updateActivity(updated).then(() => true, () => false);
      if (replaced) return;
    }
    await context.sendActivity(this.cardMessage(context, [card]));
  }

  private async cardFor(context: TurnContext, action: Exclude<CardAction, { action: 'ask' }>): Promise<AdaptiveCard> {
    const helpDesk = this.helpDesk();
    switch (action.action) {
      case 'escalate': {
        const { from, conversation, channelId } = context.activity;
        const record = await this.escalations.record({
          query: action.query,
          decision: action.decision,
          entryIds: action.entryIds,
          comment: action.comment ?? '',
          user: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
          conversationId: conversation.id,
          channelId,
        });
        return escalatedCard({ ticketId: record.ticketId, query: record.query, comment: record.comment });
      }
      case 'pick': {
        const entry = helpDesk.matcher.entryById(action.entryId);
        const result: MatchResult = entry
          ? helpDesk.matcher.picked(entry, action.code, action.query)
          : { query: action.query, decision: 'none', matches: [], unknownCodes: [], systems: [] };
        return replyCards(result, helpDesk.cardContext)[0];
      }
      case 'none-of-these':
        return noneCard({ query: action.query, decision: 'none', matches: [], unknownCodes: [], systems: [] });
    }
  }

  private async answer(context: TurnContext, text: string): Promise<void> {
    const helpDesk = this.helpDesk();
    if (!text.trim() || HELP.test(text)) {
      await context.sendActivity(this.cardMessage(context, [welcomeCard(helpDesk.kb)]));
      return;
    }
    const result = helpDesk.matcher.match(text.slice(0, MAX_TEXT));
    const cardId = randomUUID();
    const sent = await context.sendActivity(this.cardMessage(context, replyCards(result, helpDesk.cardContext, cardId)));
    if (sent?.id) this.rememberCard(cardId, sent.id);
  }

  private rememberCard(cardId: string, activityId: string) {
    this.sentCards.set(cardId, activityId);
    if (this.sentCards.size > REMEMBERED_CARDS) this.sentCards.delete(this.sentCards.keys().next().value!);
  }

  private cardMessage(context: TurnContext, cards: AdaptiveCard[]) {
    const teams = context.activity.channelId === 'msteams';
    const attachments: Attachment[] = cards.map((card) => CardFactory.adaptiveCard(teams ? forTeams(card) : card));
    return MessageFactory.list(attachments);
  }
}

/** The user's words, without the bot's @mention (group chats and channels in Teams). */
export function messageText(context: TurnContext): string {
  const activity = context.activity;
  if (activity.entities?.some((e) => e.type === 'mention')) TurnContext.removeRecipientMention(activity);
  return (activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, '').trim();
}
