/** Ambient types for wink-lemmatizer (a CommonJS package that ships no types). */
declare module 'wink-lemmatizer' {
  /** The lemmatizer's three part-of-speech functions. */
  interface WinkLemmatizer {
    /** The base form of an adjective (`happier` -> `happy`). */
    adjective(word: string): string;
    /** The base form of a noun (`worries` -> `worry`). */
    noun(word: string): string;
    /** The base form of a verb (`frightened` -> `frighten`). */
    verb(word: string): string;
  }
  const lemmatizer: WinkLemmatizer;
  export default lemmatizer;
}
