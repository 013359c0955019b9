/**
 * The knowledge base model. Plain data: no Bot Framework, no HTTP.
 *
 * Knowledge files (YAML or JSON) hold any of four top-level lists:
 *   systems:   the products codes belong to, and the words that name them in a message
 *   articles:  KB articles referred to by entries (number and title)
 *   entries:   one answer each: a code (or a symptom) in a system, with cause and resolution
 *   phrasings: users' words for an entry of any file, added to its symptoms
 */

/** How a system's codes are written. */
type CodeFormat =
  /** Plain decimal status numbers (IISSYNC status 3, 2148007941). */
  | 'decimal'
  /** Symbolic codes PREFIX_n (MIS_3), see `System.codePrefix`. */
  | 'symbolic';

export interface System {
  /** Display name, also the key entries refer to ("IISSYNC", "Server ActiveSync"). */
  name: string;
  /** One sentence on what the system is, shown in the help card. */
  description: string;
  /** Lower-case words or phrases that, found in a message, point to this system. */
  keywords: string[];
  codeFormat: CodeFormat;
  /** For symbolic systems: the prefix of its codes ("MIS" for MIS_3). */
  codePrefix?: string;
}

export interface Article {
  /** KB number as written in the KB: "Q224801". */
  number: string;
  title: string;
  /** Where the article can be read; when absent, the configured KB base URL is used. */
  url?: string;
  /** The imported article file, when the article itself is loaded (served at /kb/Qnnnnnn). */
  file?: string;
  product?: string;
  /** Last modified, ISO date (2000-10-21). */
  date?: string;
}

/**
 * What matching reads of an entry: kept in memory while the entry is served. Its details
 * (EntryDetails) are read apart, when an answer shows them.
 */
export interface KnowledgeEntry {
  /** Unique, stable id ("iissync-2148007941", "mis-3"). */
  id: string;
  /** Name of a System. */
  system: string;
  /** Codes as the KB writes them: "2148007941", "MIS_3". Empty for a symptom-only entry. */
  codes: string[];
  /** Symbolic names of the code ("SYNC_STATUS_CODE_SYNCKEY"). */
  names: string[];
  title: string;
  /** Symptoms in plain words, as a user would describe them. */
  symptoms: string[];
  /** Literal error messages exactly as the system prints or shows them. */
  messages: string[];
  /** The KB article this entry comes from ("Q224801"), if any. */
  article?: string;
  /** Extra search words (product names, components). */
  keywords: string[];
  /**
   * The version numbers an imported article's "applies to" box names, as `versionKey`s
   * ("4", "97"), whatever product each is of: a question naming only other versions is less
   * likely its. Hand-written entries have none.
   */
  versions?: string[];
  /**
   * Where the entry comes from: written for this project, imported from a KB article, or
   * written from a help desk ticket (a file in an approved-knowledge folder), whose text
   * cards show as plain text (plainText.ts). For the same code and system a hand-written
   * or ticket entry takes precedence over an imported one.
   */
  origin?: 'handwritten' | 'imported' | 'ticket';
}

/** What only an answer shows of an entry: indexed when built, otherwise read when shown. */
export interface EntryDetails {
  cause: string;
  /** Resolution steps, in order. */
  resolution: string[];
  /** Related KB articles ("Q191138"). */
  related: string[];
}

/** An entry whole, as a knowledge file writes it and loading reads it. */
export type DetailedEntry = KnowledgeEntry & EntryDetails;

/**
 * Words users asked an entry's question in, accepted by a help desk lead (learning from
 * use): a knowledge file's `phrasings` list, matched as more of the entry's symptoms.
 */
export interface Phrasings {
  /** Id of the entry the texts ask about. */
  entry: string;
  texts: string[];
}

/** Loaded, its entries are whole; served, only what matching reads is in memory. */
export interface KnowledgeBase<Entry extends KnowledgeEntry = KnowledgeEntry> {
  systems: System[];
  articles: Map<string, Article>;
  entries: Entry[];
}

/** A problem found while loading knowledge: which file, which entry, which field, what. */
export interface KnowledgeIssue {
  file: string;
  /** Entry id (or list index as "entries[3]") when the problem is inside an entry. */
  entry?: string;
  field?: string;
  message: string;
  severity: 'error' | 'warning';
}
