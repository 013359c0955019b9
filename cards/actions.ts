/**
 * What the cards' buttons send back (Action.Submit `data`, or Action.Execute `data`
 * with the same fields and verb = action). Inputs of the card (the escalation
 * comment) arrive merged into the same object.
 */
export type CardAction =
  | { action: 'escalate'; query: string; decision: string; entryIds: string[]; comment?: string; cardId?: string }
  | { action: 'pick'; entryId: string; code: string | null; query: string }
  | { action: 'none-of-these'; query: string }
  | { action: 'ask'; text: string };

const MAX_FIELD = 4000;

const text = (value: unknown, max = MAX_FIELD) => (typeof value === 'string' ? value.slice(0, max) : undefined);

/** Reads a card action from untrusted input; undefined when it is not one of ours. */
export function parseCardAction(value: unknown): CardAction | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const data = value as Record<string, unknown>;
  switch (data.action) {
    case 'escalate':
      return {
        action: 'escalate',
        query: text(data.query) ?? '',
        decision: text(data.decision, 20) ?? 'none',
        entryIds: Array.isArray(data.entryIds) ? data.entryIds.filter((id): id is string => typeof id === 'string').slice(0, 10) : [],
        comment: text(data.comment, 2000) ?? '',
        cardId: text(data.cardId, 100),
      };
    case 'pick': {
      const entryId = text(data.entryId, 200);
      return entryId ? { action: 'pick', entryId, code: text(data.code, 100) ?? null, query: text(data.query) ?? '' } : undefined;
    }
    case 'none-of-these':
      return { action: 'none-of-these', query: text(data.query) ?? '' };
    case 'ask': {
      const question = text(data.text);
      return question ? { action: 'ask', text: question } : undefined;
    }
    default:
      return undefined;
  }
}
