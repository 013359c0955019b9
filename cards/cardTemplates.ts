import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Template } from 'adaptivecards-templating';
import { BoundedMap } from '../memory/boundedMap';

/**
 * The Adaptive Card templates in cards/templates (open them in the Adaptive Cards Designer)
 * and their expansion. Expanding parses every `${...}` expression each time, a fifth of a
 * turn's CPU, so the cards a turn sends are made once per distinct data and copied.
 */

export type AdaptiveCard = Record<string, any>;

/**
 * Strings that differ from turn to turn (the question, the card id). A card is made once
 * with a placeholder in their place and copied with them filled in: templates may show
 * them and pass them in action data, but test them only for being empty ('' is passed as
 * it is and makes a card of its own).
 */
export type TurnValues = Record<string, string>;

const TEMPLATE_DIR = path.resolve(__dirname, '..', '..', 'cards', 'templates');
/** Cards kept; the least recently used goes first. Keys hold the data, knowledge included: a reload makes new keys. */
const MAX_CACHED_CARDS = 1000;
/** Random per process, so that no text a user sends can pass for a placeholder. */
const PLACEHOLDER_MARK = `\u2063${randomBytes(6).toString('hex')}:`;
const PLACEHOLDER = new RegExp(`${PLACEHOLDER_MARK}(\\w+)\u2063`, 'g');

const templates = new Map<string, Template>();
const cards = new BoundedMap<string, AdaptiveCard>({ maxEntries: MAX_CACHED_CARDS });

function template(name: string): Template {
  let found = templates.get(name);
  if (!found) {
    found = new Template(JSON.parse(fs.readFileSync(path.join(TEMPLATE_DIR, `${name}.json`), 'utf8')));
    templates.set(name, found);
  }
  return found;
}

/** The template bound to `data` by the Adaptive Cards templating engine. */
export function expand(name: string, data: object): AdaptiveCard {
  return template(name).expand({ $root: data });
}

/**
 * `render(data(turn))`, copied from the card rendered before for the same data and other
 * turn values where there is one. `kind` names what `render` makes.
 */
export function renderOnce<T extends TurnValues, D extends object>(kind: string, turn: T, data: (turn: T) => D, render: (data: D) => AdaptiveCard): AdaptiveCard {
  const placeholders = {} as Record<string, string>;
  for (const [name, value] of Object.entries(turn)) placeholders[name] = value ? `${PLACEHOLDER_MARK}${name}\u2063` : '';
  const withPlaceholders = data(placeholders as T);
  const key = `${kind}\n${JSON.stringify(withPlaceholders)}`;
  let card = cards.get(key);
  if (!card) cards.set(key, (card = render(withPlaceholders)));
  return filled(card, turn);
}

/** A deep copy of `node` with the turn's values in place of their placeholders. */
function filled(node: any, turn: TurnValues): any {
  if (typeof node === 'string') return node.includes(PLACEHOLDER_MARK) ? node.replace(PLACEHOLDER, (_, name: string) => turn[name]) : node;
  if (Array.isArray(node)) return node.map((item) => filled(item, turn));
  if (!node || typeof node !== 'object') return node;
  const copy: Record<string, any> = {};
  for (const key in node) copy[key] = filled(node[key], turn);
  return copy;
}
