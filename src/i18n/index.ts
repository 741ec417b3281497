export { DEFAULT_LOCALE, LOCALES, parseAcceptLanguage, parseLocale, type Locale } from "./locales.js";
export { CATALOGUES, createTranslator, type MessageKey, type MessageParams, type Translator } from "./translate.js";
