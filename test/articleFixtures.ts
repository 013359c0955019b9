import type { DetailedEntry, KnowledgeBase } from '../knowledge/types';
import { Matcher } from '../matching/matcher';
import type { LoadedMatcher } from './helpers';

/** Small knowledge bases of imported articles, for the tests of matching. */

/** An imported article with the given title, quoted messages and codes. */
export function article(article: string, title: string, messages: string[] = [], codes: string[] = []): DetailedEntry {
  return {
    id: article, system: 'Microsoft Mail', codes, names: [], title, symptoms: [], messages, cause: '',
    resolution: [], article, related: [], keywords: [], origin: 'imported',
  };
}

/** Articles on something else, so that the words of the tests are rare as in a real archive. */
const fillers = Array.from({ length: 40 }, (_, i) => article(`Q9${i}`, `Unrelated article number ${i} about printer drivers`, [`Printer driver ${i} could not be loaded`]));

export function matcherOf(entries: DetailedEntry[]): LoadedMatcher {
  const kb = { entries: [...entries, ...fillers], systems: [] } as unknown as KnowledgeBase<DetailedEntry>;
  return new Matcher(kb) as LoadedMatcher;
}

/**
 * Four articles quoting one linker message alike, and two systems documenting the number
 * in it ("error LNK1120: 1"): with the paste of that message.
 */
export function linkerPaste(): { matcher: LoadedMatcher; paste: string } {
  const linker = (n: number) => article(`Q12${n}`, `Linker stops in project type ${n}`,
    ['error LNK2001: unresolved external symbol "<function name>" <filename.exe> : error LNK1120: 1 unresolved externals']);
  const statusOne = (id: string, system: string) => ({ ...article(id, `${system} status 1: the job finished`, [], ['1']), system });
  return {
    matcher: matcherOf([...[1, 2, 3, 4].map(linker), statusOne('Q301', 'Microsoft Mail'), statusOne('Q302', 'Microsoft Fax')]),
    paste: 'error LNK2001: unresolved external symbol "setup.log" <filename.exe> : error LNK1120: 1 unresolved externals',
  };
}

