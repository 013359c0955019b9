import type { AdaptiveCard } from './cardTemplates';

/** Longest summary: a notification or a chat list shows one line. */
const MAX_SUMMARY = 120;

/**
 * Markdown emphasis, code and link marks, which a notification would show as they are
 * ("**help**"). An underscore inside a word is no mark: "MIS_3" and
 * "SYNC_STATUS_CODE_SYNCKEY" keep theirs, as the knowledge writes them.
 */
const MARKDOWN_MARKS = /[*`[\]]|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])/g;

function plainText(markdown: string): string {
  return markdown.replace(/\s+/g, ' ').replace(MARKDOWN_MARKS, '').trim();
}

/**
 * What a card says in one line, for notifications and chat previews (which otherwise
 * show "Card"): the card's heading, its first large text, else its first text.
 */
export function cardSummary(card: AdaptiveCard): string {
  const texts: Array<{ text: string; large: boolean }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const { type, text, size, style, body, items, columns } = node as Record<string, unknown>;
    if (type === 'TextBlock' && typeof text === 'string' && text.trim()) texts.push({ text, large: size === 'Large' || style === 'heading' });
    // The body only: what buttons and cards shown on demand say is no summary.
    for (const child of [body, items, columns]) visit(child);
  };
  visit(card);
  const chosen = texts.find((t) => t.large) ?? texts[0];
  const line = plainText(chosen?.text ?? '');
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}
