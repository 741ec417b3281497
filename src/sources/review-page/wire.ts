/**
 * schema.org review markup as pages publish it (https://schema.org/Review,
 * https://schema.org/AggregateRating, https://schema.org/Rating). Every property may be a
 * single value or an array, a string or a number, a literal or a nested node: Google's
 * structured-data docs accept `"ratingValue": "4,5"` as well as `4.5`, `author` as a string or a
 * Person/Organization.
 */

/** A property value: text, number, nested node, `{"@id": …}` reference, or an array of those. */
export type SchemaValue = string | number | boolean | null | SchemaNode | SchemaValue[];

/**
 * One node as JSON-LD writes it. Microdata and RDFa items are converted into this same shape
 * (`@type` from itemtype/typeof, `@id` from itemid/resource), so one walker serves all three.
 */
export interface SchemaNode {
  "@type"?: string | string[];
  "@id"?: string;
  "@graph"?: SchemaValue[];
  "@context"?: unknown;
  [property: string]: SchemaValue | unknown;
}

/** https://schema.org/Rating (and AggregateRating, which adds the counts). */
export interface SchemaRating extends SchemaNode {
  ratingValue?: string | number;
  /** Default 5 (schema.org: "If bestRating is omitted, 5 is assumed"). */
  bestRating?: string | number;
  /** Default 1 (schema.org: "If worstRating is omitted, 1 is assumed"). */
  worstRating?: string | number;
  ratingCount?: string | number;
  reviewCount?: string | number;
}

/** https://schema.org/Review. */
export interface SchemaReview extends SchemaNode {
  reviewBody?: SchemaValue;
  /** The schema.org examples use description where reviewBody is meant. */
  description?: SchemaValue;
  name?: SchemaValue;
  author?: SchemaValue;
  datePublished?: SchemaValue;
  reviewRating?: SchemaRating | string | number;
  itemReviewed?: SchemaValue;
  inLanguage?: SchemaValue;
  url?: SchemaValue;
}

/** Which markup a node came from. */
export type MarkupSyntax = "json-ld" | "microdata" | "rdfa" | "embedded";
