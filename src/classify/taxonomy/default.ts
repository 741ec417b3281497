/**
 * The default taxonomy of TAXONOMY.md as data: 14 topics, each mapped to its journey stage, with
 * per-language vocabularies in the phrase syntax of ../phrase-matcher.ts. A TS module rather than
 * a YAML file so tsc carries it into dist/ with no copy step; users extend or replace it from
 * the config file's `taxonomy:` key in the same shape (see parse.ts).
 *
 * Scoring: a topic is assigned when its matched evidence weighs at least 1. `terms` weigh 1
 * (they name the topic on their own: "refund", "on hold"); `weakTerms` weigh 0.5 and count only
 * in pairs ("emailed" + "nothing"). Vocabularies were written from the topic definitions and
 * from how customers phrase each problem, not from individual evaluation sentences.
 */
import type { TaxonomyInput } from "./types.js";

const list = (terms: string): string[] => terms.split(",").map((t) => t.trim()).filter((t) => t !== "");

export const DEFAULT_TAXONOMY: TaxonomyInput = {
  topics: {
    slow_reply: {
      stage: "service",
      description: "unanswered messages, tickets or e-mails; slow or no response; promised call-backs that never come",
      terms: {
        en: list("no reply, no replies, zero replies, no response, no answer, not replied, haven't replied, hasn't replied, never replied, never got back, never heard back, haven't heard back, haven't had a reply, hasn't got back, nobody replied, no one replied, nobody answers, no one answers, unanswered, go unanswered, left on read, ignored my, ignoring my, ignoring us, waiting for a reply, waiting for an answer, waiting for a response, reply yet, response yet, call me back, call back, called back, ring me back, ring back, callback, never called, never rang, radio silence, quick answer, quick reply, quick response, fast reply, fast response, replied within, answered within, responded within, reply within, replied quickly, answered quickly, responded quickly, clear answer, got an answer, got a reply, response time, reply time, silence, got back to me, get back to me, gotten back to me, got back to us, hear back"),
        lt: list("neatsako, neatsakė, neatsakėt, neatsakote, neatsakinėja, negavau atsakymo, atsakymo negavau, atsakymo nėra, jokio atsakymo, nulis atsakymų, be atsakymo, laukiu atsakymo, atsakymo laukiu, atsakymo kol kas, neperskambino, nepaskambino, perskambin*, paskambins, ignoruoj*, tyla, tylą, greitai atsakė, greitai atsakėt, atsakė greitai, atsakėt greitai, greitas atsakymas, aiškų atsakymą, aiškus atsakymas, gavau atsakymą, turėjau atsakymą, atsakymą gavau, atsakė per"),
        ru: list("не отвечают, не отвечает, не ответили, не ответил*, не отвечаете, ответа нет, нет ответа, ответа пока, ответа не получил*, не получил* ответ*, жду ответа, ждем ответа, без ответа, ноль ответов, игнорир*, игнор, тишина, не перезвонил*, не перезвонили, перезвон*, молчат, молчание, ответили быстро, быстро ответили, быстрый ответ, ответили за, понятный ответ, был ответ, получил ответ, ответ пришел"),
        fi: list("ei vastaa, ei vastannut, ei ole vastannut, ei oo vastannu*, eivät vastaa, ei vastausta, ei vastauksia, vastausta ei, nolla vastausta, ei ole kuulunut, ei kuulu mitään, ei kuulunut mitään, ei mitään vastausta, odotan vastausta, odottanut vastausta, vastaamatta, hiljaisuus, hiljaista, soittaa takaisin, soitetaan takaisin, soittavat takaisin, takaisinsoit*, ei soittanut, ei soitettu, vastasivat nopeasti, vastasitte nopeasti, nopea vastaus, nopeasti vastaus, vastaus tuli, sain vastauksen, selkeä vastaus, selkeän vastauksen, vastasi heti, vastauksen jo"),
      },
      weakTerms: {
        en: list("reply, replies, replied, respond, responded, response, answer, answered, emailed, e-mailed, messaged, message, messages, dm, dms, wrote to, email, emails, days ago"),
        lt: list("atsakym*, atsakė, atsakėt, rašiau, parašiau, parašėm, laišk*, el. paštu, žinut*, messenger, susisiek*, kreipiaus, užklaus*, nieko, tyla"),
        ru: list("ответ*, написал*, писал*, писала, письм*, обращени*, запрос*, в личку, почту, сообщени*, поддержк*, ничего"),
        fi: list("vastau*, vastas*, vastaa*, viesti*, viestin, sähköpost*, meili*, kirjoitin, laitoin, yhteydenot*, asiakaspalvelu*, tiketti*, ei mitään"),
      },
    },
    wrong_product_info: {
      stage: "conversion",
      description: "product or service information is wrong, missing or misleading: specs, stock, sizes, price shown vs charged",
      terms: {
        en: list("listing said, listing says, description said, description says, advertised as, described as, not as described, not as advertised, misleading, misdescribed, specs, spec sheet, specification, size chart, size guide, sizing, comes up small, comes up large, runs small, runs large, size smaller, size bigger, label said, shelf label, price tag, price on the shelf, rang up, rung up, different price, wrong price, price shown, photos on the website, photo on the website, pictures on the site, looks nothing like, doesn't look like, don't look like, out of stock, said in stock, showed in stock, inaccurate, as listed, as described, measurements exactly, exactly as listed, as advertised, 'unlimited', unlimited broadband, accurate specs, inaccurate specs"),
        lt: list("aprašym*, aprašyme, nurodyta, nurodyt*, specifikacij*, dydžių lentel*, dydžių lentelę, dydis neatitinka, mažesn* dydž*, vienu dydžiu, išmatavim*, matmen*, kaina lentynoj, lentynoj kaina, lentynoje kaina, etiketė*, kasoj nuskaito, kasoje nuskaitė, kita kaina, neteisinga kaina, nuotrauk* svetain*, nepanaš*, neatitinka, klaidinanti, klaidin*, tiksli informacija, tikslią informaciją, netiksl*, nėra sandėly*, yra sandėly*, 'neribotas', neribotas internetas"),
        ru: list("в описании, описани*, указано, указан*, характеристик*, размерная сетка, таблиц* размеров, маломерит, большемерит, размер не соответствует, замеры, габарит*, ценник*, на кассе пробили, пробили, другая цена, цена на сайте, фотки на сайте, фото на сайте, не похож*, не соответству*, ввод* в заблуждение, точное описание, нет в наличии, есть в наличии, 'безлимитный', безлимитный интернет"),
        fi: list("kuvauksessa, kuvaus*, tuotekuvau*, luki että, ilmoitettu, ilmoitet*, tekniset tiedot, mittataulukko*, kokotaulukko*, kokotaulukon, pienempi koko, pientä kokoa, kokoa pienempi, mitoitus*, mitat, hintalappu*, hyllyn hinta, hyllyssä hinta, kassalla, eri hinta, väärä hinta, kuvat sivuilla, kuvat nettisivuilla, ei näytä, näyttää erilaiselta, harhaanjohta*, tarkat tiedot, epätarkk*, ei varastossa, varastossa oli, 'rajaton', rajaton netti, rajaton liittymä"),
      },
      weakTerms: {
        en: list("listing, description, photos, pictures, size, tiny print, fine print, actually, in reality, turned out, website said, website says, site said, site says, advertised, measurements, dimensions, accurate, unlimited"),
        lt: list("svetain*, dydis, dydžio, realiai, pasirodo, smulkiu šriftu, nuotraukos, neribot*"),
        ru: list("сайте, размер, по факту, на деле, оказалось, мелким шрифтом, фотографи*, обман, безлимитн*"),
        fi: list("sivuilla, nettisivu*, koko, kokoa, todellisuudessa, oikeasti, pienellä präntätty, pienellä, kuvissa, rajaton, rajattoman"),
      },
    },
    channel_handoff: {
      stage: "service",
      description: "passed between channels, departments or operators; repeating the story; no continuity",
      terms: {
        en: list("explain it again, explaining it again, explained it again, explain again, explaining this, explain the whole, tell the whole story, the whole story again, repeat the story, repeat myself, repeating myself, had to repeat, have to repeat, repeat anything, from scratch, start from scratch, start over, different person every time, different person each time, a different person, new person every time, got transferred, transferred me, passed around, passed from, bounced between, bounced around, sends you to, told me to call, told me to email, told me to go, chat told me, phone line told me, chat says call, please contact us via, contact us via chat, another department, other department, no record of, no notes, three channels, # channels, didn't have to repeat, talk to each other, got transferred, was transferred, transferred me, transferred to, explain everything again, explained everything again"),
        lt: list("iš naujo, nuo pradžių, viską pasakok, pasakoju, pasakoti iš naujo, kartoti, kartoju, nereikėjo nieko kartoti, kitas žmogus, kaskart kitas, vis kitas, sujungė su, persiuntė, peradresav*, nukreip*, siuntinėja, siunčia skambint, liepė skambint, liepė rašyt, kreiptis į čatą, čate liepė, telefonu liepė, kitu skyrium, kitą skyrių, kitu skyriumi, užrašų, tarpusavy, tarpusavyje, trijų kanalų"),
        ru: list("рассказывай все сначала, все сначала, всё сначала, заново, с нуля, объясняю одно и то же, объяснял*, повторять, повторяю, ничего не пришлось повторять, новый человек, каждый раз новый, переключили, переключа*, перевели на, перекидывают, футбол*, отправляет звонить, сказали звонить, сказали писать, обратитесь в чат, в чате сказали, по телефону сказали, другой отдел, другого отдела, никакой истории, истории обращений, между собой, три канала"),
        fi: list("alusta asti, uudestaan kaikki, kertoa uudestaan, kerron uudestaan, selittää uudestaan, selitin uudestaan, selittämään, selittänyt, toistaa, toistamaan, ei tarvinnut toistaa, uusi ihminen, eri ihminen, eri henkilö, joka kerta eri, siirrettiin, siirsivät, yhdistettiin, ohjattiin, pallotellaan, pompotel*, pompotet*, käski soittaa, käskee soittaa, käski laittaa, ohjaa soittamaan, ohjaa puhelimeen, ottakaa yhteyttä chatissa, chatissa sanotaan, toiseen osastoon, toiselle osastolle, ei mitään merkintää, merkinnät, keskenään, kolme kanavaa"),
      },
      weakTerms: {
        en: list("chat, phone line, the phone, email, again, every time, agent, agents, department, transferred, explain everything, explained everything, sent me to, departments, one person"),
        lt: list("čat*, telefonu, el. paštu, vėl, kaskart, konsultant*, kanal*, skyri*, istorijos, vienas skambutis, vienas žmogus"),
        ru: list("чат*, по телефону, на почту, опять, каждый раз, оператор*, канал*, отдел*, один звонок, один оператор"),
        fi: list("chat*, puhelimessa, puhelimeen, sähköpost*, taas, joka kerta, asiakaspalvelija*, kanav*, osasto*, yksi puhelu, yksi ihminen, alusta"),
      },
    },
    long_wait: {
      stage: "service",
      description: "queues and hold times: waiting on the phone line, in store, at pick-up",
      terms: {
        en: list("on hold, on the line for, held for, hold time, hold music, in the queue, in a queue, queueing, queuing, waited # minutes, waited # min, waited # hours, waited an hour, waited over, # minutes waiting, # min wait, # minute wait, # hour wait, wait time, waiting time, long wait, long waits, zero queue, no queue, no wait, no waiting, only one counter, counters open, desks open, one till, one cashier, check-in queue, queue at, queue was, queue for, queues at, queues are, long queue, queue of # , another queue"),
        lt: list("laukimo linijoje, laukiau # min*, laukiau # val*, teko palaukt*, teko laukti, # min laukimo, laukimo laikas, ilgai laukt*, jokios eilės, be eilės, tik vienas langelis, kasos dirbo, ilgos eilės, eilėj #, eilėje #, laukimo linijoje, dirbo tik vienas, jokios eilės, vėl eilė, registracijos eilė"),
        ru: list("в ожидании, ожидани*, прождал*, ждал # минут, ждала # минут, # минут ждал*, простоял*, висел* на линии, без очереди, одна касса, очередь на, долгие очереди, длинная очередь, опять очередь, без очереди, работало одно окно, минут на линии, час* на линии, на линии #"),
        fi: list("jonotin, jonottaa, jonotus*, jonottamaan, puhelinjono*, odotin # min*, odotin # tuntia, odotin tunnin, odottelin, odotusaika*, odotus, odotuksen, pitkä odotus, ei jonoa, ei jonoja, ilman jonoa, vain yksi tiski, kassa* auki, yks kassa, jono #, jonossa #, pitkä jono, pitkät jonot, taas jono, jonottaa #, linjalla #, vain yksi tiski auki, ei jonoa"),
      },
      weakTerms: {
        en: list("waited, waiting, wait, # minutes, # min, # hours, # h, hour and a half, counter, desk, pharmacy, queue, queues, the queue, line was, one counter, bag drop"),
        lt: list("laukiau, laukti, laukt*, # min, # val, pusantros valandos, valand*, langel*, eilė, eilės, eilėj, eilėje, eilių, eilę, eilėse, linijoje, langeli*, vienas langelis, dirbo tik, bagažo priėmim*"),
        ru: list("ждал*, ждать, # минут, # час*, полтора часа, час*, окн*, очеред*, на линии, стойк*, одно окно, окна работало, окон работало, сдач* багажа"),
        fi: list("odotin, odottaa, odotella, # min*, # tuntia, puolitoista tuntia, tunni*, tiski*, jono*, jonossa, linjalla, tiski* auki, yksi tiski, noudossa, lähtöselvity*, matkatavaroiden jättö*"),
      },
    },
    checkout_payment: {
      stage: "conversion",
      description: "problems buying: checkout errors, missing or failing payment methods, cart or order placement failures, double charges",
      terms: {
        en: list("checkout, check out, payment failed, payment fails, payment didn't go through, payment won't go through, couldn't pay, can't pay, cannot pay, unable to pay, pay by, pay with, pay at, paying is, paying was, card declined, card gets declined, declined, paypal, apple pay, google pay, bank transfer, shopping cart, promo code, discount code, voucher code, place the order, place an order, placing the order, charged twice, double charged, charged two times, two identical transactions, duplicate charge, bank took the money, took the money, says unpaid, unpaid, pay again, add a card, add my card, save my card, payment method, payment methods, payment options, basket empties, cart empties, payment page, payment didn't, payment error"),
        lt: list("apmokėjim*, apmokėt*, apmokėti, apmoket, negaliu apmokėt*, mokėjim*, mokėti per, mokėti kortele, galima mokėti, paypal, google pay, apple pay, per banką, per banka, kortelė atmesta, krepšel*, nuolaidos kod*, nuolaidų kod*, pateikti užsakymo, nuskaitė du kartus, du kartus nuskaitė, dvi vienodos operacijos, neapmokėt*, mokėt iš naujo, pridėti kortel*, pridet kortel*, mokėjimo būd*, kortelę atmetė, su kortele, kortele veikia"),
        ru: list("оплат*, не могу оплатить, оплатить, платеж*, платёж*, paypal, сбп, google pay, apple pay, корзин*, промокод*, оформить заказ, списали дважды, дважды списали, две одинаковые операции, деньги списал, не оплачен, оплатить еще раз, оплатить ещё раз, привязать карту, способ* оплаты, привязать карту, карта работает, карта и сбп"),
        fi: list("maksu*, maksaminen, maksaa, maksan, maksoin, en pysty maksamaan, ei pysty maksamaan, maksu ei mene läpi, kassalle, ostoskori*, kori tyhjenee, paypal, mobilepay, google pay, apple pay, verkkopankki*, pankkitunnu*, kortti hylättiin, alennuskoodi*, kampanjakoodi*, tilauksen tekeminen, veloitettiin kahdesti, kahdesti veloitettu, veloitti kahdesti, kaksi samanlaista veloitusta, maksamaton, maksamatta, maksamaan uudestaan, lisätä kortti*, maksutap*, kortti hylättiin, lisätä korttia, kortti toimii"),
      },
      weakTerms: {
        en: list("card, pay, charged, money, order, paying, payment, basket, cart"),
        lt: list("mokėt*, pinigai, pinigus, užsakym*, nuskaitė, kortel*, atmesta"),
        ru: list("деньги, заказ*, списали, картой, карту, карта, отказ"),
        fi: list("rahat, rahaa, tilau*, veloitus*, veloitti, kortilla, kortin, korttia, hylättiin"),
      },
    },
    pricing_terms: {
      stage: "conversion",
      description: "price level, hidden fees, high delivery cost, unclear contract terms, subscription traps",
      terms: {
        en: list("hidden fee*, hidden charge*, hidden cost*, extra fee*, termination fee, cancellation fee, early termination, standing charge, price rise, price increase, prices went up, put up my, put up the, overpriced, too expensive, expensive, pricey, rip-off, ripoff, cheaper, affordable, clear prices, transparent pric*, no surprises on the bill, surprises on the bill, delivery costs more, delivery cost, delivery fee, delivery charge, £# delivery, $# delivery, €# delivery, a bit much, subscription, auto-renew*, auto renew*, fine print, small print, tiny print, terms and conditions, the terms, contract terms, price went up, prices went up, renewal went, renewal price, went up from, the fee, a fee, fee if"),
        lt: list("paslėpt* mokest*, papildom* mokest*, sutarties nutraukimo, nutraukimo mokest*, abonentin*, kaina pakilo, pakėlė kain*, brang*, per brang*, pigu, pigiau, pigi*, aiškios kainos, aiškios kain*, jokių staigmenų, staigmen*, pristatymas # eur, pristatymo kaina, pristatymo mokest*, kiek daug, prenumerat*, smulkiu šriftu, kasko kaina, kaina pakilo, kainos, mokestis, jei, nutraukimo mokestis"),
        ru: list("скрыт* сбор*, скрыт* комисси*, скрыт* платеж*, комисси*, неустойк*, расторгнуть договор, расторжени*, абонплат*, абонентск* плат*, поднял* цен*, подорожа*, дорого, дороговато, слишком дорог*, дешев*, понятные тарифы, прозрачн*, никаких сюрпризов, сюрприз*, доставка # руб, стоимость доставки, многовато, подписк*, автопродлени*, мелким шрифтом, условия договора, насчитал*, каско, цена выросла, цены выросли, понятные тарифы, насчитал*"),
        fi: list("piilokulu*, piilomaksu*, lisämaksu*, lisäkulu*, maksu on, kulut, kuluja, irtisanomismaksu*, irtisanomis*, perusmaksu*, kuukausimaksu*, hinnankorotus*, korotti*, nosti hintaa, nostivat hintaa, hinta nousi, kallis, kallii*, liian kallis, halpa, halvempi, edullin*, selkeät hinnat, selkeä hinnoittelu, ei yllätyksiä, yllätyks*, toimitusmaksu*, toimituskulu*, postikulu*, vähän paljon, kestotilau*, pienellä präntätty, pieni präntti, sopimusehd*, vakuutusmaksu*, hinta nousi, hinnat nousi, selkeät hinnat"),
      },
      weakTerms: {
        en: list("£#, $#, €#, # eur, cost, price, prices, pricing, tariff, cheap, went up, gone up, renewal, fee, fees"),
        lt: list("# eur, eur, kainuoja, sąskait*, kain*, tarif*, pakėlė, mokestis, mokesčiai, mokestį, mokesčių, sąlyg*"),
        ru: list("# руб, руб, тыс, стоит, квитанци*, счет, цен*, тариф*, поднял, сбор, услови*"),
        fi: list("# €, # e, euroa, maksaa, lasku*, hinta, hinnat, hinnoittelu*, tariffi*, ehdot, ehdoissa"),
      },
    },
    delivery: {
      stage: "after_sales",
      description: "late, lost, damaged or wrong deliveries; couriers; tracking",
      terms: {
        en: list("parcel, parcels, package, courier, couriers, tracking, tracking number, was due, order status, rescheduled, tracker, out for delivery, in transit, label created, dispatched, shipped, shipping, shipment, left the box, left outside, arrived damaged, never arrived, hasn't arrived, not arrived, arrived late, postman, took # hours to arrive, box was squashed, squashed, crushed, delivery was, delivery is, delivery took, late delivery, delivery date, delivered late, delivered to the wrong, delivered on time, in the locker, to the locker, parcel locker, delivery, deliveries, delivered, deliver"),
        lt: list("pristatyt*, pristatoma, siunt*, siuntinys, siuntinį, siunta, kurjer*, sekimas, sekimo, siuntos sekim*, dėžė sulamdyta, sulamdyt*, kelyje, atkeliau*, turėjo atkeliauti, turėjo atvežti, statusas nesikeičia, išsiųst*, paruošta siuntimui, atkeliavo, neatkeliavo, pristatymas vėlavo, pristatymo, pristatė laiku, atvežė laiku, atvežė ne tą, į paštomatą, paštomate, pastomate, pristatym*, pristatė, atvež*, atvežė"),
        ru: list("посылк*, курьер*, трек*, отслежива*, должен был прийти, должна была прийти, должен был приехать, статус заказа, статус не меняется, в пути, передана курьеру, заказ оформлен, отправлен*, постамат*, доставку задержали, доставка задерживается, доставили вовремя, привезли вовремя, привезли не, в постамат, в постамате, заказ ехал, доставк*, доставили, доставля*, доставят, привезли, привез*"),
        fi: list("paketti*, paketin, lähetys*, lähety*, kuriiri*, lähetti, seuranta*, seurantakoodi*, piti tulla, tilauksen tila, tila ei muutu, pakettiautomaat*, postiin, matkalla, kuljetus*, kuljettaja*, ei saapunut, litistyn*, lyttyyn, tuli perille, toimitus myöhästyi, toimitus kesti, toimitus oli, toi ajallaan, toivat ajoissa, automaatissa, automaattiin, tuli perille, toimitus*, toimitettiin, toimitettu, toimittaa"),
      },
      weakTerms: {
        en: list("order arrived, arrived, arrive, came, box, late, took an hour and a half, locker, parcel locker, showed up, driver, on time, came on time, order took, took an hour"),
        lt: list("atėjo, užsakymas, dėž*, atvažiavo, paštomat*, pastomat*, pakuot*, laiku, vežat, vežate"),
        ru: list("пришел, пришла, заказ, коробк*, приехал*, пакет*, коробк*, вовремя, разлил*, опоздал*, ехал"),
        fi: list("tuli, tilaus, laatikko*, automaatti*, toi, toivat, ajallaan, ajoissa, saapui, saapunut, perillä, myöhässä"),
      },
    },
    returns_refunds: {
      stage: "after_sales",
      description: "returns, exchanges, refunds, cancellations and how hard they are",
      terms: {
        en: list("return, returns, returned, returning, refund, refunds, refunded, money back, my money back, exchange, exchanged, send it back, sent it back, take it back, take the chair back, won't take, took back, return label, return policy, cancelled my flight, cancelled my order, cancellation, cancel my order, voucher instead, vouchers, chargeback, store credit"),
        lt: list("grąžin*, grąžint*, grąžinim*, grąžinau, grąžino, grąžintas, nepriima grąžinimo, pinigų grąžinim*, pinigai negrįžo, pinigų nėra, pinigai dar negrįžo, pinigai po, grąžins, keisti prekę, pakeisti prekę, atšaukė, atšauk*, atšaukim*"),
        ru: list("возврат*, вернуть, вернул*, вернут, верните, возвращают, не возвращают деньги, деньги вернут, деньги через, деньги до сих пор, денег нет, обмен*, обменять, сдал обратно, отменил*, отмен*, ваучер*, компенсац*"),
        fi: list("palautu*, palautus*, palauttaa, palautin, palautettu, palautettiin, palauttaminen, palautusta, rahat takaisin, rahoja takaisin, rahat tuli, rahaa takaisin, hyvitys*, hyvitet*, hyvitä, vaihto*, vaihtaa, perui*, peruttiin, peruutus*, peruttu, lahjakortti*, arvoseteli*"),
      },
      weakTerms: {
        en: list("money, back"),
        lt: list("pinigai, pinigus, pinigų, grazin*, kupon*, čekį"),
        ru: list("деньги, денег"),
        fi: list("rahat, rahaa, rahoja"),
      },
    },
    warranty_repair: {
      stage: "after_sales",
      description: "warranty claims, repairs, servicing, technical support for a broken product",
      terms: {
        en: list("warranty, repair, repairs, repaired, repairing, fix it, fixed it, service centre, service center, technician, mechanic, garage, the car would be ready, waiting for the part, part on order, spare part, brake pads, claim rejected, warranty claim, improper use, sent in for repair, sent my, under warranty, out of warranty"),
        lt: list("garantij*, garantin*, garantinis, garantinį, remont*, sutaisyt*, sutaisė, taisy*, pataisė, servis*, meistras, meistr*, mechanik*, atsargin*, stabdži*, kaladėl*, netinkamas naudojimas, pretenzij*, autoservis*"),
        ru: list("гаранти*, ремонт*, починить, починил*, почини*, отремонтир*, сервис*, сервисный центр, мастер*, механик*, запчаст*, колодк*, нарушение условий эксплуатации, гарантийная заявка, автосервис*"),
        fi: list("takuu*, takuukorjau*, takuuhuolto*, korjau*, korjaa, korjattiin, korjasivat, korjata, korjaamo*, korjaamolla, huolto*, huollos*, asentaja*, mekaanik*, varaosa*, jarrupal*, käyttövirhe*, väärinkäyttö*, reklamaatio*, takuuvaati*"),
      },
      weakTerms: {
        en: list("claim, part, ready, guarantee, guaranteed, fixing, servicing, serviced, brakes, engineer visit"),
        lt: list("mašina, automobil*, detalės, detal*, aktą, technik*"),
        ru: list("машина, машину, авто, акте, заявк*, техник*, тормоз*"),
        fi: list("auto, autoa, auton, jarru*, teknikko*"),
      },
    },
    product_quality: {
      stage: "after_sales",
      description: "the product or service itself is faulty, broken, poor or not working",
      terms: {
        en: list("broke, broken, breaks, stopped working, not working, doesn't work, died, faulty, defective, defect, poor quality, cheap quality, build quality, cheaply made, flimsy, falls apart, fell apart, warped, wobbles, wobbly, crooked, peeling, cracked, leaks, leaking, squeal, squeak, rattles, keeps dropping, on and off, connection drops, one bar, no signal, calls drop, internet drops, outage, outages, slows to a crawl, ice cold, cold food, was cold, stale, looks new, like cardboard, still looks new, quality is, poor quality, great quality, good quality, build quality, drops every, keeps dropping, calls drop, internet drops, signal is, no signal"),
        lt: list("sugedo, suged*, sulūž*, nustojo veikti, neveikia, nebeveikia, brokas, brokuot*, defekt*, nekokybišk*, prastos kokybės, kreiva*, kreivas, kliba, klibantis, lupasi, įskil*, įtrūk*, girgžd*, barška, dingsta internetas, tai yra tai nėra, viena juostelė, nutrūksta, trikdži*, lėtas internetas, visiškai šalti, atrodo kaip naujas, kokybė, dingsta internetas, kokybė, kokybės, kokybę, ryšys mano, prastas ryšys"),
        ru: list("сломал*, слома*, перестал* работать, не работает, умер*, брак*, дефект*, некачествен*, кривой, кривая, шатается, шата*, перекосил*, перекос*, облез*, треснул*, трещин*, скрип*, скрипит, пропадает интернет, пропада*, то есть то нет, одна палка, обрыва*, тормозит, остыл*, как картон, картон, выглядит как новый, качество, качества, связь пропадает, плохая связь, холодный, холодные, холодная, тёплые роллы, служит уже"),
        fi: list("hajosi, hajos*, hajon*, rikki, rikkoutu*, lakkasi toimimasta, ei toimi, ei toimi kunnolla, viallinen, viallin*, vika, vikaa, huonolaatui*, heikkolaatui*, halpaa laatua, vääntyi, vääntyn*, vino*, heiluu, huojuu, kuoriutu*, halkes*, narisee, kolisee, pätkii, pätkä*, katkeile*, katkeaa, kuuluvuus, yksi palkki, puhelut katkeaa, puhelut katkeilee, nettikatko*, jääkylmä*, näyttää uudelta, kestävä*, pahvi*, tukeva*, laatu on, laatu oli, huono laatu, hyvä laatu, yhteys pätkii, yhteys katkeilee, kylmää ruokaa, ruoka kylmää"),
      },
      weakTerms: {
        en: list("internet, broadband, wifi, works, the product, material, works like new, dead, drops, dropping, quality, noise, signal, solid, sturdy, cracks, scratched"),
        lt: list("internetas, internet*, veikia, kaip naujas, dingsta, ryšys, ryšio, šalti, šaltas, tvirtas, kokyb*"),
        ru: list("интернет*, работает, как новый, связь, холодн*, служит, прочн*, качеств*, сбо*, обрыв*"),
        fi: list("netti*, internet*, laajakaista*, toimii, kuin uusi, yhteys, yhteydet, kylmä*, kestää, laatu*, katko*"),
      },
    },
    staff_competence: {
      stage: "service",
      description: "rude, uninformed, untrained or unhelpful staff and agents; scripted call centres",
      terms: {
        en: list("rude, impolite, unhelpful, clueless, had no idea, no idea what, didn't know, doesn't know, don't know, google it, hung up, hang up, train your, training, untrained, incompetent, scripted, reading from a script, knowledgeable, got the problem, understood the problem, shrugged, staff were, staff was, staff member was, was polite, was rude, were rude, very helpful, so helpful, really helpful, helpful staff, friendly staff, rude staff, explained everything in, patiently explained, read my prescription"),
        lt: list("nemandag*, grub*, nežinojo, nežino, nieko nežino, neišmano, nekompetent*, apmokykit*, apmokyti, apmokyt*, padėjo ragelį, metė ragelį, gūžtelėjo pečiais, supratot problemą, iškart supratot, ieškokit internete, nemandagi, viską paaiškino, labai padėjo, labai padėjot, negalėjo atsakyti"),
        ru: list("хамств*, хам, хамят, грубо, груб*, не знал, не знает, ничего не знает, не разбира*, некомпетент*, обучайте, обучать, обучите, бросил трубку, бросила трубку, плечами пожал, поняли в чем проблема, сразу поняли, посмотрите в интернете, всё объяснил, все объяснил, очень помогли, не смог ответить, не смогла ответить"),
        fi: list("epäkohteliaa*, epäkohtelia*, töykeä*, tyly*, ei tiennyt, ei tiedä, ei osannut, ei osaa, ammattitaidoto*, ammattitaido*, kouluttakaa, koulutta*, perehdyttä*, löi luurin, lyö luurin, kohautti olkapäitään, kohautti, ymmärsit heti, ymmärsi heti, diskreet*, googleta*, selitti kaiken, selitti kaikki, auttoi paljon"),
      },
      weakTerms: {
        en: list("told me, staff, staff member, employee, employees, agent, agents, the guy, the lady, the girl, shop assistant, assistant, cashier, pharmacist, consultant, salesperson, sales guy, rep, representative, operator, operators, support agent, customer service agent, explained everything, straight away, discretion, helpful, friendly, polite"),
        lt: list("darbuotoj*, konsultant*, pardavėj*, kasinink*, vaistinink*, operator*, vadyb*, aptarnavim*, mandag*, paaiškino, padėjo, padėjot, diskretišk*"),
        ru: list("сотрудник*, сотрудниц*, консультант*, продав*, кассир*, фармацевт*, оператор, оператора, операторы, менеджер*, вежлив*, объяснил*, помогал*, помог*, деликатност*"),
        fi: list("henkilökunta*, työntekijä*, myyjä*, asiakaspalvelija*, kassa*, farmaseut*, apteekkari*, virkailija*, operaattori, neuvoja, kohteliaa*, kohtelias, selitti, auttoi, autto*, hienotunteisuu*"),
      },
    },
    website_app_usability: {
      stage: "acquisition",
      description: "website or app is confusing, broken, slow, crashes; can't find information; login problems",
      terms: {
        en: list("app crashes, app keeps crashing, crashes, crashing, crashed, keeps crashing, logs me out, logged out, can't find, impossible to find, couldn't find, where to, maze, error 500, error message, throws an error, bug, buggy, glitch, since the update, reinstalled, won't load, button does nothing, user-friendly, navigation, can't log in, cannot log in, couldn't log in, unable to log in, login screen, logs me out, logged me out, app is, the app is, site is down, website is down, clean app, easy to use, hard to use, confusing, in two taps, button does nothing"),
        lt: list("prisijungt*, atjungia, neįmanoma rast*, nerandu, nerasti, labirint*, klaidą 500, klaida 500, meta klaidą, meta klaida, strigin*, lūžta, išmeta, neatsidaro, sąsaj*, neina prisijungt*, negaliu prisijungt*, nepavyksta prisijungt*, programėlė neatsidaro, programėlė lūžta, patogi programėlė, patogi programele, per 2 paspaudimus, per du paspaudimus, po atnaujinimo, nieko nedaro"),
        ru: list("выкидывает, разлогин*, невозможно найти, не нашел, не найти, лабиринт*, ошибку 500, ошибка 500, выдает ошибку, выдаёт ошибку, глюч*, баг*, вылета*, переустан*, не грузит*, в два клика, в один клик, интерфейс*, не могу войти, не получается войти, удобное приложение, после обновления, не нажимается, не работает сайт, сайт не работает, приложение не работает"),
        fi: list("kirjaa ulos, en löydä, ei löydä, mahdoton löytää, vaikea löytää, sokkelo*, labyrintti*, virhe 500, virheen 500, virheilmoitu*, bugi*, bugaa, kaatuu, kaatuilee, asensin uudelleen, ei lataudu, kahdella napautuksella, yhdellä klikkauksella, käyttöliittymä*, en pääse kirjautumaan, ei pääse kirjautumaan, kirjautuminen ei onnistu, kätevä sovellus, näppärä sovellus, päivityksen jälkeen, ei tee mitään, sovellus kaatuu, sovellus ei toimi, sivusto ei toimi"),
      },
      weakTerms: {
        en: list("screen, click, page, online, error, notifications, settings, app, the app, website, the site, web site, web form, online form, form, login, log in, sign in, password, menu, menus, update, button, loading, interface, browser, two taps, one click, freezes, frozen, hangs"),
        lt: list("ekran*, spaudžiant, klaida, klaidą, nustatym*, programėl*, programel*, app, aplikacij*, svetain*, puslap*, tinklalap*, forma, formą, formos, prisijung*, slaptažod*, smart-id, meniu, atnaujinim*, mygtuk*, paspaudim*, naršykl*, strigin*, stringa, užstringa"),
        ru: list("экран*, ошибк*, настройк*, приложени*, апп, сайт*, веб-форм*, форма, форму, формы, войти, вход*, пароль, меню, обновлени*, кнопк*, браузер*, зависа*, висн*"),
        fi: list("näyttö*, ruutu*, virhe, asetuks*, sovellus*, sovelluks*, sovellu*, appi*, äppi*, nettisivu*, verkkosivu*, sivusto*, lomake*, lomakkeen, kirjautu*, kirjaudu*, salasana*, pankkitunnu*, valikko*, valikot, päivity*, painike*, nappi*, nappia, selain*, jumitta*, jumii, jumissa"),
      },
    },
    privacy_security: {
      stage: "service",
      description: "personal data misuse, leaks, hacked accounts, unwanted data sharing, security worries",
      terms: {
        en: list("my data, personal data, data leak, leaked, breach, data breach, hacked, hacker, scam, scammers, phishing, fraud, fraudulent, confirm my details, sold my number, sold my data, shared my data, access to my contacts, privacy, gdpr, delete my data, delete my personal data, keep my data, how long do you keep, odd login, suspicious login, login from abroad, security breach, account security, felt safe, feels safe, was there a leak, a leak, zero discretion, need access to, changed my password, changed the password, logged into my account, someone accessed my account"),
        lt: list("mano duomen*, asmens duomen*, duomenų nutekėjim*, nutekėj*, nutekin*, nulauž*, įsilauž*, sukčiai, sukč*, apgavik*, patvirtinti duomenis, pardavė mano numerį, pardavė mano, kontaktų sąrašo, privatum*, bdar, ištrinti mano, prisijungimą iš užsienio, keistą prisijungimą, garsiai perskaitė, garsiai perskaite, jaučiuosi saugiai, saugosit mano duomenis, prie mano paskyros, pakeitė slaptažodį, įsilaužė, įsilauž*"),
        ru: list("мои данные, персональные данные, утечк*, слили, слив, взлом*, мошенни*, фишинг*, подтвердить данные, слили мой номер, продали мой номер, доступ к моим контактам, конфиденциальн*, удалить мои, вход из-за границы, странный вход, чувствую себя защищенным, хранить мои данные, мои данные, взломали, сменили пароль, зашли в мой аккаунт, в мой аккаунт"),
        fi: list("tietoni, henkilötie*, tietovuoto*, vuoti*, vuodet*, hakkeroi*, hakkeri*, murrettiin, huijari*, huijau*, tietojenkalastelu*, vahvistamaan tiedot, vahvista tietosi, myivät numeroni, myyneet numeroni, yhteystietoihin, yhteystiedot, tietosuoja*, yksityisyy*, gdpr, poistamaan tietoni, poistaa tietoni, säilyttää tietoja*, tietojani, kirjautuminen ulkomailta, outo kirjautuminen, tuntuu turvalliselta, olo on turvallinen, luki ääneen, vaihtoi salasanan, vaihtoivat salasanan, kirjautunut tililleni, tililleni"),
      },
      weakTerms: {
        en: list("data, details, contract number, full name, account, security, secure, permission, permissions, blocked it, feels safe, out loud, discretion, leak"),
        lt: list("duomen*, paskyr*, leidimo, leidim*, duomenis, užblokavo, saugum*, saugiai, diskretišk*"),
        ru: list("аккаунт*, договора, разрешени*, данны*, заблокировали, безопасност*, защищен*, вслух, деликатност*"),
        fi: list("tiedot, tietoja, tili*, lupa*, lupaa, estivät, estettiin, tietoturva*, turvallis*, turvassa, ääneen, hienotunteisuu*"),
      },
    },
    spam_ads: {
      stage: "acquisition",
      description: "unwanted marketing: too many ads, newsletters, calls or SMS; can't unsubscribe",
      terms: {
        en: list("spam, spammed, spamming, full-screen ad, pop-up, popup, pop-ups, promo notifications, promotional, promo emails, marketing emails, marketing calls, unsubscribe, unsubscribed, unsubscribing, opt out, opted out, sms offers, cold calls, daily calls, calls from partners, selling loans, junk mail, too many ads, ads every, full-screen ad, promo notifications, sms offers, newsletter every, turn off sms, turn them off"),
        lt: list("spam*, šlamšt*, reklama per visa ekrana, reklama per visą ekraną, iššokant*, atsisakyt*, atsisakyti, atsisakymo, kasdien skambina, partneriai, paskolom, paskolų, nepageidaujam*, reklama per visą ekraną, sms pasiūlymų, atsisakyti sms, pranešimai su akcijom, atsisakiau naujienlaiškio, atsisakiau naujienlaiskio, kasdien skambina"),
        ru: list("спам*, навязчив*, отписал*, отписаться, отписк*, смс с акциями, пуши, пуш-уведомлени*, звонят, партнеры, партнёры, с кредитами, кредитами, реклама на весь экран, смс с акциями, отписался от рассылки, каждый день звонят"),
        fi: list("roskaposti*, spam*, koko ruudun mainos, peruin tilauksen, tilauksen peruminen, peruutin, peru tilaus, perua uutiskirje*, perua markkinointi*, markkinointi*, kampanjaviesti*, push-ilmoitu*, puskaa, soitellaan, soittelee, kumppani*, lainaa, lainoja, tyrkyt*, koko ruudun mainos, peruin uutiskirjeen, joka päivä soittaa"),
      },
      weakTerms: {
        en: list("every day, every single day, daily, two a day, emails, sms, calls, ads, adverts, advert, advertising, offers, deals, notifications, newsletter, newsletters"),
        lt: list("kasdien, kas dieną, laiškai, sms, reklam*, pasiūlym*, akcij*, pranešim*, atsisakiau, naujienlaišk*"),
        ru: list("каждый день, письма, смс, реклам*, акци*, уведомлени*, предложени*, рассылк*"),
        fi: list("joka päivä, päivittäin, viestejä, tekstiviesti*, sähköposteja, mainos*, mainokset, tarjous*, tarjoukset, ilmoitukset, ilmoituksia"),
      },
    },
  },
};
