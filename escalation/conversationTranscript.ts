import type { Storage, TurnContext } from 'botbuilder';
import { headedTitle } from '../cards/cards';
import type { MatchResult } from '../matching/matcher';
import { appendTurns, Turn } from '../tickets/transcript';
import { namespaced } from '../storage/storage';

/** A conversation's transcript as this turn has it: read once, written at the end if the turn added to it. */
interface TurnTranscript {
  key: string;
  turns: Turn[];
  changed: boolean;
}

const TURN_STATE = Symbol('transcript');

/**
 * The last turns of each conversation, on the ticket storage: an escalation on any
 * instance, after any restart, sends the help desk what was said before. Loaded on first
 * use in a turn, written at the end of the turn (save), under the key and in the shape
 * botbuilder's ConversationState gave it ({ transcript }), which this replaces: its
 * change detection serialised and hashed the state three times a turn, a twentieth of
 * the bot's CPU, to find what `changed` says.
 */
export class ConversationTranscript {
  private readonly storage: Storage;

  constructor(storage: Storage) {
    // A namespace of its own: no channel id a caller sends can reach another record's key.
    this.storage = namespaced(storage, 'conversation');
  }

  async last(context: TurnContext): Promise<Turn[]> {
    return (await this.loaded(context)).turns;
  }

  /** Adds what the user said and what the bot answered, in a few words. */
  async record(context: TurnContext, userText: string, botText: string): Promise<void> {
    const { from, recipient } = context.activity;
    const timestamp = new Date().toISOString();
    const transcript = await this.loaded(context);
    transcript.turns = appendTurns(
      transcript.turns,
      { type: 'message', from: { id: from.id, name: from.name, role: 'user' }, text: userText, timestamp },
      { type: 'message', from: { id: recipient.id, name: recipient.name, role: 'bot' }, text: botText, timestamp },
    );
    transcript.changed = true;
  }

  /** Writes this turn's changes, if any; a failure is logged: the turn has done its work. */
  async save(context: TurnContext): Promise<void> {
    const transcript = await (context.turnState.get(TURN_STATE) as Promise<TurnTranscript> | undefined)?.catch(() => undefined);
    if (!transcript?.changed) return;
    await this.storage
      .write({ [transcript.key]: { transcript: transcript.turns, eTag: '*' } })
      .catch((error) => console.warn(`[transcript] not saved: ${(error as Error).message}`));
  }

  private loaded(context: TurnContext): Promise<TurnTranscript> {
    let transcript = context.turnState.get(TURN_STATE) as Promise<TurnTranscript> | undefined;
    if (!transcript) {
      // ConversationState's key: "<channel>/conversations/<conversation id>/".
      const key = `${context.activity.channelId}/conversations/${context.activity.conversation.id}/`;
      transcript = this.storage.read([key]).then((items) => ({ key, turns: (items[key]?.transcript as Turn[] | undefined) ?? [], changed: false }));
      context.turnState.set(TURN_STATE, transcript);
    }
    return transcript;
  }
}

/** What the bot answered, as one line of transcript. */
export function summarize(result: MatchResult): string {
  // Titles often name the code already ("MIS_3: sync key mismatch"); the heading adds the system otherwise.
  const found = result.matches
    .map(({ entry, code }) => headedTitle(entry, code))
    .join('; ');
  if (result.decision === 'answer') return `Answered: ${found}`;
  const unknown = result.unknownCodes.map((u) => u.text).join(', ');
  if (result.decision === 'clarify') return unknown ? `Unknown code ${unknown}; offered other codes: ${found}` : `Asked which one: ${found}`;
  return unknown ? `No answer: unknown code ${unknown}` : 'No answer: nothing in the knowledge base fits';
}
