/**
 * Words that stand for each other in one knowledge base, learned from the knowledge itself.
 * An article's title and its symptoms tell one problem twice, in other words ("Reboots
 * Continuously During Installation" over "restarts over and over during setup"): two words
 * that a title and its own symptoms pair in many more articles than chance would are
 * related. A user's word then also finds the articles that hold its related words, at a
 * fraction of its weight (`SearchIndex.analyze` with `related`).
 */

export interface AssociationOptions {
  /** Fewest articles whose title holds one word and whose symptoms the other. */
  minArticles: number;
  /** Least lift: how many times more articles pair the two words than their frequencies alone would. */
  minLift: number;
  /** Most related words kept for a word: those the most articles pair it with. */
  perWord: number;
  /** Most distinct words read of a title, and of its symptoms (the first ones: where the problem is told). */
  titleWords: number;
  symptomWords: number;
}

const ASSOCIATION_DEFAULTS: AssociationOptions = { minArticles: 10, minLift: 2, perWord: 3, titleWords: 12, symptomWords: 40 };

/** Each word's related words (CSR: `offsets` by word, then the related words' numbers). */
export interface Associations {
  offsets: Uint32Array;
  related: Uint32Array;
}

/** One problem told twice: the word numbers of a title and of its symptoms, in order. */
export interface TwoTellings {
  title: number[];
  symptoms: number[];
}

/** The related words of a vocabulary of `vocabularySize` words, learned from the tellings. */
export function learnAssociations(tellings: Iterable<TwoTellings>, vocabularySize: number,
  options: AssociationOptions = ASSOCIATION_DEFAULTS): Associations {
  const { minArticles, minLift, perWord, titleWords, symptomWords } = options;
  // Articles holding each word in either telling, and articles pairing two words (the smaller number first).
  const holding = new Uint32Array(vocabularySize);
  const paired = new Map<number, number>();
  let articles = 0;
  for (const telling of tellings) {
    const title = distinctFirst(telling.title, titleWords);
    const symptoms = distinctFirst(telling.symptoms, symptomWords);
    if (!title.length || !symptoms.length) continue;
    articles++;
    for (const word of [...title, ...symptoms]) holding[word]++;
    for (const a of title) {
      for (const b of symptoms) {
        if (a === b) continue;
        const key = Math.min(a, b) * vocabularySize + Math.max(a, b);
        paired.set(key, (paired.get(key) ?? 0) + 1);
      }
    }
  }
  const candidates = new Map<number, Array<[word: number, articles: number]>>();
  for (const [key, count] of paired) {
    if (count < minArticles) continue;
    const a = Math.floor(key / vocabularySize);
    const b = key % vocabularySize;
    if ((count * articles) / (holding[a] * holding[b]) < minLift) continue;
    for (const [word, other] of [[a, b], [b, a]]) {
      const list = candidates.get(word) ?? [];
      list.push([other, count]);
      candidates.set(word, list);
    }
  }
  const offsets = new Uint32Array(vocabularySize + 1);
  const kept: number[] = [];
  for (let word = 0; word < vocabularySize; word++) {
    const best = (candidates.get(word) ?? []).sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, perWord);
    kept.push(...best.map(([other]) => other));
    offsets[word + 1] = kept.length;
  }
  return { offsets, related: Uint32Array.from(kept) };
}

/** The related words of a word. */
export function relatedWords({ offsets, related }: Associations, word: number): Uint32Array {
  return word + 1 < offsets.length ? related.subarray(offsets[word], offsets[word + 1]) : new Uint32Array(0);
}

function distinctFirst(words: number[], max: number): number[] {
  return [...new Set(words)].slice(0, max);
}
