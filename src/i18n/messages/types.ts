/**
 * A message is a string with `{name}` placeholders, or plural forms chosen by `Intl.PluralRules`
 * for the `count` parameter. Each locale gives the categories its language uses (CLDR): `one`
 * and `other` in English and Finnish, `one`, `few`, `many` and `other` in Lithuanian and Russian.
 */
export type Plural = { one: string; few?: string; many?: string; other: string };
export type Message = string | Plural;
