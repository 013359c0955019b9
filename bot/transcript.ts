import { ConversationState, StatePropertyAccessor, Storage, TurnContext } from 'botbuilder';
import { codeHeading } from '../cards/cards';
import type { MatchResult } from '../matching/matcher';
import { appendTurns, Turn } from '../tickets/transcript';

/**
 * The last turns of each conversation, in botbuilder's ConversationState on the ticket
 * storage: an escalation on any instance, after any restart, sends the help desk what was
 * said before. Loaded on first use in a turn, written at the end of the turn (save).
 */
export class ConversationTranscript {
  private readonly state: ConversationState;
  private readonly turns: StatePropertyAccessor<Turn[]>;

  constructor(storage: Storage) {
    this.state = new ConversationState(storage);
    this.turns = this.state.createProperty<Turn[]>('transcript');
  }

  async last(context: TurnContext): Promise<Turn[]> {
    return (await this.turns.get(context)) ?? [];
  }

  /** Adds what the user said and what the bot answered, in a few words. */
  async record(context: TurnContext, userText: string, botText: string): Promise<void> {
    const { from, recipient } = context.activity;
    const timestamp = new Date().toISOString();
    await this.turns.set(
      context,
      appendTurns(
        await this.last(context),
        { type: 'message', from: { id: from.id, name: from.name, role: 'user' }, text: userText, timestamp },
        { type: 'message', from: { id: recipient.id, name: recipient.name, role: 'bot' }, text: botText, timestamp },
      ),
    );
  }

  /** Writes this turn's changes, if any; a failure is logged: the turn has done its work. */
  async save(context: TurnContext): Promise<void> {
    await this.state.saveChanges(context).catch((error) => console.warn(`[transcript] not saved: ${(error as Error).message}`));
  }
}

/** What the bot answered, as one line of transcript. */
export function summarize(result: MatchResult): string {
  // Titles often name the code already ("MIS_3: sync key mismatch"); the heading adds the system otherwise.
  const found = result.matches
    .map(({ entry, code }) => (code && entry.title.includes(code) ? entry.title : `${codeHeading(entry, code)}: ${entry.title}`))
    .join('; ');
  if (result.decision === 'answer') return `Answered: ${found}`;
  const unknown = result.unknownCodes.map((u) => u.text).join(', ');
  if (result.decision === 'clarify') return unknown ? `Unknown code ${unknown}; offered other codes: ${found}` : `Asked which one: ${found}`;
  return unknown ? `No answer: unknown code ${unknown}` : 'No answer: nothing in the knowledge base fits';
}
