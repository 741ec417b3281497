import { describe, expect, it } from "vitest";
import { charsetOf, decodeBody } from "../../src/http/charset.js";

// Byte sequences written out by hand (python3 str.encode) so no encoder under test produces them.
const LT_WINDOWS_1257 = "5369756e74612076eb6c756f6a61206a617520736176616974e6"; // Siunta vėluoja jau savaitę
const RU_WINDOWS_1251 = "c4eef1f2e0e2eae020e7e0e4e5f0e6e8e2e0e5f2f1ff"; // Доставка задерживается
const RU_KOI8_R = "e4cfd3d4c1d7cbc120dac1c4c5d2d6c9d7c1c5d4d3d1"; // Доставка задерживается
const LT = "Siunta vėluoja jau savaitę";
const RU = "Доставка задерживается";

/** ASCII text and hex runs (written as `<hex:…>`) joined into one buffer. */
function bytes(template: string): Buffer {
  const parts = template.split(/<hex:([0-9a-f]+)>/);
  return Buffer.concat(parts.map((part, i) => (i % 2 === 1 ? Buffer.from(part, "hex") : Buffer.from(part, "latin1"))));
}

function utf16be(text: string): Buffer {
  return Buffer.from(text, "utf16le").swap16();
}

describe("decodeBody", () => {
  it.each([
    // The transport's charset parameter is the first declaration consulted (RFC 9110 §8.3.2).
    { name: "windows-1257 from Content-Type", body: bytes(`<p><hex:${LT_WINDOWS_1257}></p>`), contentType: "text/html; charset=windows-1257", expected: LT },
    { name: "windows-1251 from Content-Type", body: bytes(`<hex:${RU_WINDOWS_1251}>`), contentType: "text/plain; charset=windows-1251", expected: RU },
    { name: "koi8-r from Content-Type", body: bytes(`<hex:${RU_KOI8_R}>`), contentType: "text/plain; charset=KOI8-R", expected: RU },
    { name: "quoted charset value", body: bytes(`<hex:${LT_WINDOWS_1257}>`), contentType: 'text/plain; charset="windows-1257"', expected: LT },
    // A BOM is stronger evidence than any label (WHATWG "decode"); it is stripped from the text.
    { name: "UTF-8 BOM beats a contradicting header", body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RU, "utf8")]), contentType: "text/plain; charset=windows-1251", expected: RU },
    { name: "UTF-16LE BOM", body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RU, "utf16le")]), contentType: undefined, expected: RU },
    { name: "UTF-16BE BOM", body: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(LT)]), contentType: "application/xml", expected: LT },
    // Feeds often declare their charset only in the prolog; application/rss+xml has no charset here.
    { name: "XML prolog encoding", body: bytes(`<?xml version="1.0" encoding="windows-1257"?><title><hex:${LT_WINDOWS_1257}></title>`), contentType: "application/rss+xml", expected: LT },
    { name: "XML prolog with single quotes and no header", body: bytes(`<?xml version='1.0' encoding='windows-1251'?><t><hex:${RU_WINDOWS_1251}></t>`), contentType: undefined, expected: RU },
    { name: "HTML <meta charset>", body: bytes(`<!doctype html><meta charset="windows-1251"><p><hex:${RU_WINDOWS_1251}></p>`), contentType: "text/html", expected: RU },
    { name: "HTML http-equiv Content-Type", body: bytes(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head><p><hex:${RU_KOI8_R}></p>`), contentType: "text/html", expected: RU },
    // RFC 7303 §3.2: the charset parameter is authoritative over the XML prolog.
    { name: "Content-Type charset beats the prolog", body: bytes(`<?xml version="1.0" encoding="utf-8"?><t><hex:${RU_WINDOWS_1251}></t>`), contentType: "text/xml; charset=windows-1251", expected: RU },
    // An unknown header label counts as no label, so the document's own declaration still applies.
    { name: "unknown header label falls through to the prolog", body: bytes(`<?xml version="1.0" encoding="windows-1257"?><t><hex:${LT_WINDOWS_1257}></t>`), contentType: "text/xml; charset=x-no-such-charset", expected: LT },
    { name: "unknown labels everywhere decode as UTF-8", body: Buffer.from(`<?xml version="1.0" encoding="bogus"?><t>${LT}</t>`, "utf8"), contentType: "text/xml; charset=bogus", expected: LT },
    // A readable-as-ASCII UTF-16 declaration cannot be true (WHATWG prescan): use UTF-8.
    { name: "meta claiming utf-16 decodes as UTF-8", body: Buffer.from(`<meta charset="utf-16"><p>${LT}</p>`, "utf8"), contentType: "text/html", expected: LT },
    { name: "undeclared valid UTF-8", body: Buffer.from(`<p>${RU}</p>`, "utf8"), contentType: "text/html", expected: RU },
    // Nothing declared and not UTF-8: guess the legacy charset from the byte mix.
    { name: "undeclared windows-1257 is sniffed", body: bytes(`<item><title><hex:${LT_WINDOWS_1257}></title><link>https://example.lt/a</link></item>`), contentType: "application/rss+xml", expected: LT },
    { name: "undeclared windows-1251 is sniffed despite ASCII markup", body: bytes(`<item><title><hex:${RU_WINDOWS_1251}></title><link>https://example.ru/some/long/path?with=query</link></item>`), contentType: undefined, expected: RU },
  ])("$name", ({ body, contentType, expected }) => {
    expect(decodeBody(body, contentType)).toContain(expected);
  });

  it("keeps a mislabelled body (declared UTF-8, really windows-1257) readable with U+FFFD instead of throwing", () => {
    // A declared charset is trusted; sniffing only applies when nothing was declared.
    const text = decodeBody(bytes(`<hex:${LT_WINDOWS_1257}>`), "text/plain; charset=utf-8");
    expect(text).toBe("Siunta v\uFFFDluoja jau savait\uFFFD");
  });

  it("strips the BOM from the decoded text", () => {
    expect(decodeBody(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe("a");
  });

  it("ignores declarations beyond the first 1024 bytes", () => {
    const body = Buffer.concat([Buffer.from(" ".repeat(1024)), bytes(`<meta charset="windows-1251"><hex:${RU_WINDOWS_1251}>`)]);
    // Undeclared and invalid UTF-8, so the sniffer (not the late <meta>) decides, and still gets it right.
    expect(decodeBody(body, "text/html")).toContain(RU);
  });
});

describe("charsetOf", () => {
  it.each([
    { name: "plain parameter", contentType: "text/xml; charset=windows-1257", expected: "windows-1257" },
    { name: "upper case and spaces", contentType: "text/HTML ;  Charset=UTF-8", expected: "utf-8" },
    { name: "quoted value", contentType: 'text/plain; charset="koi8-r"', expected: "koi8-r" },
    { name: "after another parameter", contentType: "application/xml; q=1; charset=iso-8859-13", expected: "iso-8859-13" },
    { name: "no parameter", contentType: "application/rss+xml", expected: undefined },
    { name: "empty value", contentType: "text/html; charset=", expected: undefined },
    { name: "no header", contentType: undefined, expected: undefined },
  ])("$name", ({ contentType, expected }) => {
    expect(charsetOf(contentType)).toBe(expected);
  });
});
