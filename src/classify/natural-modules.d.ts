// natural ships no types for its deep paths; only what earshot reads is declared.
declare module "natural/lib/natural/sentiment/SentimentAnalyzer.js" {
  class SentimentAnalyzer {
    constructor(language: string, stemmer: null, type: string);
    vocabulary: Record<string, number>;
    getSentiment(words: string[]): number;
  }
  export default SentimentAnalyzer;
}

declare module "natural/lib/natural/classifiers/bayes_classifier.js" {
  class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    addDocument(tokens: string[], label: string): void;
    train(): void;
    classify(tokens: string[]): string;
    getClassifications(tokens: string[]): Array<{ label: string; value: number }>;
    static restore(json: unknown, stemmer?: unknown): BayesClassifier;
  }
  export default BayesClassifier;
}
