/*
 * escalation/: handing a question to people: the escalate and feedback clicks, the help
 * desk's commands and Take/Resolve, messages between the user and the help desk, and
 * delivering tickets (cards, webhook, the user). It works on a ChatTurn
 * (conversation/turn.ts) and exposes its routes; bot/helpDeskBot.ts lists them. The ticket
 * model and its store are in tickets/, each conversation's transcript in conversation/.
 */
import { createHash } from 'node:crypto';
import type { ActionOf } from '../cards/actions';
import { escalatedCard } from '../cards/cards';
import { channel } from '../channels/channels';
import type { AnswerLearning } from '../conversation/answers';
import type { Conversations } from '../conversation/conversations';
import type { MessageBranch, VerbHandler } from '../conversation/routes';
import type { ChatTurn, Proactive } from '../conversation/turn';
import type { EscalationConfig } from '../tickets/config';
import { HelpDeskRegistry } from '../tickets/helpDesks';
import { ADMINS_SETTING, HelpDeskRoles } from '../tickets/helpDeskRoles';
import { Outbox } from '../tickets/outbox';
import type { GapReport, Reports } from '../tickets/reports/gapReport';
import type { TicketStorage } from '../storage/storage';
import { AnsweredEntry, clickKey, rateResolution, Ticket } from '../tickets/ticket';
import { TicketStore } from '../tickets/ticketStore';
import { AnsweringKnowledge, entryAnswerCard } from '../cards/knowledgeCards';
import { HelpDeskAgents } from './helpDeskAgents';
import { ApprovedKnowledge } from './approvedKnowledge';
import { draftEntry, draftProblem } from '../servedKnowledge/draftEntry';
import type { DetailedEntry } from '../knowledge/types';
import { TicketDelivery } from './ticketDelivery';
import { TicketConversation } from './ticketConversation';
import { TicketLinks } from '../tickets/ticketLinks';
import type { DailyActivity } from '../tickets/reports/dailyActivity';
import { buildDashboard, Dashboard } from '../tickets/reports/dashboard';
import { log } from '../observability/log';
import { logOf } from '../observability/turn';
import { observeOutbox } from '../observability/metrics';
import { Learning } from '../learning/learning';
import type { Voter } from '../learning/suggestions';

/** Who resolved a question: its conversation and id, and its user, hashed (the store keeps no ids of people here). */
function voter(turn: ChatTurn, questionId: string): Voter {
  const { channelId, conversation, from } = turn;
  const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22);
  return { question: hash(channelId, conversation.id, questionId), user: hash(channelId, from.id) };
}

/** How often entries approved on another instance are looked for. */
const RESTORE_EVERY_MS = 60_000;

export interface EscalationOptions {
  storage: TicketStorage;
  config: EscalationConfig;
  helpDesk: () => AnsweringKnowledge;
  /** The conversations' records: the transcript a ticket carries, the questions cards refer to, the gap report and daily counts. */
  conversations: Conversations;
  proactive: Proactive;
  /** Where approved draft entries are written as knowledge files: a folder the knowledge is loaded and reloaded from. */
  approvedKnowledgeDir: string;
}

/**
 * Tickets from the user's side (escalate, "Helpful", "Did this help?") and the parts that
 * serve both sides: the ticket store, the outbox that delivers tickets, the help desk
 * (agents), the messages between them and the KB gap report. Its routes are the message
 * branches and card verbs below; the bot's route table names each.
 */
export class Escalations implements AnswerLearning {
  readonly tickets: TicketStore;
  readonly reports: Reports;
  /** Questions by decision and escalations per day, for the dashboard. */
  readonly activity: DailyActivity;
  readonly outbox: Outbox;
  /** Questions resolved without the help desk, suggested as phrasings of their entries. */
  readonly learning: Learning;

  /** A message in a ticket's conversation, from the user or an agent, goes to the other side. */
  readonly relay: MessageBranch;
  /** "register escalations here", "stop escalations here". */
  readonly command: MessageBranch;
  readonly sendAnswer: VerbHandler<'send-answer'>;
  readonly take: VerbHandler<'take'>;
  readonly resolve: VerbHandler<'resolve'>;
  readonly approveDraft: VerbHandler<'approve-draft'>;
  readonly discardDraft: VerbHandler<'discard-draft'>;

  private readonly helpDesk: () => AnsweringKnowledge;
  private readonly conversations: Conversations;
  private observing = false;

  private readonly approved: ApprovedKnowledge;
  private readonly roles: HelpDeskRoles;
  private restoring?: NodeJS.Timeout;

  constructor({ storage, config, helpDesk, conversations, proactive, approvedKnowledgeDir }: EscalationOptions) {
    this.helpDesk = helpDesk;
    this.conversations = conversations;
    this.tickets = new TicketStore(storage);
    this.reports = conversations.reports;
    this.activity = conversations.activity;
    this.roles = new HelpDeskRoles(config);
    const registry = new HelpDeskRegistry(storage, (registration) => this.roles.counts(registration));
    const cardContext = () => helpDesk().cardContext;
    const webhook = config.webhookUrl ? { url: config.webhookUrl, secret: config.webhookSecret } : undefined;
    const links = new TicketLinks(storage);
    const answerCard = (entryId: string, question: string) => entryAnswerCard(helpDesk(), entryId, question);
    const delivery = new TicketDelivery(this.tickets, registry, proactive, cardContext, links, answerCard, webhook);
    this.outbox = new Outbox(storage, (ticketId) => delivery.deliver(ticketId), config.outbox);
    const ticketChat = new TicketConversation(registry, this.tickets, links, this.outbox);
    this.relay = ticketChat.relay;
    this.sendAnswer = ticketChat.sendAnswer;
    this.approved = new ApprovedKnowledge(storage, approvedKnowledgeDir);
    this.learning = new Learning(storage, approvedKnowledgeDir, this.titleOf);
    const draft = (ticket: Ticket) => ({
      entry: draftEntry({
        ticketId: ticket.id,
        question: ticket.question,
        resolution: ticket.resolution?.text ?? '',
        cause: ticket.resolution?.cause ?? '',
        answered: ticket.answer.entries,
      }, helpDesk()),
      status: 'pending' as const,
    });
    const problem = (entry: DetailedEntry) => draftProblem(entry, helpDesk().kb.systems);
    const agents = new HelpDeskAgents(registry, this.tickets, this.outbox, cardContext, this.roles, { draft, problem, approved: this.approved });
    this.command = agents.command;
    this.take = agents.take;
    this.resolve = agents.resolve;
    this.approveDraft = agents.approveDraft;
    this.discardDraft = agents.discardDraft;
  }

  /**
   * "Escalate to help desk": the ticket made, and its confirmation in place of the card it
   * came from, keeping the answer it came from (entries the bot showed, which still exist).
   */
  readonly escalate: VerbHandler<'escalate'> = async (turn, action) => {
    const helpDesk = this.helpDesk();
    const ticket = await this.open(turn, action);
    const [shown] = ticket.answer.decision === 'answer' ? ticket.answer.entries : [];
    const answer = shown && await entryAnswerCard(helpDesk, shown.id, ticket.question);
    return {
      card: escalatedCard({ ticketId: ticket.id, query: ticket.question, comment: ticket.comment }, answer),
      replaces: { cardId: action.cardId, activityId: turn.replyToId },
    };
  };

  /** The user's answer to "Did this help?" after the help desk resolved their ticket. */
  readonly rate: VerbHandler<'rate-ticket'> = async (turn, action) => {
    const outcome = await this.tickets.update(action.ticketId, (ticket, now) => rateResolution(ticket, turn.from, action.helped, now));
    if (!outcome) return { text: `There is no ticket ${action.ticketId}.` };
    if (outcome.refused) return { text: outcome.refused };
    await this.outbox.enqueue(outcome.ticket.id);
    return { text: action.helped ? 'Thanks, I told the help desk it helped.' : 'Sorry it did not help. I told the help desk; ask me again or escalate a new question any time.' };
  };

  /**
   * Creates the ticket for an escalation click (or finds the one the same click created
   * before) and queues its delivery. Both are stored durably when this resolves: only then
   * may the user be told the ticket id.
   */
  private async open(turn: ChatTurn, action: ActionOf<'escalate'>): Promise<Ticket> {
    const transcript = await this.conversations.transcript(turn);
    // A card older than the questions kept still escalates: with the last thing the user asked.
    const question = (await this.conversations.question(turn, action.questionId))
      ?? [...transcript].reverse().find((turn) => turn.from.role === 'user')?.text ?? '';
    const { ticket, created } = await this.tickets.create(
      {
        user: turn.from,
        channelId: turn.channelId,
        // Without the activity id: notifications are new messages, not replies to the click.
        conversation: { ...turn.reference(), activityId: undefined },
        question,
        answer: { decision: action.decision, entries: this.entries(action.entryIds) },
        comment: action.comment ?? '',
        transcript,
      },
      clickKey(action.cardId, turn.from.id),
    );
    // Again on a repeated click: the first one may have crashed before this line. Delivery is idempotent.
    await this.outbox.enqueue(ticket.id);
    // A question the help desk had to take is no phrasing the bot learned to answer.
    await this.learning.unresolved(question, voter(turn, action.questionId));
    if (created) {
      this.activity.count('escalated');
      await this.handOff(turn, ticket);
    }
    return ticket;
  }

  /** "Helpful" / "Not helpful" on an answer card; returns what to tell the user. */
  async feedback(turn: ChatTurn, action: ActionOf<'feedback'>, question: string): Promise<string> {
    await this.reports.recordFeedback(clickKey(action.cardId, turn.from.id), action.entryId, question, action.helpful);
    if (action.helpful) await this.learning.resolved(question, action.entryId, voter(turn, action.questionId));
    else await this.learning.unresolved(question, voter(turn, action.questionId));
    return action.helpful
      ? 'Thanks, glad it helped.'
      : 'Thanks for telling me. If you still need help, "Escalate to help desk" on the card hands your question to a person.';
  }

  /** The user picked an entry from a clarify card: the question is suggested as its phrasing until escalated. */
  async picked(turn: ChatTurn, questionId: string, question: string, entryId: string): Promise<void> {
    await this.learning.resolved(question, entryId, voter(turn, questionId));
  }

  report(): Promise<GapReport> {
    return this.reports.build(this.tickets, this.titleOf);
  }

  dashboard(): Promise<Dashboard> {
    return buildDashboard(this, this.titleOf);
  }

  /** Starts delivering, and writes again the files of approved entries a new disk lacks (the watcher loads them). */
  start(): void {
    if (this.roles.unconfigured) {
      log.warn(`${ADMINS_SETTING} is not set: with an app id nobody can register a help desk, take, resolve or approve until it lists the help desk administrators' Entra object ids (comma-separated); escalated tickets wait meanwhile`);
    }
    this.outbox.start();
    this.activity.start();
    const restore = () => this.approved.restore().then(
      (written) => { if (written) log.info(`${written} approved knowledge file(s) written again from the store`); },
      (error) => log.error({ err: error }, 'approved knowledge not restored'),
    );
    const refreshPhrasings = () => this.learning.refresh().catch((error) => log.error({ err: error }, 'accepted phrasings not written'));
    void restore();
    void refreshPhrasings();
    // Another replica's approvals and accepted phrasings reach this one within a minute: a listing of the store each.
    this.restoring = setInterval(() => void restore().then(refreshPhrasings), RESTORE_EVERY_MS).unref();
    // Observed until the process ends: the last export, after stop(), says what is left undelivered.
    this.observing ||= (observeOutbox(() => this.outbox.backlog()), true);
  }

  async stop(): Promise<void> {
    clearInterval(this.restoring);
    await this.outbox.stop();
    await this.activity.stop();
  }

  private readonly titleOf = (entryId: string) => this.helpDesk().matcher.entryById(entryId)?.title;

  private entries(ids: string[]): AnsweredEntry[] {
    const { matcher } = this.helpDesk();
    return ids.flatMap((id) => {
      const entry = matcher.entryById(id);
      return entry ? [{ id, title: entry.title, system: entry.system, ...(entry.article ? { article: entry.article } : {}) }] : [];
    });
  }

  /**
   * Bot Framework handoff: an agent hub connected to the channel (Direct Line, Omnichannel)
   * takes the conversation over from this event. A channel without event activities (Teams)
   * gets the ticket card in the help desk channel only. Best effort:
   * the ticket is stored and queued whether or not the channel accepts the event.
   */
  private async handOff(turn: ChatTurn, ticket: Ticket): Promise<void> {
    if (!channel(turn.channelId).handoffEvents) return;
    const handoffContext = { skill: 'help-desk', ticketId: ticket.id, question: ticket.question, comment: ticket.comment };
    await turn
      .handOff(handoffContext, ticket.transcript)
      .catch((error) => logOf(turn).warn({ err: error, ticketId: ticket.id }, 'handoff event not sent'));
  }
}
