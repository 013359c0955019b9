import type { KnowledgeEntry } from '../../knowledge/types';
import { CodeMention, nameKey, parseCode } from './codes';
import type { Match } from '../result';

/**
 * The code stage of matching: which entries document a code the message names, in
 * which system. A code is looked up exactly, by key; the words of the message only
 * choose among the entries that document it, never stand in for it.
 */

interface CodeHit {
  entry: KnowledgeEntry;
  /** The code as the entry writes it. */
  code: string;
}

export interface CodeResolveOptions {
  /** Text fit from which the message is taken as quoting one of the entries. */
  quotedThreshold: number;
  /** Lead that fit needs over the next entry. */
  answerMargin: number;
  /** Text fit from which the words alone make an entry a candidate. */
  clarifyThreshold: number;
  maxCandidates: number;
  /** The system whose codes FACILITY_WIN32 HRESULTs wrap. */
  win32System: string;
}

export type CodeOutcome =
  | { kind: 'answer'; match: Match }
  | { kind: 'ambiguous'; candidates: Match[] }
  /** No entry documents it; `elsewhere`: the same code in systems the message does not name. */
  | { kind: 'unknown'; system?: string; elsewhere: Match[] }
  | { kind: 'ignored' };

export class CodeIndex {
  /** Code key → entries, with the code as each entry writes it. */
  private readonly byKey = new Map<string, CodeHit[]>();
  /** Symbolic codes by number alone, so "error 3" also offers MIS_3. */
  private readonly symbolicByNumber = new Map<number, CodeHit[]>();
  /** Symbolic names (upper case) the entries carry: "SYNC_STATUS_CODE_SYNCKEY". */
  readonly knownNames = new Set<string>();

  /**
   * `systems`: the systems the knowledge files define, which messages name; imported
   * articles of other products carry their product as system.
   */
  constructor(entries: KnowledgeEntry[], readonly symbolicPrefixes: string[], private readonly systems: ReadonlySet<string>) {
    for (const entry of entries) {
      for (const code of entry.codes) {
        const key = parseCode(code, symbolicPrefixes);
        if (!key) continue;
        push(this.byKey, key, { entry, code });
        if (key.startsWith('s:')) push(this.symbolicByNumber, Number(key.slice(key.lastIndexOf(':') + 1)), { entry, code });
      }
      for (const name of entry.names) {
        this.knownNames.add(name.toUpperCase());
        push(this.byKey, nameKey(name), { entry, code: entry.codes[0] ?? name });
      }
    }
  }

  /**
   * What a code mention stands for, given the systems the message names and how well
   * its words fit each entry (`fit`: 0..1).
   */
  resolve(mention: CodeMention, systems: string[], fit: (entry: KnowledgeEntry) => number,
    options: CodeResolveOptions): CodeOutcome {
    const exact = this.lookup(mention.keys).filter((f) => !mention.bugCheck || speaksOfStopErrors(f.entry));
    // The Win32 error inside an HRESULT counts where nothing documents the HRESULT itself,
    // as the Win32 error it is: 0x80070005 is "access denied", never MIS_5.
    const wrapped = mention.win32Key ? this.lookup([mention.win32Key], false) : [];
    const found = exact.length ? exact : wrapped;
    if (found.length === 0) return mention.strong ? { kind: 'unknown', system: systems[0], elsewhere: [] } : { kind: 'ignored' };

    // An article of another product stands in the named system's place only when the
    // message quotes it; an HRESULT of FACILITY_WIN32 names Win32 by its facility.
    // A symbolic code ("MIS_3") or name names its system itself, whatever else the message names.
    const namesItsSystem = mention.keys.every((key) => key.startsWith('s:') || key.startsWith('name:'));
    const inNamed = [...exact, ...wrapped].filter((f) => namesItsSystem || systems.includes(f.entry.system)
      || (!this.systems.has(f.entry.system) && fit(f.entry) >= options.quotedThreshold));
    const named = inNamed.length || !systems.length ? inNamed : wrapped.filter((f) => f.entry.system === options.win32System);
    if (systems.length && named.length === 0) {
      // "IIS 4", "step 3": a bare small number counts only where the message names its system.
      if (!mention.strong) return { kind: 'ignored' };
      // The named system does not know this code: another system's entry is not its answer.
      return { kind: 'unknown', system: systems[0], elsewhere: this.candidatesBySystem(found, mention, fit, options).slice(0, options.maxCandidates) };
    }
    if (named.length === 0 && !mention.strong) return { kind: 'ignored' };
    if (named.length === 0 && wrapped.some((f) => f.entry.system === options.win32System && f.entry.origin !== 'imported')
      && exact.every((f) => f.entry.origin === 'imported')) {
      // An HRESULT of a Win32 error means that error: the hand-written Win32 entry answers,
      // and articles that document the HRESULT itself show as also documented.
      const [answer] = this.candidatesBySystem(wrapped.filter((f) => f.entry.system === options.win32System), mention, fit, options);
      answer.others.push(...exact.map((f) => f.entry).filter((e) => !answer.others.includes(e)).slice(0, options.maxCandidates));
      return { kind: 'answer', match: answer };
    }
    const bySystem = this.candidatesBySystem(named.length ? named : found, mention, fit, options);
    // The words of the message decide when they quote one entry (a pasted message with
    // its code), whoever wrote it: hand-written entries take precedence within their
    // system only. A few words ("error 1722") never do.
    const fitOf = (m: Match) => fit(m.entry);
    const [best, second] = [...bySystem].sort((a, b) => fitOf(b) - fitOf(a));
    if (fitOf(best) >= options.quotedThreshold && (!second || fitOf(best) - fitOf(second) >= options.answerMargin)) {
      return { kind: 'answer', match: best };
    }
    if (bySystem.length === 1) return this.oneSystem(bySystem[0], fit, options);
    // Across systems, the user picks.
    const byFit = [...bySystem].sort((a, b) => handwrittenFirst(a.entry, b.entry) || fitOf(b) - fitOf(a));
    // Of entries fitting alike, Windows' own error goes first: a product reporting the number
    // passes Windows' error on (IISSYNC status 1722 is error 1722), and only the product named makes it the product's.
    const windows = byFit.findIndex((m) => m.entry.system === options.win32System);
    if (windows > 0 && handwrittenFirst(byFit[windows].entry, byFit[0].entry) === 0 && fitOf(byFit[0]) - fitOf(byFit[windows]) < options.answerMargin) {
      byFit.unshift(...byFit.splice(windows, 1));
    }
    return { kind: 'ambiguous', candidates: byFit.slice(0, options.maxCandidates) };
  }

  /**
   * The code's answer in its one system; but articles of one product that list the number
   * alike, none of them fitting the words clearly better ("err 4021": two articles on the
   * store not starting), are the user's to pick. Clearly better is by a margin and well
   * enough to be a candidate by the words alone: a third of "BSOD 0x41 ... nonpaged pool
   * leaking with srv-to-srv shadowing" is no lead. An entry written for the code answers.
   */
  private oneSystem(match: Match, fit: (entry: KnowledgeEntry) => number,
    { answerMargin, clarifyThreshold, maxCandidates }: CodeResolveOptions): CodeOutcome {
    const leads = (e: KnowledgeEntry) => fit(match.entry) >= clarifyThreshold && fit(match.entry) - fit(e) >= answerMargin;
    const rivals = match.entry.origin !== 'imported' ? []
      : match.others.filter((e) => e.origin === 'imported' && e.article !== match.entry.article && !leads(e));
    if (!rivals.length) return { kind: 'answer', match };
    const candidates = [match, ...rivals.map((entry) => ({ ...match, entry, others: [] }))];
    return { kind: 'ambiguous', candidates: candidates.slice(0, maxCandidates) };
  }

  /** Entries documenting any of the keys, each once; symbolic codes also by their number alone, unless told not to. */
  private lookup(keys: string[], bySymbolicNumber = true): CodeHit[] {
    const found: CodeHit[] = [];
    const add = (items?: CodeHit[]) => {
      for (const item of items ?? []) if (!found.some((f) => f.entry === item.entry)) found.push(item);
    };
    for (const key of keys) add(this.byKey.get(key));
    for (const key of keys) {
      if (bySymbolicNumber && key.startsWith('n:')) add(this.symbolicByNumber.get(Number(key.slice(2))));
    }
    return found;
  }

  /**
   * One match per system, the best-fitting entry first: a hand-written entry over an
   * imported article; then one the message quotes; of hand-written ones, the entry whose
   * title names the code (written for it) over one that lists it among what it covers
   * ("IISSYNC status 0", not the how-to ending in status 0: an imported article's title
   * names codes as it happens to), unless the words beside the code fit the other clearly
   * better ("2147500037 and only the system packages are left": the entry on the deleted
   * packages); then the entry whose text fits the message best, then
   * the one dedicated to this code alone (a status table row) over one that names several.
   */
  private candidatesBySystem(found: CodeHit[], mention: CodeMention, fit: (entry: KnowledgeEntry) => number,
    { quotedThreshold, answerMargin, clarifyThreshold }: CodeResolveOptions): Match[] {
    const quoted = (hit: CodeHit) => Number(fit(hit.entry) >= quotedThreshold);
    const fitsClearlyBetter = (a: CodeHit, b: CodeHit) => fit(a.entry) >= clarifyThreshold && fit(a.entry) - fit(b.entry) >= answerMargin;
    const writtenFor = (a: CodeHit, b: CodeHit) => (a.entry.origin === 'imported' || fitsClearlyBetter(a, b) || fitsClearlyBetter(b, a)
      ? 0 : Number(titleNames(b)) - Number(titleNames(a)));
    const ranked = [...found].sort((a, b) => handwrittenFirst(a.entry, b.entry) || quoted(b) - quoted(a)
      || writtenFor(a, b) || fit(b.entry) - fit(a.entry) || a.entry.codes.length - b.entry.codes.length);
    const bySystem = new Map<string, Match>();
    for (const { entry, code } of ranked) {
      const existing = bySystem.get(entry.system);
      if (existing) existing.others.push(entry);
      else bySystem.set(entry.system, { entry, code, mention: mention.text, via: 'code', score: 1, others: [] });
    }
    return [...bySystem.values()];
  }
}

/** Whether the entry's title holds the code as a word of its own. */
function titleNames({ entry, code }: CodeHit): boolean {
  const title = entry.title.toLowerCase();
  const isWordChar = (c: string | undefined) => c !== undefined && /[a-z0-9_]/.test(c);
  for (let at = title.indexOf(code.toLowerCase()); at >= 0; at = title.indexOf(code.toLowerCase(), at + 1)) {
    if (!isWordChar(title[at - 1]) && !isWordChar(title[at + code.length])) return true;
  }
  return false;
}

/** Hand-written entries before imported ones; 0 when both are of the same origin. */
export function handwrittenFirst(a: KnowledgeEntry, b: KnowledgeEntry): number {
  return Number(a.origin === 'imported') - Number(b.origin === 'imported');
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether an entry's own wording speaks of stop errors ("STOP 0x0000001E", "blue screen"). */
function speaksOfStopErrors(entry: KnowledgeEntry): boolean {
  return [entry.title, ...entry.messages, ...entry.symptoms].some((text) => STOP_ERROR.test(text));
}

/** "STOP 0x1E", "Stop: ", "stop error", "STOP 1E", a bug check, a blue screen; not "may stop responding". */
const STOP_ERROR = /\bstop(?:\s*(?:errors?\b|messages?\b|codes?\b|screens?\b|:|0x)|\s+(?=[0-9a-f]*\d)[0-9a-f]{1,8}\b)|\bbug ?check|\bblue screen|\bbsod\b/i;
