// The Adaptive Cards SDK's own object model is the 1.5 schema as code: parsing a card
// against Versions.v1_5 reports unknown elements, properties that need a newer version
// and invalid values. Its CommonJS build lives in dist/.
const AC = require('adaptivecards/dist/adaptivecards.js');

/** Problems that keep a card from rendering as Adaptive Card 1.5 (Teams' limit); [] when none. */
export function adaptiveCardProblems(card: Record<string, any>): string[] {
  const problems: string[] = [];
  if (card.type !== 'AdaptiveCard') problems.push('type must be AdaptiveCard');
  if (!/^1\.[0-5]$/.test(String(card.version))) problems.push(`version ${card.version} is above 1.5`);
  const json = JSON.stringify(card);
  if (json.includes('${')) problems.push('an unbound template expression is left in the card');

  const context = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const event of parsed.validateProperties().validationEvents ?? []) problems.push(event.message);

  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Action.') && !node.title) problems.push(`${node.type} without a title`);
    if (node.type === 'Action.Execute' && (!node.verb || node.fallback?.type !== 'Action.Submit')) {
      problems.push('Action.Execute needs a verb and an Action.Submit fallback');
    }
  });
  return problems;
}

export function walk(node: unknown, visit: (node: Record<string, any>) => void): void {
  if (Array.isArray(node)) node.forEach((child) => walk(child, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, any>);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

/** Every piece of text a person would see in the card, in order. */
export function visibleText(card: unknown): string[] {
  const texts: string[] = [];
  walk(card, (node) => {
    if (['TextBlock', 'TextRun'].includes(node.type)) texts.push(node.text);
    if (node.type === 'FactSet') for (const fact of node.facts) texts.push(`${fact.title} ${fact.value}`);
    if (typeof node.type === 'string' && node.type.startsWith('Action.') && node.title) texts.push(node.title);
  });
  return texts;
}
