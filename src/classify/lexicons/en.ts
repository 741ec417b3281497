import type { LexiconSource } from "./types.js";

/**
 * English cues. The general vocabulary is AFINN-165 (loaded from natural, see afinn.ts); these
 * lines add customer-service phrasing AFINN lacks and override AFINN words whose everyday
 * sense misleads in feedback ("like" as a preposition, "support" as a department, "save" as a
 * button, "charged" as in a card payment).
 */
export const english: LexiconSource = {
  lang: "en",
  valence: `
    0: like, please, help, support, save, want, care, true, god, top, hope, blocked, yes, pretty, clear up, fine print, question, questions, well, no, charge, share, shares, interest, credit card, ok
    -4: never again, worst, scam, scammers, scammed, rip-off, ripoff, rip off, disgrace, disgraceful, appalling, atrocious, shambles, avoid at all costs
    -3: useless, ruined, ridiculous, unacceptable, pathetic, nightmare, incompetent, shocking, outrageous, joke of a, what a joke, a joke, sick of, fed up, fuming, livid, garbage, rubbish, terrible, awful, horrible, disgusting, never ordering again, won't order again, don't buy, do not buy, avoid, hell
    -2: broken, broke, faulty, defective, crashes, crashing, crashed, damaged, lost, misleading, overpriced, overcharged, rude, unhelpful, clueless, wasted, waste of, annoying, annoyed, frustrating, frustrated, disappointed, disappointing, disappointment, fails, failed, failing, fail, ignored, unanswered, worse, poor, mess, chaos, circus, ruined, soaked, squashed, warped, wobbly, wobbles, crooked, leaked, leak, spam, spammed, hidden fee*, trap, stuck, cold, died, dead, shrugged, hung up, hang up, rude, no idea, not a clue, zero discretion, zero replies, sloppy
    -1.5: late, delayed, delay, slow, slows, crawl, maze, silence, nothing, declined, cancelled, canceled, confusing, confused, annoy, bug, buggy, glitch, glitchy, freezes, frozen, nope, seriously, barely, expensive, pricey, steep, ugh, meh, sadly, unfortunately
    -0.5: weird, strange, odd, error, errors, drops, dropped, bag drop
    0: used, works, working, pay, paying
    -1: bit much, a bit much, too much, complaint, complaints, problem, problems, issue, issues, charged, wait, waiting, queue, queues, hold, careful with, worried, weird
    1: ok, okay, fine, decent, fair, reasonable, polite, safe, secure, sorted, solved, resolved, fixed
    1.5: quick, quickly, fast, easy, easily, simple, clear, clean, smooth, on time, careful, carefully, accurate, reliable, handy, convenient, tidy, patient, friendly, kind, on point, worth it
    2: zero queue, no queue, no queues, no wait, no waiting, thanks, thank you, thank, cheers, helpful, no complaints, no complaint, no problem, no problems, no issues, no surprises, no questions asked, no hassle, hassle-free, hassle free, like new, looks new, shout-out, shout out, credit to, kudos, respect, recommend, recommended, glad, pleased, nice, good, works like new, painless, sorted out, straight away, within minutes, in minutes, like it, i like, really like, love it, loved it, props to, well done
    // Social-media register AFINN lacks (VADER's tweets ground truth is full of it).
    2.5: yay, yaay, woohoo, woo-hoo, yippee, woot, w00t, hooray, can't wait, cannot wait, looking forward, so excited, xoxo
    // Everyday pleasant words of social posts (weekend plans, food, gifts), mildly positive.
    1: so true, do like, does like, did like, shiny, neat, giggle, giggling, party, partying, celebrate, celebrating, holiday, holidays, vacation, birthday, weekend, friday, gift, gifts, bonus, treat, treats, ready to go, tnx, thanx, pancakes, sunshine, relax, relaxing, chill, chilling, free drink, for free, totally free
    1.5: haha, hahaha, hehe, lol, lmao, rofl, thx, ty, yum, yummy, tasty, delicious, sweet, cute, congrats, congratulations, enjoy, enjoyed, enjoying, fab, awsome, gr8, luv, fav, fave, favourite, favorite, cozy, cosy, sunny
    -1.5: ugh, ugggh, argh, meh, boo, sucks, sucked, fml, smh, wtf, damn, dammit, grr, bleh, sigh, yuck, gross, lame, crap, crappy, shitty, sick, tired, exhausted, bored, boring, stressed, hate, hated, annoying
    3: great, excellent, perfect, brilliant, amazing, awesome, superb, flawless, fantastic, outstanding, gorgeous, best, happy, impressed, love, dead easy, spot on, bang on, life saver, lifesaver, highly recommend, 10/10, five stars, 5 stars
  `,
  problems: `
    1: is down, was down, went down, down again, can't, cannot, couldn't, won't, doesn't, didn't, haven't, hasn't, isn't, wasn't, wouldn't, aren't, not working, doesn't work, stopped working, no reply, no response, no answer, not received, never received, never arrived, never came, never called, still waiting, still not, still no, still hasn't, still haven't, still says, still shows, not yet, yet to, supposed to, error, errors, failed, fails, wrong, missing, far too, too long, too expensive, a bit much, too much, charged twice, double charged, took longer, longer than promised, instead of, unanswered, nobody, no one, no way to, impossible, keeps crashing, every time, broken, broke, damaged, lost, late, delayed, declined, rejected, refused, won't let, doesn't let, unable, hidden, misleading
    0.7: still, never, nothing, promised, said it would, # days ago, # weeks ago, # months ago, # hours ago, # minutes ago, for # days, for # weeks, for # hours, for # months, since monday, since tuesday, since wednesday, since thursday, since friday, since saturday, since sunday, please refund, please check, please delete, could you check, can you check, known issue, went up, gone up, only one, only 1, again, twice, three times, # times
    0.5: not, no, don't, zero, only, without, waiting, waited, wait, hold, queue
  `,
  negators: "not, no, never, n't, cannot, without, nobody, nothing, neither, nor, hardly, barely, didn't, doesn't, don't, isn't, wasn't, aren't, weren't, won't, wouldn't, can't, couldn't, haven't, hasn't, hadn't, shouldn't, ain't",
  boosters: "very, really, so, extremely, totally, absolutely, completely, utterly, super, incredibly, seriously, genuinely, truly, highly, such, way, too, most, hugely, deeply, literally, especially, particularly, remarkably, insanely",
  diminishers: "a bit, slightly, somewhat, a little, kind of, kinda, sort of, fairly, rather, quite, barely, mostly, partly",
  contrast: "but, however, though, although, yet, still, nevertheless, except, whereas, otherwise",
  questionWords: "how, what, which, where, when, why, who, is, are, do, does, did, can, could, will, would, should, anyone, any, has, have",
  politeness: "hi, hello, hey there, please, could you, can you please, kindly, fyi, tip, thanks in advance, regards, dear",
  sarcasm: "yeah right, oh great, just great, great job, well done, thanks a lot, thanks for nothing, so proud, new record, bravo, nice job",
};
