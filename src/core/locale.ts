/** The languages earshot's dashboard and digest speak: its users write and read these. */
export const LOCALES = ["en", "lt", "ru", "fi"] as const;
export type Locale = (typeof LOCALES)[number];
