/**
 * Function words per language, folded (lower case, no diacritics: text is matched folded, so the
 * Lithuanian list also covers text typed without diacritics, "del" for "dėl"). Used by phrase
 * extraction (phrases.ts): a phrase never starts or ends on one, and a one-word phrase is never
 * one. Short on purpose: content words that merely recur ("order", "užsakymas") are left to the
 * statistic, which discounts what is frequent in the baseline.
 */
import { foldTerm } from "./fold.js";

const WORDS: Record<string, string> = {
  en: `a about above after again against all also am an and any are aren't as at be because been before being below
    between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each even
    ever every few for from further get got had hadn't has hasn't have haven't having he her here hers herself him
    himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most much my myself
    no nor not now of off on once only or other our ours ourselves out over own same she should shouldn't so some
    still such than that that's the their theirs them themselves then there there's these they they're this those
    through to too under until up us very was wasn't we we're were weren't what when where which while who whom why
    will with won't would wouldn't you you're your yours yourself again already anyway yet ok okay really one two`,
  lt: `aš tu jis ji mes jūs jie jos mane tave jį ją mus jus juos jas man tau jam jai mums jums jiems joms mano tavo
    jo jos mūsų jūsų jų savo save sau ir bet o ar arba nes kad jog kai kol jei jeigu nors tačiau todėl tai tas ta
    tie tos to tą tuo toje šis ši šie šios šį šią čia ten kur kas kaip koks kokia kodėl kada kiek yra buvo bus būti
    esu esi esame būna buvau nebuvo nėra ne nebe dar jau tik net gal labai visai visi visas viskas vis vėl dabar
    po per prie prieš už iš į ant apie be dėl nuo pas su tarp iki virš ties link pagal mūsų ką kuris kuri kurie
    kurią kurį kurio kurios bei lyg taip ne tiek tikrai jokio jokios jokių nieko niekas čia va na`,
  ru: `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от
    меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам
    ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего
    раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем
    чтобы нее сейчас были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот
    через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть
    том нельзя такой им более всегда конечно всю между это мы очень уже`,
  fi: `ja on ei se että oli ole olen olet olemme ovat olla mutta kun jos niin kuin myös vain vielä jo nyt sitten
    tai sekä koska joka jotka mikä mitä miksi missä milloin miten kuka minä sinä hän me te he minun sinun hänen
    meidän teidän heidän minua sinua häntä meitä teitä heitä minulle sinulle hänelle meille teille heille tämä
    tuo nämä nuo tämän sen sitä siitä siinä tässä täällä siellä kanssa ilman jälkeen ennen aina taas vaan eikä
    en et emme ette eivät enää hyvin todella aivan ihan kyllä voi pitää saada tehdä mä mun sun se on oon`,
};

/** Folded stop words per language; a language without a list gets an empty set. */
export const STOP_WORDS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  Object.entries(WORDS).map(([lang, words]) => [lang, new Set(words.split(/\s+/u).filter((w) => w !== "").map(foldTerm))]),
);

/** Whether `folded` (a folded word) is a stop word of `lang`. */
export function isStopWord(lang: string, folded: string): boolean {
  return STOP_WORDS[lang]?.has(folded) ?? false;
}
