import type { DetailedEntry, Phrasings, System } from './types';

/**
 * A knowledge file's text (YAML) for entries written by the bot itself, such as an
 * approved draft: the fields in the order people write them, none the loader does not
 * read, and a comment on top saying where the entries came from.
 */
export function knowledgeFileText(content: { systems?: System[]; entries: DetailedEntry[] }, comment: string): string {
  const { stringify } = require('yaml') as typeof import('yaml');
  const entries = content.entries.map((entry) => ({
    id: entry.id,
    system: entry.system,
    codes: entry.codes,
    names: entry.names,
    title: entry.title,
    symptoms: entry.symptoms,
    messages: entry.messages,
    cause: entry.cause,
    resolution: entry.resolution,
    ...(entry.article ? { article: entry.article } : {}),
    related: entry.related,
    keywords: entry.keywords,
  }));
  return withComment(comment, stringify(content.systems?.length ? { systems: content.systems, entries } : { entries }, { lineWidth: 100 }));
}

/** A knowledge file's text (YAML) holding only phrasings, such as those help desk leads accepted. */
export function phrasingsFileText(phrasings: Phrasings[], comment: string): string {
  const { stringify } = require('yaml') as typeof import('yaml');
  return withComment(comment, stringify({ phrasings }, { lineWidth: 100 }));
}

function withComment(comment: string, body: string): string {
  const header = comment.split('\n').map((line) => `# ${line}`.trimEnd()).join('\n');
  return `${header}\n\n${body}`;
}
