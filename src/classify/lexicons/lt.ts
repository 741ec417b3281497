import type { LexiconSource } from "./types.js";

/**
 * Lithuanian cues, written for earshot (no public Lithuanian sentiment lexicon exists). Stems
 * end in * because Lithuanian inflects heavily (blogas, blogai, blogą, blogiausias); terms are
 * folded, so "blogai" and ASCII-typed "blogai", "vėluoja" and "veluoja" match alike.
 */
export const lithuanian: LexiconSource = {
  lang: "lt",
  valence: `
    -4: niekada daugiau, niekad daugiau, daugiau niekada, nerekomenduoju, nepirkit*, apgavik*, sukčiai, sukčių, sukčiau*, apgaul*, lupikau*, gėda, gėdinga, šlykšt*, pasibaisėtin*, košmar*, siaub*
    -3: baisu*, baisus, baisi*, baisiai, tragišk*, katastrof*, nesąmon*, absurd*, įsiut*, užkniso, atsibodo, nusibodo, nusivyli*, nusivyl*, nuvyl*, tyčiojas*, tyčioj*, juokas, juokinga, cirkas, cirke, cirko, pykt*, pikt*, kankin*, nekokybišk*, nekompetenting*, niekam tikęs, niekam tikus, niekam tikusi, neužsakysiu, nebeužsakysiu, nebepirksiu, nepirksiu, daugiau nebe*, atmink*
    -2.5: padėjo ragelį, metė ragelį, negaliu dirbt*, negaliu dirbti
    -2: blog*, prast*, sugedo, suged*, sulūž*, sulauž*, neveik*, nebeveik*, sugadin*, sudauž*, sulamdyt*, nemandag*, grub*, įžūl*, nenaudinga*, bevert*, klaidin*, meluo*, melag*, apgav*, apgaudinė*, įkyr*, šlamšt*, spam*, erzin*, nervin*, vargas, vargo, bėda, nelaimė, liūd*, gaila, nepatenkint*, nepatiko, nepatinka, nulis atsakymų, tyla, pamest*, pasimet*, pražuv*, sugadint*, permirk*, apgavyst*, kreiva*, kreivas, klib*, nėra tvarkos, laiko švaist*, pinigų švaist*, veltui, klaidinanti, vėžl*, skandal*, nemalon*, nepakenčiam*
    -1.5: vėluo*, vėlav*, pavėl*, vėlai, strig*, lūžt*, išmet*, brang*, per brang*, labirint*, deja, problem*, bėd*, trikd*, nesklandum*, šalt*, atšal*, nesusipratim*, chaos*, nepatogu*, nepatogi*, nepatogus, lėt*, lėtai, kažkoks, kažkokie, rimtai
    -0.5: keista, keistai, klaida, klaidą, klaidos, dingsta, dingo
    -1: atsargiai su, skund*, eilė, eilės, eilėj, eilėje, laukti, laukiu, laukiam, laukėm, laukiau, paslėpt*, kiek daug, per daug, daugoka, prastok*
    1: normal*, tvarkoj, tvarkoje, ok, okei, saugiai, saugu, išspręst*, sutvark*, pataisė, vidutiniškai
    1.5: greitai, greitas, greita, greiti, greitą, greitos, greičiau, paprasta, paprastas, paprasčiausias, paprasčiau, aiškus, aiški, aiškiai, aiškią, aiškų, aiškios, aiškūs, tiksli*, tikslus, tikslią, tikslų, laiku, patog*, žmoniškai, atsargiai, tvarking*, sklandži*, sklandus, padėjo, padėjot, padėjote, laikosi
    2: gera, geras, gerai, geri, geros, gerą, gerų, patinka, patiko, ačiū, aciu, dėkui, dėkoju, dėkojam, dėkoj*, dėking*, mandag*, malon*, draugišk*, profesional*, kokybišk*, kaip naujas, kaip nauja, kaip nauji, be problemų, jokių problemų, jokių priekaištų, be priekaištų, jokių staigmenų, jokių klausimų, jokios eilės, jokių eilių, be eilės, respect, valio, skanu, skanus, skani, skanūs, gražu, gražus, graži, gražios, gražiai, nieko blogo, neblogai, neblog*, rekomenduoj*, pagirt*, pagyr*, sėkmė, sėkmės, sėkmingai, sėkmingas, pavyko, džiaug*
    3: puik*, šaun*, nuostab*, super, geriausi*, geriausia, myliu, dievin*, patenkint*, laiming*, nerealu, nerealiai, idealiai, tobul*, fantastiš*, labai ačiū, didelis ačiū
  `,
  problems: `
    1: negaliu, negalim*, negalėjo, negalėjau, negali, neveik*, nebeveik*, nepavyk*, neatsak*, nesulauk*, negavau, negavom, negaunu, negrįžo, negrąžin*, nepriima, neatsidaro, neprisijung*, neišsiunt*, neatvyk*, neatvež*, nepristat*, nepaskambin*, neperskambin*, vis dar, vis tiek, dar ne*, iki šiol, klaid*, turėjo, per ilg*, per ilgai, per brang*, per daug, kiek daug, du kartus, dvigubai, vietoj, užtruko ilgiau, sugedo, suged*, sulūž*, sugadin*, dingo, dingsta, vėluo*, vėlav*, pavėl*, atmet*, nepriėm*, netelpa, neįmanoma, niekas, meta, išmeta, nuskaitė du kartus, paslėpt*
    0.7: žadėjo, pažadėjo, pažadėta, niekada, nieko, vėl, kaskart, kas kart, kiekvieną kartą, prieš # dien*, prieš # savait*, prieš # mėn*, prieš # val*, prieš # min*, jau # dien*, jau # savait*, jau # mėn*, jau # val*, jau # min*, jau savaitę, jau mėnesį, nuo pirmadienio, nuo antradienio, nuo trečiadienio, nuo ketvirtadienio, nuo penktadienio, prašau grąžinti, prašau ištrinti, gal galit patikrinti, galit patikrinti, žinoma problema, pakėlė, tik vienas, tik viena, tik vienas langelis, trečią kartą, tris kartus
    0.5: ne, nėra, nei, jokio, jokios, jokių, nulis, tik, laukiau, laukti, laukiu, eilė, eilės, eilėj, eilėje, linijoje
  `,
  negators: "ne, nėra, nebuvo, nebus, nei, niekada, niekad, niekas, nieko, jokio, jokios, jokių, jokia, be, vargu",
  boosters: "labai, ypač, tikrai, visiškai, baisiai, siaubingai, be galo, itin, nepaprastai, absoliučiai, totaliai, visai, net, tiesiog, realiai, žiauriai, kraupiai, tokia, toks, taip",
  diminishers: "šiek tiek, truputį, kiek, kažkiek, gana, pakankamai, šiaip, maždaug, beveik, kone, šiaip jau",
  contrast: "bet, tačiau, o, nors, vis dėlto, visgi, užtat",
  questionWords: "kaip, kiek, ar, kur, kada, koks, kokia, kokie, kokį, kuris, kuri, kurie, kodėl, gal, kam, kas, ką, kokių",
  politeness: "sveiki, laba diena, labas, prašau, gal galit, gal galite, galit patikrinti, patarimas, jei kam aktualu, dėkoju iš anksto, ačiū iš anksto",
  sarcasm: "naujas rekordas, didžiuojuosi, ačiū už, super, bravo, valio, šaunuoliai, nu ir, kaip gražu, sveikinu, jaučiuosi labai saugiai",
  negationPrefix: "ne",
};
