import MiniSearch, { Options } from 'minisearch';
import { eng as ENGLISH_STOP_WORDS } from 'stopword';
import stem = require('wink-porter2-stemmer');
import type { DetailedEntry } from '../../knowledge/types';
import type { Search } from './evaluate';

/**
 * Off-the-shelf search on the same entries, to read the bot's figures against: what a team
 * would get from a library without writing a matcher. Anchors rank; they never decide to
 * answer, so their "answered" and "wrong answers" columns stay empty.
 */

/** How many entries an anchor returns: the evaluation reads the first three. */
const TOP = 10;

interface Doc {
  id: number;
  title: string;
  symptoms: string;
  messages: string;
  cause: string;
  resolution: string;
  /** Everything but the title, for the anchor that knows no fields. */
  body: string;
}

function asDoc(entry: DetailedEntry, id: number): Doc {
  const symptoms = entry.symptoms.join('\n');
  const messages = entry.messages.join('\n');
  const resolution = entry.resolution.join('\n');
  const extra = [...entry.codes, ...entry.names, ...entry.keywords].join(' ');
  return {
    id,
    title: entry.title,
    symptoms,
    messages,
    cause: entry.cause,
    resolution,
    body: [symptoms, messages, entry.cause, resolution, extra].join('\n'),
  };
}

function anchor(entries: DetailedEntry[], options: Options<Doc>): Search {
  const index = new MiniSearch<Doc>(options);
  index.addAll(entries.map(asDoc));
  return (query) => ({ entries: index.search(query).slice(0, TOP).map((r) => entries[r.id as number]) });
}

/** MiniSearch as installed: its own tokenizer and lower-casing, the title boosted twice over the body. */
export function installedMiniSearch(entries: DetailedEntry[]): Search {
  return anchor(entries, { fields: ['title', 'body'], searchOptions: { boost: { title: 2 } } });
}

const STOP = new Set(ENGLISH_STOP_WORDS);

/**
 * MiniSearch configured as Elasticsearch or Xapian users configure an engine: English stop
 * words and Porter2 stemming, each field weighted (title 3, symptoms 2), BM25 with k1 1.2
 * and b 0.75.
 */
export function configuredMiniSearch(entries: DetailedEntry[]): Search {
  return anchor(entries, {
    fields: ['title', 'symptoms', 'messages', 'cause', 'resolution'],
    processTerm: (term) => {
      const word = term.toLowerCase();
      return STOP.has(word) ? null : stem(word);
    },
    searchOptions: { boost: { title: 3, symptoms: 2 }, bm25: { k: 1.2, b: 0.75, d: 0.5 } },
  });
}
