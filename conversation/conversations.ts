/*
 * conversation/: what every turn of a conversation leaves behind, whether or not anyone
 * escalates: the last turns (the transcript a ticket carries), the questions cards refer
 * to by id, and the answer records (the gap report's unanswered questions and unknown
 * codes, the daily counts). It works on a ChatTurn (turn.ts), not on the Bot Framework.
 */
import { headedTitle } from '../cards/cards';
import type { MatchResult } from '../matching/matcher';
import { logOf } from '../observability/turn';
import type { TicketStorage } from '../storage/storage';
import { DailyActivity } from '../tickets/reports/dailyActivity';
import { Reports } from '../tickets/reports/gapReport';
import type { Turn } from '../tickets/transcript';
import { ConversationTranscript } from './transcript';
import type { ChatTurn } from './turn';

/** The conversations' records: each turn reads and adds to them; escalation reads them for a ticket. */
export class Conversations {
  /** The gap report's records (unanswered questions, unknown codes, feedback). */
  readonly reports: Reports;
  /** Questions by decision and escalations per day, for the dashboard. */
  readonly activity: DailyActivity;
  private readonly transcripts: ConversationTranscript;

  constructor(storage: TicketStorage) {
    this.reports = new Reports(storage);
    this.activity = new DailyActivity(storage);
    this.transcripts = new ConversationTranscript(storage);
  }

  /** Keeps the question on the server; the id its cards carry instead of its text. */
  rememberQuestion(turn: ChatTurn, query: string): Promise<string> {
    return this.transcripts.remember(turn, query);
  }

  /** The question a card of this conversation refers to; undefined when it is too old or from elsewhere. */
  question(turn: ChatTurn, questionId: string): Promise<string | undefined> {
    return this.transcripts.question(turn, questionId);
  }

  /** The conversation's last turns, as a ticket carries them. */
  transcript(turn: ChatTurn): Promise<Turn[]> {
    return this.transcripts.last(turn);
  }

  /**
   * Remembers the exchange for a later ticket, and a question the knowledge base could not
   * answer for the report. The user has the answer already: a failure here is only logged.
   */
  async recordAnswer(turn: ChatTurn, userText: string, result: MatchResult): Promise<void> {
    try {
      await this.transcripts.record(turn, userText, summarize(result));
      if (result.decision === 'none') await this.reports.recordUnanswered(result.query);
      if (result.unknownCodes.length) await this.reports.recordUnknownCodes(result.unknownCodes.map((u) => u.code), result.query);
    } catch (error) {
      logOf(turn).warn({ err: error }, 'the answer was not recorded for the transcript and the gap report');
    }
  }

  /**
   * Counts a question by what the bot replied, in memory (no storage write on a turn). A
   * question naming a code the knowledge base lacks counts as such unless it was answered.
   */
  countQuestion(result: MatchResult): void {
    this.activity.count(result.unknownCodes.length && result.decision !== 'answer' ? 'unknownCode' : result.decision);
  }

  /** Every turn ends by storing what it added to the conversation's transcript. */
  save(turn: ChatTurn): Promise<void> {
    return this.transcripts.save(turn);
  }
}

/** What the bot answered, as one line of transcript. */
function summarize(result: MatchResult): string {
  // Titles often name the code already ("MIS_3: sync key mismatch"); the heading adds the system otherwise.
  const found = result.matches
    .map(({ entry, code }) => headedTitle(entry, code))
    .join('; ');
  if (result.decision === 'answer') return `Answered: ${found}`;
  const unknown = result.unknownCodes.map((u) => u.text).join(', ');
  if (result.decision === 'clarify') return unknown ? `Unknown code ${unknown}; offered other codes: ${found}` : `Asked which one: ${found}`;
  return unknown ? `No answer: unknown code ${unknown}` : 'No answer: nothing in the knowledge base fits';
}
