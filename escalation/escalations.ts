/*
 * escalation/: handing a question to people, on the Bot Framework side: the escalate and
 * feedback clicks, the help desk's commands and Take/Resolve, delivering tickets (cards,
 * webhook, the user), the conversation transcript a ticket carries, and the message shapes.
 * The ticket model and its store are in tickets/.
 */
import { createHash } from 'node:crypto';
import { EventFactory, Transcript, TurnContext } from 'botbuilder';
import type { CardAction } from '../cards/actions';
import type { MatchResult } from '../matching/matcher';
import type { EscalationConfig } from '../tickets/config';
import { HelpDeskRegistry } from '../tickets/helpDesks';
import { ADMINS_SETTING, HelpDeskRoles } from '../tickets/helpDeskRoles';
import { Outbox } from '../tickets/outbox';
import { GapReport, Reports } from '../tickets/reports';
import type { TicketStorage } from '../storage/storage';
import { AnsweredEntry, clickKey, rateResolution, Ticket } from '../tickets/ticket';
import { TicketStore } from '../tickets/ticketStore';
import { AnsweringKnowledge, entryAnswerCard } from '../cards/knowledgeCards';
import { HelpDeskAgents, person } from './helpDeskAgents';
import { ApprovedKnowledge } from './approvedKnowledge';
import { draftEntry, draftProblem } from '../servedKnowledge/draftEntry';
import type { DetailedEntry } from '../knowledge/types';
import { Proactive, TicketDelivery } from './ticketDelivery';
import { ConversationTranscript, summarize } from './conversationTranscript';
import { TicketConversation } from './ticketConversation';
import { TicketLinks } from '../tickets/ticketLinks';
import { DailyActivity } from '../tickets/dailyActivity';
import { buildDashboard, Dashboard } from '../tickets/dashboard';
import { log } from '../observability/log';
import { logOf } from '../observability/turn';
import { observeOutbox } from '../observability/metrics';
import { Learning } from '../learning/learning';
import type { Voter } from '../learning/suggestions';

/** Who resolved a question: its conversation and id, and its user, hashed (the store keeps no ids of people here). */
function voter(context: TurnContext, questionId: string): Voter {
  const { channelId, conversation, from } = context.activity;
  const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22);
  return { question: hash(channelId, conversation.id, questionId), user: hash(channelId, from.id) };
}

/** How often entries approved on another instance are looked for. */
const RESTORE_EVERY_MS = 60_000;

export interface EscalationOptions {
  storage: TicketStorage;
  config: EscalationConfig;
  helpDesk: () => AnsweringKnowledge;
  proactive: Proactive;
  /** Where approved draft entries are written as knowledge files: a folder the knowledge is loaded and reloaded from. */
  approvedKnowledgeDir: string;
}

/**
 * Tickets from the user's side (escalate, "Helpful", "Did this help?") and the parts that
 * serve both sides: the ticket store, the outbox that delivers tickets, the help desk
 * (agents), the conversation transcript and the KB gap report. No Bot Framework routing
 * here: the bot calls these with the turn.
 */
export class Escalations {
  readonly tickets: TicketStore;
  readonly reports: Reports;
  /** Questions by decision and escalations per day, for the dashboard. */
  readonly activity: DailyActivity;
  readonly outbox: Outbox;
  readonly agents: HelpDeskAgents;
  readonly transcript: ConversationTranscript;
  /** Messages between the user and the help desk after an escalation. */
  readonly conversation: TicketConversation;
  /** Questions resolved without the help desk, suggested as phrasings of their entries. */
  readonly learning: Learning;
  private readonly helpDesk: () => AnsweringKnowledge;
  private observing = false;

  private readonly approved: ApprovedKnowledge;
  private readonly roles: HelpDeskRoles;
  private restoring?: NodeJS.Timeout;

  constructor({ storage, config, helpDesk, proactive, approvedKnowledgeDir }: EscalationOptions) {
    this.helpDesk = helpDesk;
    this.tickets = new TicketStore(storage);
    this.reports = new Reports(storage);
    this.activity = new DailyActivity(storage);
    this.transcript = new ConversationTranscript(storage);
    this.roles = new HelpDeskRoles(config);
    const registry = new HelpDeskRegistry(storage, (registration) => this.roles.counts(registration));
    const cardContext = () => helpDesk().cardContext;
    const webhook = config.webhookUrl ? { url: config.webhookUrl, secret: config.webhookSecret } : undefined;
    const links = new TicketLinks(storage);
    const answerCard = (entryId: string, question: string) => entryAnswerCard(helpDesk(), entryId, question);
    const delivery = new TicketDelivery(this.tickets, registry, proactive, cardContext, links, answerCard, webhook);
    this.outbox = new Outbox(storage, (ticketId) => delivery.deliver(ticketId), config.outbox);
    this.conversation = new TicketConversation(registry, this.tickets, links, this.outbox);
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
    this.agents = new HelpDeskAgents(registry, this.tickets, this.outbox, cardContext, this.roles, { draft, problem, approved: this.approved });
  }

  /**
   * Creates the ticket for an escalation click (or finds the one the same click created
   * before) and queues its delivery. Both are stored durably when this resolves: only then
   * may the user be told the ticket id.
   */
  async escalate(context: TurnContext, action: Extract<CardAction, { action: 'escalate' }>): Promise<Ticket> {
    const { activity } = context;
    const transcript = await this.transcript.last(context);
    // A card older than the questions kept still escalates: with the last thing the user asked.
    const question = (await this.transcript.question(context, action.questionId))
      ?? [...transcript].reverse().find((turn) => turn.from.role === 'user')?.text ?? '';
    const { ticket, created } = await this.tickets.create(
      {
        user: person(context),
        channelId: activity.channelId,
        // Without the activity id: notifications are new messages, not replies to the click.
        conversation: { ...TurnContext.getConversationReference(activity), activityId: undefined },
        question,
        answer: { decision: action.decision, entries: this.entries(action.entryIds) },
        comment: action.comment ?? '',
        transcript,
      },
      clickKey(action.cardId, activity.from.id),
    );
    // Again on a repeated click: the first one may have crashed before this line. Delivery is idempotent.
    await this.outbox.enqueue(ticket.id);
    // A question the help desk had to take is no phrasing the bot learned to answer.
    await this.learning.unresolved(question, voter(context, action.questionId));
    if (created) {
      this.activity.count('escalated');
      await this.handOff(context, ticket);
    }
    return ticket;
  }

  /**
   * Remembers the exchange for a later ticket, and a question the knowledge base could not
   * answer for the report. The user has the answer already: a failure here is only logged.
   */
  async recordAnswer(context: TurnContext, userText: string, result: MatchResult): Promise<void> {
    try {
      await this.transcript.record(context, userText, summarize(result));
      if (result.decision === 'none') await this.reports.recordUnanswered(result.query);
      if (result.unknownCodes.length) await this.reports.recordUnknownCodes(result.unknownCodes.map((u) => u.code), result.query);
    } catch (error) {
      logOf(context).warn({ err: error }, 'the answer was not recorded for the transcript and the gap report');
    }
  }

  /**
   * Counts a question by what the bot replied, in memory (no storage write on a turn). A
   * question naming a code the knowledge base lacks counts as such unless it was answered.
   */
  countQuestion(result: MatchResult): void {
    this.activity.count(result.unknownCodes.length && result.decision !== 'answer' ? 'unknownCode' : result.decision);
  }

  /** "Helpful" / "Not helpful" on an answer card; returns what to tell the user. */
  async feedback(context: TurnContext, action: Extract<CardAction, { action: 'feedback' }>, question: string): Promise<string> {
    await this.reports.recordFeedback(clickKey(action.cardId, context.activity.from.id), action.entryId, question, action.helpful);
    if (action.helpful) await this.learning.resolved(question, action.entryId, voter(context, action.questionId));
    else await this.learning.unresolved(question, voter(context, action.questionId));
    return action.helpful
      ? 'Thanks, glad it helped.'
      : 'Thanks for telling me. If you still need help, "Escalate to help desk" on the card hands your question to a person.';
  }

  /** The user picked an entry from a clarify card: the question is suggested as its phrasing until escalated. */
  async picked(context: TurnContext, questionId: string, question: string, entryId: string): Promise<void> {
    await this.learning.resolved(question, entryId, voter(context, questionId));
  }

  /** The user's answer to "Did this help?" after the help desk resolved their ticket. */
  async rate(context: TurnContext, action: Extract<CardAction, { action: 'rate-ticket' }>): Promise<string> {
    const outcome = await this.tickets.update(action.ticketId, (ticket, now) => rateResolution(ticket, person(context), action.helped, now));
    if (!outcome) return `There is no ticket ${action.ticketId}.`;
    if (outcome.refused) return outcome.refused;
    await this.outbox.enqueue(outcome.ticket.id);
    return action.helped ? 'Thanks, I told the help desk it helped.' : 'Sorry it did not help. I told the help desk; ask me again or escalate a new question any time.';
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
   * takes the conversation over from this event. Teams has no agent hubs and does not take
   * event activities, so it gets the ticket card in the help desk channel only. Best effort:
   * the ticket is stored and queued whether or not the channel accepts the event.
   */
  private async handOff(context: TurnContext, ticket: Ticket): Promise<void> {
    if (context.activity.channelId === 'msteams') return;
    const handoffContext = { skill: 'help-desk', ticketId: ticket.id, question: ticket.question, comment: ticket.comment };
    const transcript = { activities: ticket.transcript } as unknown as Transcript;
    await context
      .sendActivity(EventFactory.createHandoffInitiation(context, handoffContext, transcript))
      .catch((error) => logOf(context).warn({ err: error, ticketId: ticket.id }, 'handoff event not sent'));
  }
}
