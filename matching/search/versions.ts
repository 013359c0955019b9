/**
 * Product versions a question names ("word 97", "NT4", "exchange 5.5", "windows 3.1"),
 * to weigh an imported article by the versions its "applies to" box names
 * (`KnowledgeEntry.versions`): a question about NT 3.51 is less likely about an article
 * that applies to NT 4.0 alone. The numbers are compared whatever product the box gives
 * them to; hand-written entries have no box.
 */
import { versionKey } from '../../knowledge/importers/sections';

/**
 * "word 2 columns", "mail 3 times", "exchange 2 servers": a small number apart from the
 * product's name, before one of these, is a count, not a version ("NT4 servers" is NT 4).
 */
const COUNT = /^\s+\d\s+(?:times|columns|rows|servers|users|machines|boxes|pcs|clients|databases|files|days|weeks|hours|minutes|seconds)\b/i;

/**
 * Products people name with their version, as they type them, glued or not ("nt4", "vb 6",
 * "win95", "sql server 7.0"). Not the same list as the words after which a number is no code
 * (`PRODUCT_WORDS` in codes.ts): that one also takes "sp" and "server", after which a number
 * is no version of a product.
 */
const PRODUCT_VERSION = new RegExp(`\\b(${[
  'word', 'excel', 'access', 'office', 'windows', 'win', 'nt', 'exchange', 'exch', 'sms', 'sql', 'vb', 'basic', 'vfp', 'foxpro',
  'fpw', 'encarta', 'mail', 'sna', 'iis', 'powerpoint', 'ppt', 'vc\\+\\+', 'vc', 'wfw', 'wfwg', 'dos', 'msdos', 'outlook',
  'project', 'works', 'publisher', 'frontpage', 'ie', 'explorer', 'mappoint', 'money', 'bookshelf',
].join('|')})(?:\\s*server)?\\s*(\\d+(?:\\.\\d+)*)((?:\\/\\d+(?:\\.\\d+)*)*)(?![\\w-]|\\.\\d)`, 'gi');

/** The versions a text names after a product's name, as `versionKey`s ("windows 95/98": 95 and 98; not "win32"). */
export function namedVersions(text: string): Set<string> {
  const named = new Set<string>();
  for (const match of text.matchAll(PRODUCT_VERSION)) {
    const [whole, product, first, more] = match;
    if (COUNT.test(text.slice(match.index + product.length, match.index + whole.length + 40))) continue;
    const numbers = [first, ...more.split('/').filter(Boolean)];
    // "win32", "win 16": Windows' bits, not its version.
    if (/^win$/i.test(product) && numbers.every((n) => ['16', '32', '64'].includes(n))) continue;
    for (const number of numbers) named.add(versionKey(number));
  }
  return named;
}

/** Whether an article's box names versions and none of those the question names. */
export function appliesToOtherVersions(versions: readonly string[] | undefined, named: ReadonlySet<string>): boolean {
  return named.size > 0 && !!versions?.length && !versions.some((version) => named.has(version));
}
