import type { LexiconSource } from "./types.js";

/**
 * Finnish cues, written for earshot (FinnSentiment and the Finnish SentiStrength list were not
 * copied). Finnish is agglutinative, so most entries are stems ending in * (huono, huonoa,
 * huonosti); spoken forms ("ei oo", "toimii ihan ok") are included beside the written ones.
 * Negation is a verb (ei, en, et, emme, ette, eivät), handled as a negator.
 */
export const finnish: LexiconSource = {
  lang: "fi",
  valence: `
    -4: ei enää ikinä, ei ikinä enää, enää ikinä, ikinä enää, en suosittele, älkää ostako, älkää tilatko, huijau*, huijari*, huijaus*, huijaa, huijasi, ryöstö*, surkea*, surkee, kamala*, kamalaa, kauhea*, kauheeta, hirveä*, hirvee*, järkyttäv*, pöyristyttäv*, syvältä, paska*, perseestä, vituttaa, vitun, ketuttaa, skandaali*
    -3: naurettav*, pelle*, sirkus*, pettymys, pettyny*, pettyi*, petyin, pettää, raivo*, suututta*, suutu*, vihai*, vihastu*, kyllästy*, riittää jo, en tilaa enää, en enää tilaa, tilaan muualta, ei kiitos, epäkohteliaa*, epäkohtelia*, töykeä*, tyly*, ammattitaidoton, ammattitaidottom*, osaamaton, osaamattom*, välinpitämätö*, ala-arvoi*, onneton, täysin turha*
    -2.5: löi luurin, lyö luurin
    -2: huono*, huonoa, huonosti, huonompi, huonoin, rikki, hajosi, hajos*, hajon*, hajoa*, rikkoutu*, rikkin*, ei toimi, lakkasi toimimasta, kaatuu, kaatui, kaatuil*, kaatu*, jumittaa, jumitta*, jumii, kadon*, kadonnut, hukassa, hukkunut, hävis*, vahingoittu*, kastu*, märkä, märkänä, litistyn*, lyttyyn, ruttuun, vino, vinossa, heiluu, huojuu, vääntyi, vääntyn*, pahvi*, turha*, hyödytö*, harhaanjohtav*, harhaanjohta*, ärsyttä*, ärsyy, ärsyttävää, ärsyttävä, pettymy*, harmittaa, harmi, sääli, surullin*, hiljaisuus, hiljaista, ei vastausta, ei vastauksia, nolla vastausta, roskaposti*, spam*, tyrkyt*, tyrkytys*, etana*, labyrintti*, sokkelo*, ärsyt*, valitettav*, kiusa*, vuoti, vuotanut, vuodettu, vuodet*, ongelmallin*, kehno*, heikko*, heikosti, paha, pahaa, pahasti, pahempi, pahin
    -1.5: myöhässä, myöhästy*, myöhä*, viivästy*, viive*, kylmä*, jäähtyn*, kallis, kallii*, liian kallis, hintava*, piilo*, hidas*, hitaa*, hitaasti, sekava*, epäselv*, ongelm*, valitettavasti, omituin*, rasittav*, tökki*, takkuaa, takkuil*, tosissaan, oikeesti
    -0.5: outo, outoa, outoo, oudosti, virhe, virheen, virheitä, katkeilee, pätkii
    -1.5: pätkivä, en pysty
    -1: jono*, jonottaa, jonotin, jonotus*, odotus*, odotin, odottaa, odotella, odottelu*, valitus*, varo*, varokaa, vähän paljon
    1: ok, okei, oke, ihan ok, kelpo, kelpaa, siedettävä, toimi hyvin, ratkes*, ratkais*, korjattu, korjasivat, turvallis*, turvassa, keskiverto, ihan hyvin
    1.5: nopea*, nopeaa, nopeasti, nopee*, näppärä*, kätevä*, kätevästi, helppo*, helposti, helpp*, selke*, selvä*, ajallaan, ajoissa, tarkka, tarkasti, tarkat, asiallis*, ystävälli*, kohteliaa*, kohtelias, ammattitai*, palvelualtti*, huolelli*, varovasti
    2: hyvä, hyvää, hyvin, hyviä, hyvät, hyvän, hyvältä, kiitos, kiitokset, kiittää, kiitti, kiitollinen, tykkään, tykkäsin, tykkää*, kiva*, mukava*, suosittelen, suosittelen lämpimästi, tyytyväi*, ei ongelmia, ei mitään ongelmaa, ei valittamista, ei moitittavaa, ei yllätyksiä, ei jonoa, ei jonoja, ilman jonoa, kuin uusi, kuin uudet, kuin uutena, näyttää uudelta, respect, respektii, herkullin*, maukas*, maistuva*, onnistu*, kehu*, kehut, hatunnosto, hattua, pelasti, pelastit, auttoi, autto*
    3: paras, parasta, parhai*, loistava*, loistavaa, loistoa, erinomai*, mahtava*, mahtavaa, upea*, upeaa, upee*, huippu*, huipput*, ihana*, täydellin*, rakastan, ihastu*, fantastin*, mieletön, mielettömän, timanttinen, kympin, todella hyvä, iso kiitos, suuri kiitos, lämmin kiitos, kiitos paljon, kiitos kovasti
  `,
  problems: `
    1: ei toimi, ei toiminut, ei onnistu, ei onnistunut, ei tule, ei tullut, ei ole tullut, ei oo tullu*, ei oo tullut, ei oo vieläkään, ei kuulu, ei kuulunut, ei vastaa, ei vastannut, ei vastattu, ei vastata, ei soitettu, ei soittanut, ei palautettu, ei hyväksy, ei hyväksytä, ei suostu, ei mahdu, ei auennut, ei aukea, ei pääse, en pääse, en saa, en saanut, en pysty, en pystynyt, en voi, en voinut, emme saa, vieläkään, edelleen, yhä, vielä ei, ei vielä, virhe*, pitäisi olla, liian, vähän paljon, aika paljon, kahdesti, kaksi kertaa, veloitettiin kahdesti, veloitti kahdesti, sen sijaan, kesti pidempään, kesti kauemmin, rikki, hajosi, hajos*, kaatuu, kaatu*, kadon*, hukassa, myöhässä, myöhästy*, viivästy*, hylät*, hylkäs*, evät*, mahdoton*, kukaan ei, ei kukaan, piilo*
    0.7: piti, lupasi, luvattiin, lupas*, ei koskaan, ei mitään, ei mitään tietoa, taas, uudestaan, uudelleen, joka kerta, joka ikinen, # päivää sitten, # viikkoa sitten, # kuukautta sitten, # tuntia sitten, # minuuttia sitten, jo # päivää, jo # viikkoa, jo # kuukautta, jo # tuntia, jo viikon, jo viikko, jo kuukauden, tiistaista asti, maanantaista asti, keskiviikosta asti, torstaista asti, perjantaista asti, pyydän palauttamaan, pyydän poistamaan, voisitteko tarkistaa, voitteko tarkistaa, tunnettu ongelma, nostivat, nosti, vain yksi, vain yks, yksi tiski, kolmannen kerran, kolme kertaa
    0.5: ei, en, et, eivät, ette, emme, eikä, nolla, vain, jono*, jonotin, jonottaa, odotin, odottaa, linjalla
  `,
  negators: "ei, en, et, emme, ette, eivät, eikä, enkä, älä, älkää, ilman, ei yhtään, ei mitään, ei koskaan, ei ikinä, kukaan ei, mikään ei",
  boosters: "todella, tosi, erittäin, aivan, ihan, hyvin, niin, aika, täysin, kerrassaan, älyttömän, hirveän, kauhean, tavattoman, super, superi, todellakin, oikein, mega, yli, liian, aivan liian, ihan liian",
  diminishers: "vähän, hieman, melko, jokseenkin, suhteellisen, hiukan, osittain, lähes, melkein, noin, kohtalaisen, muuten",
  contrast: "mutta, kuitenkin, vaikka, silti, toisaalta, sen sijaan, tosin",
  questionWords: "miten, kuinka, paljonko, missä, mistä, milloin, mikä, mitä, mihin, kuka, voiko, onko, saako, pitääkö, tarvitseeko, toimiiko, kannattaako, tietääkö, kumpi, voinko, saanko, oletteko, onks, voiks",
  politeness: "hei, moi, terve, ystävällisesti, voisitteko, voitteko, pyydän, tiedoksi, vinkki, kiitos etukäteen",
  sarcasm: "uusi ennätys, ylpeä teistä, olen ylpeä, kiitos vaan, kiitti vaan, kiitos tästä, mahtavaa, hienoa, bravo, onneksi olkoon, just joo, joo joo, tunnen oloni tosi turvalliseksi",
};
