/*
 * bot/: the Bot Framework side only. The activity handler and its route table, the
 * router and the one reply helper for card clicks, the TurnContext adapted to the turn
 * conversation/ and escalation/ work on, the CloudAdapter with authentication kept apart,
 * the checks an inbound activity must pass, and the bounded HTTP client replies go out through.
 */
import {
  AdaptiveCardInvokeResponse,
  AdaptiveCardInvokeValue,
  AppBasedLinkQuery,
  MessagingExtensionQuery,
  MessagingExtensionResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import { plainMessage } from '../channels/messages';
import { Answers } from '../conversation/answers';
import type { Conversations } from '../conversation/conversations';
import type { MessageBranch } from '../conversation/routes';
import { SentCards } from '../conversation/sentCards';
import type { Escalations } from '../escalation/escalations';
import type { AnsweringKnowledge } from '../cards/knowledgeCards';
import { CardReplies } from './cardReplies';
import { FileDownloadPolicy, readSharedFile, sharedFileIn } from './fileAttachment';
import { Routes } from './routes';
import { articleLinkPreview, searchKnowledge } from './teamsSearch';
import { chatTurn } from './turnAdapter';

/** What the bot answers with: the served knowledge, the conversations' records, the escalations. */
export interface HelpDeskBotParts {
  helpDesk: () => AnsweringKnowledge;
  conversations: Conversations;
  escalations: Escalations;
  /** Where shared log files may be downloaded from, and how much of them is read; none: files are not read. */
  files?: FileDownloadPolicy;
}

/** The activity handler: every route of the bot, in one table (the constructor). */
export class HelpDeskBot extends TeamsActivityHandler {
  private readonly routes: Routes;
  private readonly conversations: Conversations;

  constructor({ helpDesk, conversations, escalations, files }: HelpDeskBotParts) {
    super();
    this.conversations = conversations;
    const sentCards = new SentCards();
    const answers = new Answers(helpDesk, conversations, sentCards, escalations);
    const routes = new Routes(new CardReplies(sentCards));
    this.routes = routes
      // A new conversation: the welcome (Teams says when the app is installed; others when someone joins).
      .onInstall(answers.welcome)
      .onMembersAdded(answers.welcome)
      // A message goes to the first branch that takes it, in this order.
      .onMessage('card submit', routes.cardSubmit)
      .onMessage('ticket conversation', escalations.relay)
      .onMessage('shared file', sharedFile(files, answers))
      .onMessage('help desk command', escalations.command)
      .onMessage('own question', answers.ownQuestion)
      .onMessage('question', answers.answer)
      // Card buttons, by verb (Action.Submit data.action, or Action.Execute verb).
      .onVerb('ask', answers.askExample)
      .onVerb('pick', answers.pick)
      .onVerb('none-of-these', answers.noneOfThese)
      .onVerb('feedback', answers.feedback)
      .onVerb('escalate', escalations.escalate)
      .onVerb('rate-ticket', escalations.rate)
      .onVerb('send-answer', escalations.sendAnswer)
      .onVerb('take', escalations.take)
      .onVerb('resolve', escalations.resolve)
      .onVerb('approve-draft', escalations.approveDraft)
      .onVerb('discard-draft', escalations.discardDraft)
      // Invokes: card buttons in Teams, the compose box search, link previews.
      .onInvoke('adaptiveCard/action', routes.cardInvoke)
      .onInvoke('composeExtension/query', async (_context, query) => searchKnowledge(helpDesk(), query))
      .onInvoke('composeExtension/queryLink', async (_context, query) => (await articleLinkPreview(helpDesk(), query)) ?? {});

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.routes.install(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.routes.membersAdded(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.routes.message(context);
      await next();
    });
  }

  /** Every turn ends by storing what it added to the conversation's transcript. */
  async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversations.save(chatTurn(context));
  }

  protected async handleTeamsMessagingExtensionQuery(context: TurnContext, query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    return this.routes.invoke('composeExtension/query')!(context, query);
  }

  protected async handleTeamsAppBasedLinkQuery(context: TurnContext, query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    return this.routes.invoke('composeExtension/queryLink')!(context, query);
  }

  protected async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    return this.routes.invoke('adaptiveCard/action')!(context, invokeValue);
  }
}

/** A log file shared in the chat is read as a paste of its lines, after what was typed with it. */
function sharedFile(policy: FileDownloadPolicy | undefined, answers: Answers): MessageBranch {
  return async (turn, { text, attachments }) => {
    const file = policy && sharedFileIn(attachments);
    if (!file) return false;
    const reading = await readSharedFile(file, policy);
    if ('problem' in reading) {
      await turn.send(plainMessage(reading.problem));
      return true;
    }
    if (reading.note) await turn.send(plainMessage(reading.note));
    await answers.ask(turn, text ? `${text}\n${reading.text}` : reading.text);
    return true;
  };
}
