import { randomBytes } from 'node:crypto';
import { appendTurns, Turn } from '../tickets/transcript';
import { logOf } from '../observability/turn';
import { namespaced } from '../storage/storage';
import type { KeyValueStore } from '../storage/keyValueStore';
import type { ChatTurn } from './turn';

/** A conversation's transcript as this turn has it: read once, written at the end if the turn added to it. */
interface TurnTranscript {
  key: string;
  turns: Turn[];
  /** The conversation's questions still kept, oldest first: cards refer to them by id. */
  questions: KeptQuestion[];
  changed: boolean;
}

/** A question as cards refer to it: card actions carry its id, never its text. */
interface KeptQuestion {
  id: string;
  query: string;
}

const TURN_STATE = Symbol('transcript');
/**
 * Questions kept per conversation, and their characters in all: they are written with the
 * transcript on every turn (one record a conversation, not a file a question). A card older
 * than that can no longer escalate its own question.
 */
const MAX_QUESTIONS = 20;
const MAX_QUESTION_CHARS = 32_000;
/** Longest question kept: what a ticket carries of a pasted log. */
const MAX_QUESTION = 4000;

/**
 * The last turns of each conversation, on the ticket storage: an escalation on any
 * instance, after any restart, sends the help desk what was said before. Loaded on first
 * use in a turn, written at the end of the turn (save), under the key and in the shape
 * botbuilder's ConversationState gave it ({ transcript }), which this replaces: its
 * change detection serialised and hashed the state three times a turn, a twentieth of
 * the bot's CPU, to find what `changed` says.
 */
export class ConversationTranscript {
  private readonly storage: KeyValueStore;

  constructor(storage: KeyValueStore) {
    // A namespace of its own: no channel id a caller sends can reach another record's key.
    this.storage = namespaced(storage, 'conversation');
  }

  /**
   * Keeps the user's question on the server and returns the id its cards carry instead
   * (Teams rejects messages past about 25 KB: a pasted log copied into every button would
   * pass it). Written with the transcript at the end of the turn.
   */
  async remember(turn: ChatTurn, query: string): Promise<string> {
    const transcript = await this.loaded(turn);
    const id = randomBytes(9).toString('base64url');
    const questions = [...transcript.questions, { id, query: query.slice(0, MAX_QUESTION) }];
    let chars = questions.reduce((sum, q) => sum + q.query.length, 0);
    while (questions.length > MAX_QUESTIONS || chars > MAX_QUESTION_CHARS) chars -= questions.shift()!.query.length;
    transcript.questions = questions;
    transcript.changed = true;
    return id;
  }

  /** The question a card of this conversation refers to; undefined when it is too old or from elsewhere. */
  async question(turn: ChatTurn, id: string): Promise<string | undefined> {
    return (await this.loaded(turn)).questions.find((q) => q.id === id)?.query;
  }

  async last(turn: ChatTurn): Promise<Turn[]> {
    return (await this.loaded(turn)).turns;
  }

  /** Adds what the user said and what the bot answered, in a few words. */
  async record(turn: ChatTurn, userText: string, botText: string): Promise<void> {
    const { from, bot } = turn;
    const timestamp = new Date().toISOString();
    const transcript = await this.loaded(turn);
    transcript.turns = appendTurns(
      transcript.turns,
      { type: 'message', from: { id: from.id, name: from.name, role: 'user' }, text: userText, timestamp },
      { type: 'message', from: { id: bot.id, name: bot.name, role: 'bot' }, text: botText, timestamp },
    );
    transcript.changed = true;
  }

  /** Writes this turn's changes, if any; a failure is logged: the turn has done its work. */
  async save(turn: ChatTurn): Promise<void> {
    const transcript = await (turn.turnState.get(TURN_STATE) as Promise<TurnTranscript> | undefined)?.catch(() => undefined);
    if (!transcript?.changed) return;
    await this.storage
      .write({ [transcript.key]: { transcript: transcript.turns, questions: transcript.questions, eTag: '*' } })
      .catch((error) => logOf(turn).warn({ err: error }, 'the transcript was not saved'));
  }

  private loaded(turn: ChatTurn): Promise<TurnTranscript> {
    let transcript = turn.turnState.get(TURN_STATE) as Promise<TurnTranscript> | undefined;
    if (!transcript) {
      // ConversationState's key: "<channel>/conversations/<conversation id>/".
      const key = `${turn.channelId}/conversations/${turn.conversation.id}/`;
      transcript = this.storage.read([key]).then((items) => ({
        key,
        turns: (items[key]?.transcript as Turn[] | undefined) ?? [],
        questions: (items[key]?.questions as KeptQuestion[] | undefined) ?? [],
        changed: false,
      }));
      turn.turnState.set(TURN_STATE, transcript);
    }
    return transcript;
  }
}
