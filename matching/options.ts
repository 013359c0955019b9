/**
 * Every option of the matcher, declared and documented in one place (as fuse.js keeps
 * its `config`): the stages take the part they need.
 */
export interface MatcherOptions {
  /** Confidence a text match needs to be given as the answer. */
  answerThreshold?: number;
  /**
   * Lead a quoted message's entry needs over the next one (over a hand-written entry of
   * the message's code) to be answered first.
   */
  answerMargin?: number;
  /**
   * Lead the best text match needs over the next one to be given as the answer when it
   * is no quote: among 57,000 articles, a few words fit several nearly as well.
   */
  answerLead?: number;
  /** Confidence a text match needs to be offered as a candidate. */
  clarifyThreshold?: number;
  /** Most candidates offered when unsure. */
  maxCandidates?: number;
  /** Name of the system whose codes HRESULTs of FACILITY_WIN32 wrap. */
  win32System?: string;
  /** Share of the confidence given to fuse.js's phrase similarity (the rest: word coverage). */
  phraseWeight?: number;
  /**
   * Confidence from which a text match is taken as the message being quoted from that
   * entry: it is answered beside (or before) what the message's codes point to.
   */
  quotedThreshold?: number;
  /**
   * How many articles fitting a pasted message nearly alike (within answerMargin), none
   * of them quoting it word for word, make it a clarify rather than an answer.
   */
  quotedAlike?: number;
}

export const MATCHER_DEFAULTS: Required<MatcherOptions> = {
  answerThreshold: 0.62,
  answerMargin: 0.08,
  answerLead: 0.16,
  clarifyThreshold: 0.38,
  maxCandidates: 3,
  win32System: 'Win32',
  phraseWeight: 0.3,
  quotedThreshold: 0.8,
  quotedAlike: 3,
};
