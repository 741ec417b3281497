import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toAuthorHash, toAuthorKey, toScrubbedRaw } from "../../src/text/pii-author.js";
import { isFiPersonalId, isIbanValid, isLtPersonalCode, isLuhnValid, isRuSnils } from "../../src/text/pii-checksums.js";
import { findPiiSpans, PII_TYPES, toRedacted } from "../../src/text/redact.js";
import { evaluatePii, loadLabeled, renderPiiTable } from "./pii-eval.js";

describe("findPiiSpans e-mail search", () => {
  it("finds exactly what the e-mail pattern finds over the whole text", () => {
    const EMAIL = /(?<![\p{L}\p{N}._%+@-])[\p{L}\p{N}][\p{L}\p{N}._%+'-]*@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}(?![\p{L}\p{N}-])/gu;
    const piece = fc.constantFrom("a", "jo", "@", ".", "-", "_", "+", "lt", "com", " ", "\u00a0", "\n", "ž", "<", ">", "\"", ",", "x.y@z.lt", "@@", "ex-ample");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((a) => a.join("")), (text) => {
        const expected = [...text.matchAll(EMAIL)].map((m) => [m.index, m.index + m[0].length]);
        const found = findPiiSpans(text).filter((s) => s.type === "email").map((s) => [s.start, s.end]);
        expect(found).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("toRedacted", () => {
  it.each([
    // [name, input, expected]
    ["e-mail", "write to jonas.petraitis@pastas.example.lt now", "write to [email] now"],
    ["unicode e-mail", "rašykite rūta.žukauskienė@paštas.lt", "rašykite [email]"],
    ["LT mobile, international", "+370 612 34567", "[phone]"],
    ["LT mobile with trunk prefix", "skambinkite 8 612 34567", "skambinkite [phone]"],
    ["FI mobile", "puh. 040 123 4567", "puh. [phone]"],
    ["RU mobile", "звоните 8 (912) 345-67-89", "звоните [phone]"],
    ["UK landline", "call 020 7946 0958", "call [phone]"],
    ["US number", "(415) 555-0123", "[phone]"],
    ["Luhn-valid card in groups", "card 4111 1111 1111 1111 declined", "card [card] declined"],
    ["IBAN printed in groups, a capital word after it", "to LT12 1000 0111 0100 1000 OK", "to [iban] OK"],
    ["LT asmens kodas", "asmens kodas 38703181745", "asmens kodas [personal_id]"],
    ["FI henkilötunnus", "hetu 131052-308T", "hetu [personal_id]"],
    ["RU СНИЛС", "СНИЛС 112-233-445 95", "СНИЛС [personal_id]"],
    ["UK National Insurance number", "NI AB123456C", "NI [personal_id]"],
  ])("replaces %s", (_name, input, expected) => {
    expect(toRedacted(input).text).toBe(expected);
  });

  it.each([
    ["an order number", "Order #4411 is late"],
    ["an order number shaped like a phone, after an order word", "Užsakymo nr. 861234567 vėluoja"],
    ["ISO and European dates with a time", "2026-11-23 and 23.11.2026 14:30"],
    ["prices", "€1 299,00, 129,99 € and 15 490 ₽"],
    ["a parcel code and a postcode", "LT123456789LT, LT-01103 Vilnius"],
    ["a 16-digit number failing Luhn", "serial 5105105105105106"],
    ["an IBAN with wrong check digits", "GB00 WEST 1234 5698 7654 32"],
    ["an LT code with a wrong check digit", "38703181746"],
    ["an 18-digit platform id that passes Luhn", "status 624434199341190000"],
    ["digits inside a link", "https://shop.example.lt/order/86123456789"],
    ["a fediverse handle", "@nordvik_help@mastodon.social"],
    ["an IP address after a phone word", "call 193.26.217.150 now"],
  ])("leaves %s alone", (_name, input) => {
    expect(toRedacted(input)).toMatchObject({ text: input, count: 0 });
  });

  it("counts replacements per type", () => {
    const result = toRedacted("a@example.com, b@example.com, +370 612 34567, 4111111111111111");
    expect(result.count).toBe(4);
    expect(result.byType).toEqual({ email: 2, phone: 1, card: 1, iban: 0, personal_id: 0 });
  });

  it("meets the precision/recall floors on the labeled set (fixtures/pii/labeled.jsonl)", () => {
    const evaluation = evaluatePii(loadLabeled());
    console.info(`PII redaction on ${evaluation.examples} labeled texts (${evaluation.negatives} negatives):\n${renderPiiTable(evaluation)}`);
    expect(evaluation.examples).toBeGreaterThan(300);
    const labeled = PII_TYPES.reduce((sum, t) => sum + evaluation.byType[t].labeled, 0);
    expect(labeled).toBeGreaterThanOrEqual(350);
    // Measured: 100% precision for every type; recall 100% except e-mail 97.8% (two spelled-out
    // addresses, "jonas at example dot com", are deliberate misses). The floors leave a little room.
    for (const type of PII_TYPES) {
      expect(evaluation.byType[type].precision, type).toBeGreaterThanOrEqual(0.97);
      expect(evaluation.byType[type].recall, type).toBeGreaterThanOrEqual(0.95);
    }
  });

  it("never throws, is idempotent and leaves text without digits or @ untouched (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        const once = toRedacted(text);
        expect(toRedacted(once.text).count).toBe(0);
        if (!/[\d@]/u.test(text)) expect(once.text).toBe(text);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9 +()@.\-a-z]{0,120}$/u), (text) => {
        for (const span of findPiiSpans(text)) expect(span.end).toBeGreaterThan(span.start);
      }),
      { numRuns: 500, examples: [["JONAS@Social.Example", "s@ſ"]] },
    );
  });

  it("stays linear on a 200 kB hostile line of digit groups (no catastrophic backtracking)", () => {
    const text = "12 ".repeat(70_000) + "x@" + "a.".repeat(20_000);
    expect(toRedacted(text).count).toBe(0);
  });
});

describe("check digits", () => {
  it.each([
    ["Luhn", isLuhnValid("4111111111111111"), isLuhnValid("4111111111111112")],
    ["IBAN mod 97", isIbanValid("GB82WEST12345698765432"), isIbanValid("GB82WEST12345698765433")],
    ["IBAN country length", isIbanValid("LT121000011101001000"), isIbanValid("LT1210000111010010001")],
    ["LT asmens kodas", isLtPersonalCode("38703181745"), isLtPersonalCode("38713181745")],
    ["FI henkilötunnus", isFiPersonalId("131052-308T"), isFiPersonalId("131052-308U")],
    ["RU СНИЛС", isRuSnils("11223344595"), isRuSnils("11223344596")],
  ])("%s accepts the valid value and refuses the altered one", (_name, valid, altered) => {
    expect(valid).toBe(true);
    expect(altered).toBe(false);
  });
});

describe("author pseudonyms", () => {
  const key = Buffer.alloc(32, 7);

  it("hashes the same handle differently per source kind and per key", () => {
    expect(toAuthorHash(key, "reddit", "Jonas")).not.toBe(toAuthorHash(key, "hackernews", "Jonas"));
    expect(toAuthorHash(key, "reddit", "Jonas")).not.toBe(toAuthorHash(Buffer.alloc(32, 8), "reddit", "Jonas"));
    expect(toAuthorHash(key, "reddit", "Jonas")).toMatch(/^[0-9a-f]{64}$/u);
  });

  it("treats case, a leading @ and Unicode form as the same handle", () => {
    expect(toAuthorKey(" @Rūta ")).toBe(toAuthorKey("ru\u0304ta"));
    expect(toAuthorHash(key, "mastodon", "@Jonas@Mastodon.Social")).toBe(toAuthorHash(key, "mastodon", "jonas@mastodon.social"));
  });

  it("takes the author and personal data out of a JSON payload, decoding escapes first", () => {
    const raw = JSON.stringify({
      id: "109",
      account: { acct: "jonas", display_name: "Jonas P." },
      url: "https://social.example/@jonas/109",
      content: "call me on +370 612 34567 or mail j\u0040example.com",
    });
    const scrubbed = toScrubbedRaw(raw, { redact: true, author: "jonas@social.example" });
    expect(JSON.parse(scrubbed)).toEqual({ id: "109", account: "[author]", url: "https://social.example/@[author]/109", content: "call me on [phone] or mail [email]" });
  });

  it("scrubs a truncated JSON payload as text", () => {
    const scrubbed = toScrubbedRaw('{"author":"jonas","text":"mail jonas@example.com', { redact: true, author: "jonas" });
    expect(scrubbed).not.toContain("jonas");
    expect(scrubbed).toContain("[email]");
  });

  it("removes the author case-insensitively, longest spelling first, exactly as a /iu pattern would", () => {
    const reference = (text: string, handle: string) => {
      const key = toAuthorKey(handle);
      const variants = [...new Set([key, ...(key.indexOf("@") > 0 ? [key.slice(0, key.indexOf("@"))] : [])])].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length);
      if (variants.length === 0) return text;
      return text.replace(new RegExp(variants.map((v) => v.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")).join("|"), "giu"), "[author]");
    };
    const letters = fc.constantFrom("a", "B", "j", "O", "n", "s", "@", ".", " ", "ž", "Ž", "Ж", "ж", "ſ", "K", "İ", "ß", "x");
    const handle = fc.array(letters, { minLength: 3, maxLength: 8 }).map((a) => a.join(""));
    const text = fc.array(fc.oneof(letters, fc.constantFrom("Jonas", "JONAS@Social.Example", "jonas", "ЖАННА")), { maxLength: 30 }).map((a) => a.join(""));
    fc.assert(
      fc.property(text, fc.oneof(handle, fc.constantFrom("jonas@social.example", "Жанна", "SSo")), (t, h) => {
        expect(toScrubbedRaw(t, { redact: false, author: h })).toBe(reference(t, h));
      }),
      { numRuns: 500 },
    );
  });

  it("keeps the author when asked to and only redacts", () => {
    expect(toScrubbedRaw("<item><author>jonas</author>+370 612 34567</item>", { redact: true })).toBe("<item><author>jonas</author>[phone]</item>");
  });
});
