/**
 * AFINN-165 (Finn Årup Nielsen, ODbL 1.0; via natural, MIT): 3,382 English words rated −5…+5.
 * It is the general English vocabulary under our customer-service lines in en.ts. Read through
 * natural's analyzer by deep path: natural's root import loads dotenv and prints to stdout.
 */
import SentimentAnalyzer from "natural/lib/natural/sentiment/SentimentAnalyzer.js";

export function loadAfinnEnglish(): Array<[string, number]> {
  const analyzer = new SentimentAnalyzer("English", null, "afinn");
  return Object.entries(analyzer.vocabulary);
}

