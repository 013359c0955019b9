import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ActionOf } from '../cards/actions';
import { AdaptiveCard, handoverCard, noneCard, replyCards, ReplyIds, welcomeCard } from '../cards/cards';
import { cardMessage, cardMessages, plainMessage } from '../channels/messages';
import type { AnsweringKnowledge } from '../cards/knowledgeCards';
import type { MatchResult } from '../matching/matcher';
import { recordMatch } from '../observability/turn';
import type { Conversations } from './conversations';
import { ownQuestion } from './ownQuestions';
import type { MessageBranch, VerbHandler } from './routes';
import type { SentCards } from './sentCards';
import type { ChatTurn } from './turn';

/** Longest message text matched; longer pastes are cut (a 1 MB log keeps its first megabyte). */
export const MAX_TEXT = 1024 * 1024;
const QUESTION_GONE = 'I no longer have the question this card was for. Ask me again, and use the new card.';

/** What the users' clicks on answers teach: kept with the tickets' learning (escalation/). */
export interface AnswerLearning {
  /** The user picked an entry from a clarify card. */
  picked(turn: ChatTurn, questionId: string, question: string, entryId: string): Promise<void>;
  /** "Helpful" / "Not helpful"; returns what to tell the user. */
  feedback(turn: ChatTurn, action: ActionOf<'feedback'>, question: string): Promise<string>;
}

const nothingFound = (query: string): MatchResult => ({ query, decision: 'none', matches: [], unknownCodes: [], systems: [] });

/**
 * The bot answering questions: the welcome, its own questions (help, thanks, a person),
 * a question matched against the knowledge, and the clicks on its answers (pick, none of
 * these, feedback, an example question). Each is a route handler (bot/helpDeskBot.ts).
 */
export class Answers {
  constructor(
    private readonly helpDesk: () => AnsweringKnowledge,
    private readonly conversations: Conversations,
    private readonly sentCards: SentCards,
    private readonly learning: AnswerLearning,
  ) {}

  /** What the bot knows, with examples to click. */
  readonly welcome = async (turn: ChatTurn): Promise<void> => {
    await turn.send(cardMessage(turn.channelId, [welcomeCard(this.helpDesk().kb)]));
  };

  /** Help (or nothing typed), thanks, or asking for a person: the bot's own replies, never knowledge entries. */
  readonly ownQuestion: MessageBranch = async (turn, { text }) => {
    const own = text.trim() ? ownQuestion(text) : 'help';
    if (own === 'help') await this.welcome(turn);
    else if (own === 'thanks') await turn.send(plainMessage('Glad to help. Ask me about any other error message or code.'));
    else if (own === 'person') {
      // How escalation works, and the button; the question kept as any other so that the escalation carries it.
      const result = nothingFound(text.trim());
      await this.sendForQuestion(turn, result.query, (ids) => [handoverCard(result, ids)]);
    }
    return own !== undefined;
  };

  /** A question: matched, answered with cards, recorded. */
  readonly answer: MessageBranch = async (turn, { text }) => {
    const helpDesk = this.helpDesk();
    const started = performance.now();
    const result = helpDesk.match(text.slice(0, MAX_TEXT));
    recordMatch(turn, result.decision, result.unknownCodes.length > 0, performance.now() - started);
    this.conversations.countQuestion(result);
    // The details of what it shows read once the match is decided, without blocking the turn.
    const shown = await helpDesk.withDetails(result);
    await this.sendForQuestion(turn, result.query, (ids) => replyCards(shown, helpDesk.cardContext, ids));
    await this.conversations.recordAnswer(turn, text, result);
    return true;
  };

  /** A text asked as a message is (an example on the welcome card, a shared log file). */
  async ask(turn: ChatTurn, text: string): Promise<void> {
    if (!(await this.ownQuestion(turn, { text }))) await this.answer(turn, { text });
  }

  readonly askExample: VerbHandler<'ask'> = async (turn, action) => {
    await this.ask(turn, action.text);
    return { sent: true };
  };

  readonly pick: VerbHandler<'pick'> = async (turn, action) => {
    const question = await this.conversations.question(turn, action.questionId);
    if (question === undefined) return { text: QUESTION_GONE };
    const helpDesk = this.helpDesk();
    const entry = helpDesk.matcher.entryById(action.entryId);
    // Card data comes back from the client: only a code the entry has is shown as its code.
    const code = entry && action.code && entry.codes.includes(action.code) ? action.code : null;
    const result = entry ? helpDesk.matcher.picked(entry, code, question) : nothingFound(question);
    await this.conversations.recordAnswer(turn, `(picked) ${entry?.title ?? action.entryId}`, result);
    if (entry) await this.learning.picked(turn, action.questionId, question, entry.id);
    const cardId = randomUUID();
    return { card: replyCards(await helpDesk.withDetails(result), helpDesk.cardContext, { questionId: action.questionId, cardId })[0], cardId };
  };

  readonly noneOfThese: VerbHandler<'none-of-these'> = async (turn, action) => {
    const question = await this.conversations.question(turn, action.questionId);
    if (question === undefined) return { text: QUESTION_GONE };
    const result = nothingFound(question);
    await this.conversations.recordAnswer(turn, '(none of these)', result);
    const cardId = randomUUID();
    return { card: noneCard(result, { questionId: action.questionId, cardId }), cardId };
  };

  readonly feedback: VerbHandler<'feedback'> = async (turn, action) => {
    if (!this.helpDesk().matcher.entryById(action.entryId)) return { text: 'That answer is no longer in the knowledge base; ask me again.' };
    // Feedback counts without its question, when the question is too old to be kept.
    const question = (await this.conversations.question(turn, action.questionId)) ?? '';
    return { text: await this.learning.feedback(turn, action, question) };
  };

  /**
   * The cards for a question, tied to it: the question kept by id (what their Escalate
   * sends) and the first message remembered, so that the escalation can take its place.
   */
  private async sendForQuestion(turn: ChatTurn, query: string, cards: (ids: ReplyIds) => AdaptiveCard[]): Promise<void> {
    const ids = { questionId: await this.conversations.rememberQuestion(turn, query), cardId: randomUUID() };
    // The channel may refuse a long message (Teams: about 25 KB): many codes' answers come in several.
    const [first] = await turn.send(...cardMessages(turn.channelId, cards(ids)));
    if (first) this.sentCards.remember(ids.cardId, first);
  }
}
