import type { AdaptiveCard } from './cardTemplates';

/** Longest summary: a notification or a chat list shows one line. */
const MAX_SUMMARY = 120;

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
  const line = (chosen?.text ?? '').replace(/\s+/g, ' ').replace(/[*_`[\]]/g, '').trim();
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}
