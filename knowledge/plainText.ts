/**
 * Text written from a help desk ticket (a user's question, an agent's resolution) as a
 * knowledge entry may hold it: cards render entry text as markdown, and whatever an agent
 * typed must not become a link, an image or markup shown to every later asker. Links stay
 * only as https to a host on the allowed list (KB_LINK_HOSTS), followed by that host.
 * Applied when a draft is written and again when an entry from a ticket is shown (a file
 * may have been edited, the list changed since): applying it twice changes nothing more.
 */

/** "[label](url "title")" and "![alt](url)": markdown links and images. */
const MARKDOWN_LINK = /(!?)\[([^\]\n]*)\]\(\s*<?([^()\s<>]*)>?(?:\s+"[^"\n]*")?\s*\)/g;
/** URLs an autolinker would make clickable: with a scheme, or starting with "www.". */
const BARE_URL = /\b(?:https?|ftps?|file):\/\/[^\s<>"'()[\]]+|\bwww\.[^\s<>"'()[\]]+/gi;
/** "<https://…>", "<b>", "</a>", "<img src=…>": autolinks and HTML-ish tags. */
const ANGLED = /<(\/?[a-z][^<>\n]*)>/gi;
const AUTOLINK = /^[a-z][a-z0-9+.-]*:/i;
/**
 * "**bold**", "*italic*", "__bold__", "~~struck~~", at word edges: codes such as MIS_3
 * and "2*3*4" keep their marks (inside a word they are at most emphasis, never a link).
 */
const EMPHASIS = /(?<![\p{L}\p{N}])(\*{1,3}|_{1,3}|~~)(?=\S)([^\n]*?\S)\1(?![\p{L}\p{N}])/gu;
/** Stands for a kept link while the rest of the text is neutralised; no text holds U+0000. */
const KEPT = /\u0000(\d+)\u0000/g;

/** Where a link may go and stay clickable: https, to one of `hosts` exactly. */
function allowedLink(url: string, hosts: readonly string[]): URL | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password && hosts.includes(parsed.hostname.toLowerCase()) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The text with markdown links, images, autolinks, emphasis and tags made plain; a link to
 * an allowed https host kept as "[label](url) (host)". Other URLs are written
 * "https[:]//evil[.]example/fix[.]exe": readable, and no renderer links them.
 */
export function plainText(text: string, linkHosts: readonly string[] = []): string {
  const kept: string[] = [];
  let plain = text.replace(/\u0000/g, '').replace(MARKDOWN_LINK, (whole, image: string, label: string, url: string, offset: number, all: string) => {
    const shownLabel = neutralised(label).replace(/[[\]]/g, '').trim();
    const allowed = !image && shownLabel ? allowedLink(url, linkHosts) : undefined;
    if (!allowed) return shownLabel && url ? `${shownLabel} (${url})` : shownLabel || url;
    const host = ` (${allowed.hostname})`;
    // Written once: the text may already say the host after the link.
    kept.push(`[${shownLabel}](${allowed.href})${all.startsWith(host, offset + whole.length) ? '' : host}`);
    return `\u0000${kept.length - 1}\u0000`;
  });
  plain = neutralised(plain);
  return plain.replace(KEPT, (_, i: string) => kept[Number(i)]);
}

/** Markup other than links made plain, and URLs defanged. */
function neutralised(text: string): string {
  return unlinked(
    text
      .replace(ANGLED, (_, inside: string) => (AUTOLINK.test(inside) ? inside : `\u2039${inside}\u203A`))
      .replace(EMPHASIS, (_, _mark, inner: string) => inner)
      .replace(BARE_URL, (url) => url.replace('://', '[:]//').replace(/\./g, '[.]')),
  );
}

/**
 * No "](" left that a renderer could read as a link: "[Reset your password](…)" in a title
 * must not become a link to every later asker.
 */
function unlinked(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}
