// Packages the anchors use that ship no typings of their own.
declare module 'wink-porter2-stemmer' {
  /** The Porter2 (Snowball English) stem of one lower-case word. */
  function stem(word: string): string;
  export = stem;
}
declare module 'stopword' {
  /** English stop words, lower case. */
  export const eng: string[];
}
