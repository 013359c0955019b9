import type { KnowledgeIssue } from './types';

/** Field-by-field checks of knowledge items, and the issues they report. */
/** KB numbers: Q and six digits, or five for older articles (Q60781 in the KB archive). */
const ARTICLE_NUMBER = /^Q\d{5,6}$/;
export type Raw = Record<string, unknown>;

/** Where a problem is: the issue fields other than field, message and severity. */
export interface Place {
  file: string;
  entry?: string;
}

export interface Item {
  place: Place;
  prefix: string;
  issues: KnowledgeIssue[];
}

/** How to read the items of one top-level list. */
export function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requiredText(raw: Raw, key: string, item: Item): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    report(item, key, 'missing');
    return undefined;
  }
  if (typeof value !== 'string' || !value.trim()) {
    report(item, key, 'must be a non-empty string');
    return undefined;
  }
  return value.trim();
}

export function optionalText(raw: Raw, key: string, item: Item): string | undefined {
  return raw[key] === undefined ? undefined : requiredText(raw, key, item);
}

/** A required list of non-empty strings, trimmed (a YAML block scalar brings a trailing newline). */
export function textList(raw: Raw, key: string, item: Item): string[] | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    report(item, key, 'missing (write [] when there is nothing)');
    return undefined;
  }
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !v.trim())) {
    report(item, key, 'must be a list of non-empty strings');
    return undefined;
  }
  return value.map((v: string) => v.trim());
}

export function warnUnknownFields(raw: Raw, known: readonly string[], item: Item) {
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) report(item, key, `unknown field, ignored (known: ${known.join(', ')})`, 'warning');
  }
}

export function checkArticleNumber(number: string, field: string, item: Item) {
  if (!ARTICLE_NUMBER.test(number)) report(item, field, `"${number}" is not a KB article number (Q and 5 or 6 digits, as in Q224801)`);
}

/** A problem with one field of an item. */
export function report(item: Item, key: string, message: string, severity: KnowledgeIssue['severity'] = 'error') {
  item.issues.push(issue(item.place, `${item.prefix}${key}`, message, severity));
}

export function error(place: Place, field: string | undefined, message: string): KnowledgeIssue {
  return issue(place, field, message, 'error');
}

export function warning(place: Place, field: string | undefined, message: string): KnowledgeIssue {
  return issue(place, field, message, 'warning');
}

function issue(place: Place, field: string | undefined, message: string, severity: KnowledgeIssue['severity']): KnowledgeIssue {
  const result: KnowledgeIssue = { file: place.file, message, severity };
  if (place.entry !== undefined) result.entry = place.entry;
  if (field !== undefined) result.field = field;
  return result;
}
