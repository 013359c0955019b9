import type { AdaptiveCard } from '../cards/cardTemplates';

/**
 * Teams runs Universal Actions: each Action.Submit becomes an Action.Execute (verb =
 * the action's name) that falls back to the original Action.Submit on older clients.
 */
export function forTeams(card: AdaptiveCard): AdaptiveCard {
  const convert = (node: any): any => {
    if (Array.isArray(node)) return node.map(convert);
    if (!node || typeof node !== 'object') return node;
    const copy: Record<string, any> = {};
    // for...in, not Object.entries: this runs on every card a Teams reply carries.
    for (const key in node) copy[key] = convert(node[key]);
    if (copy.type === 'Action.Submit' && copy.data && typeof copy.data.action === 'string') {
      return { ...copy, type: 'Action.Execute', verb: copy.data.action, fallback: { ...copy } };
    }
    return copy;
  };
  return convert(card);
}
