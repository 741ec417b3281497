/**
 * A seeded, deterministic corpus of customer mentions for the large benchmarks: English,
 * Lithuanian, Russian and Finnish posts, reviews and survey answers about invented brands, spread
 * over a year, across sources and channels, with complaint topics that follow the taxonomy.
 *
 * Every mention is a pure function of (seed, index): `toCorpusMention(corpus, 4_999_999)` needs no
 * earlier mention, so the seeder streams millions of rows without holding them, and two runs
 * with the same seed produce byte-identical feeds and databases.
 *
 * The phrases are written for this file (no customer data, no copy of ../shared/datasets). They
 * imitate the register of the dev set: short, informal, typos, Lithuanian sometimes typed without
 * diacritics, so the classifier's language id and lexicons do realistic work.
 */
import type { Channel } from "../../src/core/mention.js";
import { createSeededRandom } from "../../src/core/random.js";

export type CorpusLang = "en" | "lt" | "ru" | "fi";
export type CorpusSentiment = "negative" | "neutral" | "positive";

export interface CorpusOptions {
  /** PRNG seed; the same seed yields the same corpus. Default 2026. */
  seed?: number;
  /** How many distinct sources the mentions are spread over. Default 50. */
  sources?: number;
  /** First instant of the covered period. Default 2025-11-24T00:00:00Z (a Monday). */
  start?: Date;
  /** Length of the covered period in days. Default 364 (52 whole weeks). */
  days?: number;
}

export interface Corpus {
  seed: number;
  sources: number;
  startMs: number;
  days: number;
}

/** One generated mention, with the labels the generator meant (used by the bulk seeder). */
export interface CorpusMention {
  index: number;
  /** 0-based source number; several sources share a platform kind. */
  source: number;
  externalId: string;
  lang: CorpusLang;
  channel: Channel;
  author: string;
  url: string;
  title?: string;
  text: string;
  rating?: number;
  ratingScale?: number;
  publishedAt: Date;
  sentiment: CorpusSentiment;
  complaint: boolean;
  topics: string[];
}

export function createCorpus(options: CorpusOptions = {}): Corpus {
  return {
    seed: options.seed ?? 2026,
    sources: options.sources ?? 50,
    startMs: (options.start ?? new Date("2025-11-24T00:00:00Z")).getTime(),
    days: options.days ?? 364,
  };
}

/** Stage of each topic the corpus uses, as in TAXONOMY.md. */
export const TOPIC_STAGES: Readonly<Record<string, string>> = {
  slow_reply: "service",
  long_wait: "service",
  staff_competence: "service",
  channel_handoff: "service",
  checkout_payment: "conversion",
  pricing_terms: "conversion",
  wrong_product_info: "conversion",
  delivery: "after_sales",
  returns_refunds: "after_sales",
  warranty_repair: "after_sales",
  product_quality: "after_sales",
  website_app_usability: "acquisition",
  spam_ads: "acquisition",
  privacy_security: "service",
};

const BRANDS = ["Nordvik", "Kestra", "Valo Energy", "Ruta Mobile", "Sipola", "Amberline", "Pikaposti", "Teleport LT"];
const CHANNELS: readonly Channel[] = ["social", "review", "app_store", "forum", "survey", "support"];

/** {b} brand, {n} a small number, {d} days. */
const COMPLAINTS: Record<CorpusLang, Record<string, readonly string[]>> = {
  en: {
    slow_reply: ["emailed {b} {d} days ago and still no reply", "nobody answers the chat, waited {n} hours for a response", "they promised a call back on Monday. Nothing."],
    long_wait: ["{n}0 minutes on hold with {b} again", "the queue at the pick-up point took over an hour", "been on hold so long my phone died"],
    staff_competence: ["the agent had no idea what a refund even is", "rude staff at the {b} store, rolled her eyes at me", "support just reads a script and hangs up"],
    channel_handoff: ["had to explain the whole story three times", "bounced between chat and phone for a week", "every operator asks for the same order number again"],
    checkout_payment: ["payment failed twice and I was charged anyway", "checkout keeps throwing an error at the last step", "card charged twice for one order"],
    pricing_terms: ["hidden fees everywhere, delivery costs more than the item", "the price went up {n} euros without any notice", "subscription renewed itself, impossible to cancel"],
    wrong_product_info: ["the site said in stock, then cancelled my order", "colour not as described at all", "the specs on the page are wrong, it has half the memory"],
    delivery: ["parcel stuck in transit for {d} days", "courier marked it delivered but nothing arrived", "package arrived damaged and soaked"],
    returns_refunds: ["still no refund after {n} weeks", "they refuse to accept my return", "cancelled the order, money still not back"],
    warranty_repair: ["warranty claim rejected for no reason", "repair has taken {n} weeks so far", "sent it for repair twice, same fault"],
    product_quality: ["broke after a week", "the blender stopped working after {n} uses", "cheap plastic, the handle snapped"],
    website_app_usability: ["app keeps crashing on login", "can't find the contact form anywhere", "the website is so slow it times out"],
    spam_ads: ["spam every single day since I signed up", "unsubscribed {n} times and the newsletters keep coming", "they call me with offers every evening"],
    privacy_security: ["someone logged into my account from abroad", "they leaked my data, got a phishing SMS with my order number", "why do they share my details with partners?"],
  },
  lt: {
    slow_reply: ["rašiau {b} prieš {d} dienas ir niekas neatsako", "laukiu atsakymo jau {n} valandas", "žadėjo paskambinti, bet taip ir nepaskambino"],
    long_wait: ["{n}0 minučių laukiau ragelyje", "eilė parduotuvėje per visą salę", "ilgai laukiau atsiimant siuntą"],
    staff_competence: ["nemandagus konsultantas, net nepasisveikino", "darbuotojas nieko nežinojo apie savo prekes", "operatorė tiesiog padėjo ragelį"],
    channel_handoff: ["tris kartus pasakojau tą pačią istoriją", "siuntinėja iš pokalbio į telefoną ir atgal", "kiekvienas operatorius vėl klausia užsakymo numerio"],
    checkout_payment: ["negaliu apmokėti, mokėjimas nepraeina", "pinigus nuskaičiavo du kartus", "krepšelis išsivalo prieš pat apmokėjimą"],
    pricing_terms: ["paslėpti mokesčiai, pristatymas brangesnis už prekę", "kaina pakilo {n} eurų be jokio pranešimo", "sutarties sąlygos visiškai neaiškios"],
    wrong_product_info: ["svetainėje rašė, kad yra sandėlyje, o paskui atšaukė", "spalva visai ne tokia kaip nuotraukoje", "netiksli informacija apie prekę"],
    delivery: ["siunta vėluoja jau {d} dienas", "kurjeris pažymėjo pristatyta, bet nieko negavau", "siuntinys atkeliavo sulaužytas"],
    returns_refunds: ["pinigų negrąžino jau {n} savaites", "nepriima grąžinimo", "atšaukiau užsakymą, o pinigų vis dar nėra"],
    warranty_repair: ["garantinis remontas trunka jau {n} savaites", "atmetė garantinį be jokios priežasties", "du kartus taisė, gedimas tas pats"],
    product_quality: ["sugedo po savaitės", "prastos kokybės, rankena nulūžo", "neveikia nuo pirmos dienos"],
    website_app_usability: ["programėlė vis užstringa prisijungiant", "neįmanoma rasti kontaktų formos", "svetainė labai lėta"],
    spam_ads: ["kasdien siunčia reklamą", "atsisakiau naujienlaiškio {n} kartus, vis tiek siunčia", "skambina su pasiūlymais kas vakarą"],
    privacy_security: ["kažkas prisijungė prie mano paskyros", "duomenų nutekėjimas, gavau sukčių SMS", "kodėl perduoda mano duomenis partneriams?"],
  },
  ru: {
    slow_reply: ["написал в {b} {d} дней назад, никто не отвечает", "жду ответа в чате уже {n} часа", "обещали перезвонить и пропали"],
    long_wait: ["{n}0 минут на линии ожидания", "очередь в пункте выдачи больше часа", "висела на телефоне полдня"],
    staff_competence: ["хамство со стороны сотрудника", "оператор ничего не знает о своих услугах", "консультант просто бросил трубку"],
    channel_handoff: ["три раза объяснял одно и то же", "переключали между операторами целый час", "каждый новый оператор снова спрашивает номер заказа"],
    checkout_payment: ["не проходит оплата картой", "деньги списали дважды", "корзина очищается перед оплатой"],
    pricing_terms: ["скрытые комиссии, доставка дороже товара", "цена выросла на {n} евро без предупреждения", "подписка продлилась сама, отменить невозможно"],
    wrong_product_info: ["на сайте было в наличии, потом заказ отменили", "цвет не соответствует описанию", "описание не соответствует товару"],
    delivery: ["доставка задерживается уже {d} дней", "курьер отметил доставлено, но ничего нет", "посылка пришла мятая и мокрая"],
    returns_refunds: ["не возвращают деньги уже {n} недели", "отказываются принять возврат", "заказ отменил, а деньги так и не вернули"],
    warranty_repair: ["гарантийный ремонт идёт уже {n} недели", "отказали по гарантии без причины", "два раза чинили, поломка та же"],
    product_quality: ["сломался через неделю", "дешёвый пластик, ручка треснула", "не работает с первого дня"],
    website_app_usability: ["приложение вылетает при входе", "сайт не работает уже второй день", "невозможно найти форму обратной связи"],
    spam_ads: ["навязчивая реклама каждый день", "отписался {n} раза, рассылка всё равно приходит", "звонят с предложениями каждый вечер"],
    privacy_security: ["кто-то зашёл в мой аккаунт", "утечка данных, пришла смс от мошенников с номером заказа", "зачем передают мои данные партнёрам?"],
  },
  fi: {
    slow_reply: ["laitoin viestiä {b}:lle {d} päivää sitten eikä vastausta", "chatissa ei vastaa kukaan, odotin {n} tuntia", "luvattiin soittaa takaisin mut ei kuulunu mitään"],
    long_wait: ["jonotin puhelimessa {n}0 minuuttia", "jonotin tunnin noutopisteessä", "jono kaupassa ihan älytön"],
    staff_competence: ["epäkohtelias myyjä, ei edes tervehtiny", "asiakaspalvelija ei tiennyt mitään", "puhelu vaan katkaistiin"],
    channel_handoff: ["jouduin selittämään saman asian kolme kertaa", "pompoteltiin chatista puhelimeen ja takaisin", "joka kerta kysytään tilausnumero uudestaan"],
    checkout_payment: ["maksu ei mene läpi", "kortilta veloitettiin kahdesti", "ostoskori tyhjenee maksuvaiheessa"],
    pricing_terms: ["piilokulut joka paikassa, toimitus kalliimpi kuin tuote", "hinta nousi {n} euroa ilman ilmoitusta", "tilaus uusiutui itsestään eikä sitä saa peruttua"],
    wrong_product_info: ["sivulla luki että varastossa, sit tilaus peruttiin", "väri ei ollu yhtään kuvauksen mukainen", "tuotetiedot väärin"],
    delivery: ["paketti myöhässä jo {d} päivää", "kuriiri merkitsi toimitetuksi mut mitään ei tullu", "paketti tuli rikki"],
    returns_refunds: ["palautusta ei oo vieläkään hyvitetty {n} viikkoon", "eivät hyväksy palautusta", "peruin tilauksen mut rahoja ei näy"],
    warranty_repair: ["takuukorjaus kestänyt jo {n} viikkoa", "takuu hylättiin ilman syytä", "korjattiin kahdesti ja sama vika"],
    product_quality: ["hajosi viikossa", "halpaa muovia, kahva katkesi", "ei toiminu ekasta päivästä asti"],
    website_app_usability: ["sovellus kaatuu kirjautuessa", "yhteydenottolomaketta ei löydy mistään", "sivusto on tosi hidas"],
    spam_ads: ["roskapostia joka päivä", "peruin uutiskirjeen {n} kertaa ja silti tulee", "soittavat tarjouksista joka ilta"],
    privacy_security: ["joku kirjautui mun tilille", "tietovuoto, sain huijaustekstarin tilausnumerolla", "miksi mun tietoja jaetaan kumppaneille?"],
  },
};

const OPENERS: Record<CorpusLang, readonly string[]> = {
  en: ["@{b}", "Honestly,", "Third time this month:", "{b} again.", "Ugh.", "So", ""],
  lt: ["{b},", "Sveiki,", "Jau trečią kartą:", "Vėl {b}.", "Nu ir", ""],
  ru: ["{b},", "Здравствуйте,", "Уже третий раз:", "Опять {b}.", "Ну вот", ""],
  fi: ["{b},", "Moi,", "Kolmas kerta tässä kuussa:", "Taas {b}.", "No niin", ""],
};

const CLOSERS: Record<CorpusLang, readonly string[]> = {
  en: ["Not impressed.", "Never again.", "Does anyone actually read these??", "Fix it please.", "😡", "", ""],
  lt: ["Nusivyliau.", "Daugiau niekada.", "Ar kas nors tai skaito?", "Prašau sutvarkyti.", "😡", "", ""],
  ru: ["Разочарован.", "Больше никогда.", "Кто-нибудь это читает??", "Исправьте уже.", "😡", "", ""],
  fi: ["Ei kiva.", "Ei enää ikinä.", "Lukeeko kukaan näitä??", "Korjatkaa.", "😡", "", ""],
};

/** An order or ticket reference, as people paste them: makes otherwise identical complaints distinct. {o} a number. */
const REFERENCES: Record<CorpusLang, readonly string[]> = {
  en: ["Order {o}.", "Ticket #{o}", "(order no. {o})"],
  lt: ["Užsakymas {o}.", "Užklausa #{o}", "(užsakymo nr. {o})"],
  ru: ["Заказ {o}.", "Обращение №{o}", "(номер заказа {o})"],
  fi: ["Tilaus {o}.", "Tiketti #{o}", "(tilausnro {o})"],
};

const PRAISE: Record<CorpusLang, readonly string[]> = {
  en: ["Great service, the courier was early!", "Fast delivery and friendly support, thanks {b}", "Love the new app, so much easier", "Refund came in two days, well done", "Excellent quality, would buy again"],
  lt: ["Puikus aptarnavimas, kurjeris atvyko anksčiau!", "Greitas pristatymas, ačiū {b}", "Nauja programėlė labai patogi", "Pinigus grąžino per dvi dienas, šaunu", "Labai gera kokybė, pirksiu dar"],
  ru: ["Отличный сервис, курьер приехал раньше!", "Быстрая доставка, спасибо {b}", "Новое приложение очень удобное", "Деньги вернули за два дня, молодцы", "Отличное качество, куплю ещё"],
  fi: ["Loistava palvelu, kuriiri tuli etuajassa!", "Nopea toimitus, kiitos {b}", "Uusi sovellus on tosi kätevä", "Rahat palautettiin kahdessa päivässä, hienoa", "Tosi hyvä laatu, ostan uudestaan"],
};

const QUESTIONS: Record<CorpusLang, readonly string[]> = {
  en: ["Does {b} deliver to Kaunas on weekends?", "What are the opening hours on holidays?", "Is the new model compatible with the old charger?", "Ordered yesterday, when should it ship?"],
  lt: ["Ar {b} pristato savaitgaliais?", "Kokios darbo valandos per šventes?", "Ar naujas modelis tinka su senu krovikliu?", "Užsakiau vakar, kada išsiųs?"],
  ru: ["{b} доставляет по выходным?", "Какой график работы в праздники?", "Подходит ли новая модель к старой зарядке?", "Заказал вчера, когда отправят?"],
  fi: ["Toimittaako {b} viikonloppuisin?", "Mitkä on aukioloajat pyhinä?", "Sopiiko uusi malli vanhaan laturiin?", "Tilasin eilen, milloin lähtee?"],
};

const TITLES: Record<CorpusLang, readonly string[]> = {
  en: ["Terrible experience", "Avoid", "Disappointed", "Good", "Question", "Review"],
  lt: ["Siaubinga patirtis", "Venkite", "Nusivylimas", "Gerai", "Klausimas", "Atsiliepimas"],
  ru: ["Ужасный опыт", "Не советую", "Разочарование", "Хорошо", "Вопрос", "Отзыв"],
  fi: ["Kamala kokemus", "Välttäkää", "Pettymys", "Hyvä", "Kysymys", "Arvostelu"],
};

const LANGS: readonly CorpusLang[] = ["en", "lt", "ru", "fi"];
const TOPICS = Object.keys(TOPIC_STAGES);
const DAY_MS = 86_400_000;
/** Relative volume per weekday, Monday first: complaints pile up after weekends. */
const WEEKDAY_WEIGHT = [1.3, 1.1, 1, 1, 0.9, 0.7, 0.8];
/** Lithuanian typed without diacritics: about one text in six in the dev set. */
const LT_FOLD: Record<string, string> = { ą: "a", č: "c", ę: "e", ė: "e", į: "i", š: "s", ų: "u", ū: "u", ž: "z", Ą: "A", Č: "C", Ę: "E", Ė: "E", Į: "I", Š: "S", Ų: "U", Ū: "U", Ž: "Z" };

/** The mention at `index`: a pure function of the corpus seed and the index. */
export function toCorpusMention(corpus: Corpus, index: number): CorpusMention {
  const random = createRandom(corpus.seed * 1_000_003 + index);
  const source = toSource(corpus, random);
  const lang = LANGS[source % LANGS.length]!;
  const channel = CHANNELS[source % CHANNELS.length]!;
  const publishedAt = new Date(toCorpusTime(corpus, index));
  const brand = pick(random, BRANDS);
  const fill = (template: string) =>
    template
      .replaceAll("{b}", brand)
      .replaceAll("{n}", String(2 + Math.floor(random() * 8)))
      .replaceAll("{d}", String(3 + Math.floor(random() * 20)));

  const roll = random();
  let sentiment: CorpusSentiment;
  let complaint = false;
  const topics: string[] = [];
  let text: string;
  if (roll < 0.62) {
    sentiment = "negative";
    complaint = true;
    topics.push(toTopic(random, publishedAt));
    if (random() < 0.2) {
      const second = pick(random, TOPICS);
      if (second !== topics[0]) topics.push(second);
    }
    const reference = random() < 0.35 ? pick(random, REFERENCES[lang]).replace("{o}", String(10_000 + Math.floor(random() * 90_000))) : "";
    const parts = [fill(pick(random, OPENERS[lang])), ...topics.map((t) => capitalise(fill(pick(random, COMPLAINTS[lang][t]!))) + "."), reference, fill(pick(random, CLOSERS[lang]))];
    text = parts.filter((p) => p !== "").join(" ");
  } else if (roll < 0.82) {
    sentiment = "positive";
    text = fill(pick(random, PRAISE[lang]));
  } else {
    sentiment = "neutral";
    text = fill(pick(random, QUESTIONS[lang]));
  }
  if (lang === "lt" && random() < 1 / 6) text = text.replace(/[ąčęėįšųūžĄČĘĖĮŠŲŪŽ]/g, (c) => LT_FOLD[c] ?? c);

  const mention: CorpusMention = {
    index,
    source,
    externalId: `m${index}`,
    lang,
    channel,
    author: `user${Math.floor(random() * 200_000)}`,
    url: `https://reviews.example/${source}/${index}`,
    text,
    publishedAt,
    sentiment,
    complaint,
    topics,
  };
  if (channel === "review" || channel === "app_store") {
    mention.rating = sentiment === "negative" ? 1 + Math.floor(random() * 2) : sentiment === "positive" ? 4 + Math.floor(random() * 2) : 3;
    mention.ratingScale = 5;
    mention.title = pick(random, TITLES[lang]);
  } else if (channel === "survey") {
    mention.rating = sentiment === "negative" ? Math.floor(random() * 7) : sentiment === "positive" ? 9 + Math.floor(random() * 2) : 7 + Math.floor(random() * 2);
    mention.ratingScale = 10;
  }
  return mention;
}

/** Sources differ in volume (a busy app-store listing, a quiet forum): source k gets weight 1/(k+1)^0.5. */
function toSource(corpus: Corpus, random: () => number): number {
  // Inverse of the cumulative weight is approximated by squaring a uniform draw: cheap, skewed, deterministic.
  const u = random();
  return Math.min(corpus.sources - 1, Math.floor(u * u * corpus.sources));
}

/**
 * When mention `index` was published, in ms: its own random stream, so the seeder can order
 * millions of mentions by time without generating their texts twice. Volume grows through the
 * year (more customers, more sources) and dips at weekends.
 */
export function toCorpusTime(corpus: Corpus, index: number): number {
  const random = createRandom(corpus.seed * 7_919 + index + 0x5bd1e995);
  for (;;) {
    const day = Math.floor(Math.sqrt(random()) * corpus.days);
    const weekday = day % 7; // the corpus starts on a Monday
    if (random() * 1.3 <= WEEKDAY_WEIGHT[weekday]!) {
      const hour = 7 + random() * 16;
      return corpus.startMs + day * DAY_MS + Math.floor(hour * 3_600_000);
    }
  }
}

/** Delivery complaints triple in the pre-Christmas weeks, as parcel volumes do. */
function toTopic(random: () => number, publishedAt: Date): string {
  const month = publishedAt.getUTCMonth();
  if (month === 11 && random() < 0.3) return "delivery";
  return pick(random, TOPICS);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** mulberry32 seeded through a splitmix-style scramble so neighbouring seeds diverge at once. */
export function createRandom(seed: number): () => number {
  const scrambled = Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) >>> 0;
  return createSeededRandom(Math.imul(scrambled ^ (scrambled >>> 13), 0xc2b2ae35) >>> 0);
}
