import type { KnowledgeEntry } from '../knowledge/types';
import type { PasteReading } from './pastes/pasteLines';

/** What the matcher decided for a message, and what it hands to cards and the APIs. */

export type Decision = 'answer' | 'clarify' | 'none';

/** `Entry`: what matching reads of an entry, or the entry whole once its details are read (cards). */
export interface Match<Entry extends KnowledgeEntry = KnowledgeEntry> {
  entry: Entry;
  /** Confidence 0..1. */
  score: number;
  /** The code as the knowledge base writes it ("MIS_3", "2148007941"), when found by code. */
  code: string | null;
  /** The code as the user typed it. */
  mention: string | null;
  /**
   * With an answer for several of the message's codes: all of them, as the knowledge base
   * writes them, in the order the message names them ("317", "2245").
   */
  codes?: string[];
  via: 'code' | 'text';
  /**
   * Other entries documenting the same code (another cause): of the same system, and for an
   * HRESULT answered as the Win32 error it wraps, the articles documenting the HRESULT itself.
   * For an answer by the text, the runners-up fitting nearly as well.
   */
  others: Entry[];
  /**
   * Offered beside a code the knowledge base does not document: another code, or the
   * same code in another system. Never the user's code.
   */
  neighbour?: boolean;
  /** The message holds one of the entry's messages (whole, in part or filled in): found as a paste, not by its words. */
  heldMessage?: boolean;
  /** With an answer by text: the most words of one of the entry's messages (or of a title quoting one) that the message holds, when it holds any. */
  quotedWords?: number;
  /** With an answer by a quote: the other entries quoting as much of the message word for word, as strongly (among `others` or not). */
  alsoQuoting?: KnowledgeEntry[];
  /** Found by a code on this line of a pasted log (1-based). */
  line?: number;
}

/** A code the message names that no entry documents (in the system the message names). */
export interface UnknownCode {
  /** As the user typed it ("mis 31", "０x80004321" folded to "0x80004321"). */
  text: string;
  /** One spelling for every form of it ("MIS_31", "0x80004321", "17"), to count it by. */
  code: string;
  /** The system named in the message that has no such code, if one is. */
  system?: string;
  /** The line of a pasted log it is first on (1-based). */
  line?: number;
}

export interface MatchResult<Entry extends KnowledgeEntry = KnowledgeEntry> {
  query: string;
  decision: Decision;
  /** answer: one per question asked (per code); clarify: up to three candidates; none: empty. */
  matches: Match<Entry>[];
  /** Codes that look deliberate but that the knowledge base does not know. */
  unknownCodes: UnknownCode[];
  /** Systems the message names. */
  systems: string[];
  /**
   * With an answer: codes of the message that several systems document, the message not
   * saying which, each with its candidates for the user to pick from (not left out
   * because other codes were answered).
   */
  undecided?: Match<Entry>[][];
  /** For a paste read line by line: what was read of it, for the reply to say. */
  reading?: PasteReading;
}
