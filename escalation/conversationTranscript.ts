import { randomBytes } from 'node:crypto';
import type { Storage, TurnContext } from 'botbuilder';
import { headedTitle } from '../cards/cards';
import type { MatchResult } from '../matching/matcher';
import { appendTurns, Turn } from '../tickets/transcript';
import { namespaced } from '../storage/storage';

/** A conversation's transcript as this turn has it: read once, written at the end if the turn added to it. */
interface TurnTranscript {
  key: string;
  turns: Turn[];
  /** Ids of the conversation's questions still kept, oldest first. */
  questions: string[];
  /** Questions this turn asked, to write with the transcript. */
  asked: Array<{ id: string; query: string }>;
  changed: boolean;
}

/** A question as cards refer to it: card actions carry its id, never its text. */
interface StoredQuestion {
  /** The transcript key of the conversation it was asked in: an id from elsewhere finds nothing. */
  conversation: string;
  query: string;
}

const TURN_STATE = Symbol('transcript');
/** Questions kept per conversation: a card older than that many questions can no longer escalate its own. */
const MAX_QUESTIONS = 50;
/** Longest question kept: what a ticket carries of a pasted log. */
const MAX_QUESTION = 4000;
/** 72 random bits, URL-safe. */
export const QUESTION_ID = /^[A-Za-z0-9_-]{12}$/;

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
  private readonly questions: Storage;

  constructor(storage: Storage) {
    // Namespaces of their own: no channel id a caller sends can reach another record's key.
    this.storage = namespaced(storage, 'conversation');
    this.questions = namespaced(storage, 'question');
  }

  /**
   * Keeps the user's question on the server and returns the id its cards carry instead
   * (Teams rejects messages past about 25 KB: a pasted log copied into every button would
   * pass it). Written with the transcript at the end of the turn.
   */
  async remember(context: TurnContext, query: string): Promise<string> {
    const transcript = await this.loaded(context);
    const id = randomBytes(9).toString('base64url');
    transcript.asked.push({ id, query: query.slice(0, MAX_QUESTION) });
    transcript.changed = true;
    return id;
  }

  /** The question a card of this conversation refers to; undefined when it is too old or from elsewhere. */
  async question(context: TurnContext, id: string): Promise<string | undefined> {
    if (!QUESTION_ID.test(id)) return undefined;
    const { key, asked } = await this.loaded(context);
    const fresh = asked.find((q) => q.id === id);
    if (fresh) return fresh.query;
    const stored = (await this.questions.read([id]))[id] as StoredQuestion | undefined;
    return stored?.conversation === key ? stored.query : undefined;
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
    const questions = [...transcript.questions, ...transcript.asked.map((q) => q.id)];
    const dropped = questions.splice(0, Math.max(0, questions.length - MAX_QUESTIONS));
    const asked = Object.fromEntries(transcript.asked.map(({ id, query }) => [id, { conversation: transcript.key, query, eTag: '*' } as StoredQuestion]));
    try {
      // The questions first: a transcript never names a question that is not stored.
      if (transcript.asked.length) await this.questions.write(asked);
      await this.storage.write({ [transcript.key]: { transcript: transcript.turns, questions, eTag: '*' } });
      if (dropped.length) await this.questions.delete(dropped);
    } catch (error) {
      console.warn(`[transcript] not saved: ${(error as Error).message}`);
    }
  }

  private loaded(context: TurnContext): Promise<TurnTranscript> {
    let transcript = context.turnState.get(TURN_STATE) as Promise<TurnTranscript> | undefined;
    if (!transcript) {
      // ConversationState's key: "<channel>/conversations/<conversation id>/".
      const key = `${context.activity.channelId}/conversations/${context.activity.conversation.id}/`;
      transcript = this.storage.read([key]).then((items) => ({
        key,
        turns: (items[key]?.transcript as Turn[] | undefined) ?? [],
        questions: (items[key]?.questions as string[] | undefined) ?? [],
        asked: [],
        changed: false,
      }));
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
