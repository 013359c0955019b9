/**
 * Product versions a question names ("word 97", "NT4", "exchange 5.5", "windows 3.1"),
 * to weigh an imported article by the versions its "applies to" box names
 * (`KnowledgeEntry.versions`): a question about NT 3.51 is less likely about an article
 * that applies to NT 4.0 alone.
 */

/** Products people name with their version, as they type them, glued or not ("nt4", "vb 6", "win95"). */
const PRODUCT_VERSION = new RegExp(`\\b(?:${[
  'word', 'excel', 'access', 'office', 'windows', 'win', 'nt', 'exchange', 'exch', 'ex', 'sms', 'sql', 'vb', 'vfp', 'foxpro',
  'fpw', 'encarta', 'mail', 'sna', 'iis', 'powerpoint', 'ppt', 'vc\\+\\+', 'vc', 'wfw', 'wfwg', 'dos', 'msdos', 'outlook',
  'project', 'works', 'publisher', 'frontpage', 'ie', 'mappoint', 'money', 'golf', 'bookshelf', 'ras',
].join('|')})\\s*(\\d+(?:\\.\\d+)*)x?(?![\\w.])`, 'gi');

/** One spelling for a version: "4.0" and "4" are one, "3.51" is not "3.5". */
export function versionKey(version: string): string {
  return version.replace(/(?:\.0+)+$/, '').replace(/^0+(?=\d)/, '');
}

/** The versions a text names after a product's name, as `versionKey`s. */
export function namedVersions(text: string): Set<string> {
  return new Set([...text.matchAll(PRODUCT_VERSION)].map((match) => versionKey(match[1])));
}

/** Whether an article's box names versions and none of those the question names. */
export function appliesToOtherVersions(versions: readonly string[] | undefined, named: ReadonlySet<string>): boolean {
  return named.size > 0 && !!versions?.length && !versions.some((version) => named.has(versionKey(version)));
}
