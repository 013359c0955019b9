/*
 * bot/: the Bot Framework side only. The activity handler that routes messages, card actions
 * and installs, the CloudAdapter with authentication kept apart, the checks an inbound
 * activity must pass, and the bounded HTTP client replies go out through.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  AppBasedLinkQuery,
  MessagingExtensionQuery,
  MessagingExtensionResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { AdaptiveCard, escalatedCard, forTeams, handoverCard, noneCard, replyCards, ReplyIds, welcomeCard } from '../cards/cards';
import { CardAction, parseCardAction } from '../cards/actions';
import type { MatchResult } from '../matching/matcher';
import { AnsweringKnowledge, entryAnswerCard } from '../cards/knowledgeCards';
import type { Escalations } from '../escalation/escalations';
import { AgentReply, helpDeskCommand } from '../escalation/helpDeskAgents';
import { cardMessage, cardMessages, plainMessage } from '../escalation/cardMessage';
import { articleLinkPreview, searchKnowledge } from './teamsSearch';
import { ownQuestion } from './ownQuestions';
import { recordMatch } from '../observability/turn';
import { FileDownloadPolicy, readSharedFile, SharedFile, sharedFileIn } from './fileAttachment';
import { BoundedMap } from '../memory/boundedMap';

/** How many sent cards are remembered, so that an escalation can replace the card it came from. */
const REMEMBERED_CARDS = 10_000;
/** Longest message text matched; longer pastes are cut (a 1 MB log keeps its first megabyte). */
export const MAX_TEXT = 1024 * 1024;
const QUESTION_GONE = 'I no longer have the question this card was for. Ask me again, and use the new card.';

/**
 * What a card action shows: a card, which takes the place of the card clicked where the
 * channel allows (Teams: the invoke response; Web Chat: `replaces`, the activity to update,
 * or a new message unless `inPlaceOnly`), or a text.
 */
type Reply =
  | { card: AdaptiveCard; replaces?: string; inPlaceOnly?: boolean; cardId?: string }
  | { text: string };

/** An agent's click on a ticket card: the posted card changes in place; a help desk never gets a second copy of it. */
function onTicketCard(reply: AgentReply): Reply {
  return 'text' in reply ? reply : { card: reply.card, replaces: reply.postedAs, inPlaceOnly: true };
}

/**
 * Routes activities: messages to the matcher or the help desk commands, card actions
 * (Action.Submit in Web Chat, Action.Execute in Teams) to their handlers, the compose box
 * search and link previews to teamsSearch.ts, installs to the welcome card. Tickets are
 * Escalations' business.
 */
export class HelpDeskBot extends TeamsActivityHandler {
  /** Card id (in the card's escalate data) → id of the activity that carried it. */
  private readonly sentCards = new BoundedMap<string, string>({ maxEntries: REMEMBERED_CARDS });

  /** `files`: where shared log files may be downloaded from, and how much of them is read. */
  constructor(private readonly helpDesk: () => AnsweringKnowledge, private readonly escalations: Escalations, private readonly files?: FileDownloadPolicy) {
    super();

    // Teams says when the app is installed (personal: to the person who installs it; a team
    // or chat: once, when it is added); a member joining a team later is no reason to post.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    // Web Chat and other channels: the welcome when someone opens the conversation.
    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      if (context.activity.channelId !== 'msteams' && added.some((member) => member.id !== context.activity.recipient.id)) {
        await this.welcome(context);
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      const action = parseCardAction(context.activity.value);
      const text = action ? '' : messageText(context);
      const command = helpDeskCommand(text);
      const file = action || !this.files ? undefined : sharedFileIn(context.activity.attachments);
      const relayed = action || command || !text ? undefined : await this.escalations.conversation.relay(context, text);
      if (action) await this.onSubmit(context, action);
      else if (relayed) await context.sendActivity(plainMessage(relayed));
      else if (file) await this.answerFile(context, text, file);
      else if (command) await context.sendActivity(await this.escalations.agents.command(context, command));
      else await this.answer(context, text);
      await next();
    });
  }

  /** Every turn ends by storing what it added to the conversation transcript. */
  async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.escalations.transcript.save(context);
  }

  /** The compose box search (the app's message extension). */
  protected async handleTeamsMessagingExtensionQuery(_context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    return searchKnowledge(this.helpDesk(), query);
  }

  /** A link to one of the bot's article pages, pasted in a message, shows the article's card. */
  protected async handleTeamsAppBasedLinkQuery(_context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    return (await articleLinkPreview(this.helpDesk(), query)) ?? {};
  }

  /** Teams Universal Actions: the returned card replaces the one the user clicked. */
  protected async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const action = parseCardAction({ ...invokeValue.action?.data, action: invokeValue.action?.verb ?? invokeValue.action?.data?.action });
    if (!action) return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'unknown action' } as any };
    if (action.action === 'ask') {
      await this.answer(context, action.text);
      return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Answered below.' as any };
    }
    const reply = await this.reply(context, action);
    if ('text' in reply) return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.text as any };
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: forTeams(reply.card) as any };
  }

  /** Web Chat and other Action.Submit clients. */
  private async onSubmit(context: TurnContext, action: CardAction): Promise<void> {
    if (action.action === 'ask') {
      await this.answer(context, action.text);
      return;
    }
    const reply = await this.reply(context, action);
    if ('text' in reply) {
      await context.sendActivity(plainMessage(reply.text));
      return;
    }
    const message = cardMessage(context.activity.channelId, [reply.card]);
    if (reply.replaces) {
      const replaced = await context.updateActivity({ ...message, id: reply.replaces }).then(() => true, () => false);
      if (replaced) return;
    }
    if (reply.inPlaceOnly) return;
    const sent = await context.sendActivity(message);
    if (reply.cardId && sent?.id) this.rememberCard(reply.cardId, sent.id);
  }

  private async reply(context: TurnContext, action: Exclude<CardAction, { action: 'ask' }>): Promise<Reply> {
    const helpDesk = this.helpDesk();
    switch (action.action) {
      case 'escalate': {
        const ticket = await this.escalations.escalate(context, action);
        // The confirmation takes the place of the card it came from, where the channel allows,
        // and keeps the answer it came from (entries the bot showed, which still exist).
        const replaces = (action.cardId && this.sentCards.get(action.cardId)) || context.activity.replyToId;
        const [shown] = ticket.answer.decision === 'answer' ? ticket.answer.entries : [];
        const answer = shown && await entryAnswerCard(helpDesk, shown.id, ticket.question);
        return { card: escalatedCard({ ticketId: ticket.id, query: ticket.question, comment: ticket.comment }, answer), replaces };
      }
      case 'pick': {
        const question = await this.escalations.transcript.question(context, action.questionId);
        if (question === undefined) return { text: QUESTION_GONE };
        const entry = helpDesk.matcher.entryById(action.entryId);
        // Card data comes back from the client: only a code the entry has is shown as its code.
        const code = entry && action.code && entry.codes.includes(action.code) ? action.code : null;
        const result: MatchResult = entry
          ? helpDesk.matcher.picked(entry, code, question)
          : { query: question, decision: 'none', matches: [], unknownCodes: [], systems: [] };
        await this.escalations.recordAnswer(context, `(picked) ${entry?.title ?? action.entryId}`, result);
        if (entry) await this.escalations.picked(context, action.questionId, question, entry.id);
        const cardId = randomUUID();
        return { card: replyCards(await helpDesk.withDetails(result), helpDesk.cardContext, { questionId: action.questionId, cardId })[0], cardId };
      }
      case 'none-of-these': {
        const question = await this.escalations.transcript.question(context, action.questionId);
        if (question === undefined) return { text: QUESTION_GONE };
        const result: MatchResult = { query: question, decision: 'none', matches: [], unknownCodes: [], systems: [] };
        await this.escalations.recordAnswer(context, '(none of these)', result);
        const cardId = randomUUID();
        return { card: noneCard(result, { questionId: action.questionId, cardId }), cardId };
      }
      case 'feedback': {
        if (!helpDesk.matcher.entryById(action.entryId)) return { text: 'That answer is no longer in the knowledge base; ask me again.' };
        // Feedback counts without its question, when the question is too old to be kept.
        const question = (await this.escalations.transcript.question(context, action.questionId)) ?? '';
        return { text: await this.escalations.feedback(context, action, question) };
      }
      case 'rate-ticket':
        return { text: await this.escalations.rate(context, action) };
      case 'send-answer':
        return { text: await this.escalations.conversation.sendAnswer(context, action) };
      case 'take':
      case 'resolve':
        return onTicketCard(await this.escalations.agents.act(context, action));
      case 'approve-draft':
      case 'discard-draft':
        return onTicketCard(await this.escalations.agents.decideDraft(context, action));
    }
  }

  private async answer(context: TurnContext, text: string): Promise<void> {
    const helpDesk = this.helpDesk();
    const own = text.trim() ? ownQuestion(text) : 'help';
    if (own === 'help') {
      await this.welcome(context);
      return;
    }
    if (own === 'thanks') {
      await context.sendActivity(plainMessage('Glad to help. Ask me about any other error message or code.'));
      return;
    }
    if (own === 'person') {
      // How escalation works, and the button; the question kept as any other so that the escalation carries it.
      const result: MatchResult = { query: text.trim(), decision: 'none', matches: [], unknownCodes: [], systems: [] };
      await this.sendForQuestion(context, result.query, (ids) => [handoverCard(result, ids)]);
      return;
    }
    const started = performance.now();
    const result = helpDesk.match(text.slice(0, MAX_TEXT));
    recordMatch(context, result.decision, result.unknownCodes.length > 0, performance.now() - started);
    this.escalations.countQuestion(result);
    const shown = await helpDesk.withDetails(result);
    await this.sendForQuestion(context, result.query, (ids) => replyCards(shown, helpDesk.cardContext, ids));
    await this.escalations.recordAnswer(context, text, result);
  }

  /**
   * The cards for a question, tied to it: the question kept by id (what their Escalate
   * sends) and the first message remembered, so that the escalation can take its place.
   */
  private async sendForQuestion(context: TurnContext, query: string, cards: (ids: ReplyIds) => AdaptiveCard[]): Promise<void> {
    const ids = { questionId: await this.escalations.transcript.remember(context, query), cardId: randomUUID() };
    // Teams refuses a message past about 25 KB: many codes' answers come in several.
    const [first] = await context.sendActivities(cardMessages(context.activity.channelId, cards(ids)));
    if (first?.id) this.rememberCard(ids.cardId, first.id);
  }

  /** A log file shared in the chat is read as a paste of its lines, after what was typed with it. */
  private async answerFile(context: TurnContext, typed: string, file: SharedFile): Promise<void> {
    const reading = await readSharedFile(file, this.files!);
    if ('problem' in reading) {
      await context.sendActivity(plainMessage(reading.problem));
      return;
    }
    if (reading.note) await context.sendActivity(plainMessage(reading.note));
    await this.answer(context, typed ? `${typed}\n${reading.text}` : reading.text);
  }

  private async welcome(context: TurnContext): Promise<void> {
    await context.sendActivity(cardMessage(context.activity.channelId, [welcomeCard(this.helpDesk().kb)]));
  }

  private rememberCard(cardId: string, activityId: string) {
    this.sentCards.set(cardId, activityId);
  }
}

/** The user's words, without the bot's @mention (group chats and channels in Teams). */
function messageText(context: TurnContext): string {
  const activity = context.activity;
  if (activity.entities?.some((e) => e.type === 'mention')) TurnContext.removeRecipientMention(activity);
  return (activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, '').trim();
}
