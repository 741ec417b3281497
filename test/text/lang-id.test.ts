import { describe, expect, it } from "vitest";
import { detectLanguage, toLanguageCode } from "../../src/text/lang-id.js";
import { tokenize } from "../../src/text/tokenize.js";

const detect = (text: string, declared?: string) => detectLanguage(text, tokenize(text).tokens, declared);
const OURS = ["en", "lt", "ru", "fi"];

describe("detectLanguage", () => {
  it.each([
    ["en", "The parcel still hasn't arrived and nobody answers the phone"],
    ["en", "Love this app, paying bills takes two taps"],
    ["lt", "Siunta vėluoja jau savaitę, niekas neatsako"],
    // Lithuanian typed without diacritics: function words and endings carry it.
    ["lt", "negaliu apmoket uzsakymo, vis meta klaida"],
    ["lt", "labai patogi programele, viskas veikia"],
    ["ru", "Доставка опять задерживается, никто не отвечает"],
    ["ru", "норм приложение, но пуши достали"],
    ["fi", "Paketti on myöhässä eikä kukaan vastaa"],
    // Spoken Finnish without ä/ö.
    ["fi", "ei oo viela tullu mitaan vastausta, mika on homma"],
  ])("%s: %s", (lang, text) => {
    expect(detect(text).lang).toBe(lang);
  });

  it.each([
    // One or two words: the function-word lists and the letters still decide.
    ["en", "thanks!"],
    ["en", "not working"],
    ["lt", "ačiū"],
    ["lt", "labai gerai"],
    ["fi", "kiitos!"],
    ["fi", "ei toimi"],
    ["ru", "спасибо"],
    ["ru", "не работает"],
  ])("short %s: %s", (lang, text) => {
    expect(detect(text).lang).toBe(lang);
  });

  it.each([
    // Latvian shares ir/jau/bet/kad/man with Lithuanian; ā ē ī ļ ņ and its own words tell it apart.
    ["lv", "Pasūtījums joprojām nav atnācis, un neviens neatbild uz e-pastiem"],
    ["lv", "Paka kavējas jau nedēļu, ļoti neapmierināts"],
    // Latvian typed without diacritics: only the words and the n-gram model are left.
    ["lv", "Pasutijums joprojam nav atnacis, neviens neatbild"],
    ["lv", "Paldies, viss labi"],
    // Estonian shares ja/on/ei, ä and double vowels with Finnish.
    ["et", "Tellimus hilineb juba nädal aega, väga pettunud"],
    ["et", "pakk pole siiani kohal, keegi ei vasta"],
    ["et", "Helistan juba kolmandat korda, aga keegi ei oska aidata"],
    // Ukrainian without ї є ґ: і and its words.
    ["uk", "Дякую за швидку доставку, все чудово!"],
    ["uk", "Все добре, дякую"],
    ["uk", "Дуже задоволена, рекомендую"],
    // Belarusian: ў, or і with ы/э, or its own words.
    ["be", "Дастаўка зноў затрымліваецца, ніхто не адказвае"],
    ["be", "Вяртанне грошай абяцалі месяц таму"],
    ["be", "Дзякуй!"],
    // Bulgarian: ъ before a consonant, which Russian never writes.
    ["bg", "Доставката пак закъснява, никой не отговаря"],
    ["bg", "Защо трябва да чакам два часа на телефона?"],
    ["de", "Das Paket ist immer noch nicht angekommen und niemand antwortet"],
    ["de", "Danke!"],
    ["fr", "Le colis n'est toujours pas arrivé et personne ne répond"],
    ["es", "El paquete todavía no ha llegado y nadie contesta"],
    // ą ę are Polish letters too: they no longer settle Lithuanian.
    ["pl", "Dziękuję za szybką dostawę, wszystko super!"],
    ["pl", "paczka dalej nie doszla, nikt nie odpisuje"],
    // ä ö are Swedish letters too.
    ["sv", "Varför måste jag vänta två timmar i telefonkö?"],
    ["nl", "Klantenservice is waardeloos, niemand weet iets"],
    ["cs", "Zákaznická podpora je hrozná, nikdo nic neví"],
  ])("names %s instead of reading it as en/lt/ru/fi: %s", (lang, text) => {
    expect(detect(text).lang).toBe(lang);
  });

  it.each([
    // Danish and Norwegian are close enough to swap; neither may become one of ours.
    "Pakken er stadig ikke kommet, og ingen svarer",
    "Kundeservice er elendig, ingen vet noe",
    "Il pacco non è ancora arrivato e nessuno risponde",
    "A encomenda ainda não chegou e ninguém responde",
    "A csomag még mindig nem érkezett meg, és senki nem válaszol",
    "Kargo hâlâ gelmedi ve kimse cevap vermiyor",
  ])("does not read another language as en/lt/ru/fi: %s", (text) => {
    expect(OURS).not.toContain(detect(text).lang);
  });

  it.each([
    ["el", "Το δέμα δεν έφτασε ακόμα"],
    ["zh", "包裹还没到"],
    // Kana next to Han characters is Japanese.
    ["ja", "荷物がまだ届かない"],
    ["ko", "소포가 아직 안 왔어요"],
    ["ar", "الطرد لم يصل بعد"],
    ["he", "החבילה עדיין לא הגיעה"],
  ])("names %s by its script", (lang, text) => {
    expect(detect(text)).toMatchObject({ lang, method: "script" });
  });

  it("trusts a declared language over detection", () => {
    expect(detect("Paketti on myöhässä", "en-GB")).toEqual({ lang: "en", confidence: 1, method: "declared" });
  });

  it.each([
    ["no letters", "12345 !!! 👏"],
    ["emoji only", "👍👍"],
    // Two letters give the n-gram model nothing to go on.
    ["too short", "ok"],
  ])("returns und for %s", (_name, text) => {
    expect(detect(text)).toEqual({ lang: "und", confidence: 0, method: "none" });
  });

  it("reads the words of a post, not its links and @handles", () => {
    // The URL and the handle hold more Latin letters than the Russian words.
    expect(detect("RT @kennethenozacuk: http://t.co/ds5kOamzx6 #Мтс банк кредитная карта").lang).toBe("ru");
  });

  it("does not call Ukrainian Russian", () => {
    expect(detect("Доставка знову затримується, ніхто не відповідає").lang).not.toBe("ru");
  });

  it("keeps Russian with a Bulgarian-looking word", () => {
    // ru "благодаря" means "thanks to"; in Bulgarian it is "thank you".
    expect(detect("Благодаря оптимальному набору возможностей продукта").lang).toBe("ru");
  });

  it("reports confidence in [0, 1] and the method that decided", () => {
    for (const text of ["Siunta vėluoja", "Pasūtījums joprojām nav atnācis", "ok", "Доставка"]) {
      const guess = detect(text);
      expect(guess.confidence).toBeGreaterThanOrEqual(0);
      expect(guess.confidence).toBeLessThanOrEqual(1);
      expect(["declared", "script", "words", "model", "none"]).toContain(guess.method);
    }
  });

  it.each([
    ["en-GB", "en"],
    [" LT ", "lt"],
    ["und", undefined],
    ["", undefined],
    ["english", undefined],
  ])("toLanguageCode(%j) is %j", (input, expected) => {
    expect(toLanguageCode(input)).toBe(expected);
  });
});
