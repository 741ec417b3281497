/**
 * Turns response bytes into text. Feeds from Lithuanian and Russian sites still arrive in
 * windows-1257 / windows-1251 / koi8-r, often declared only in the XML prolog or an HTML <meta>,
 * so the precedence below follows the WHATWG encoding-sniffing order: BOM, then the transport
 * (Content-Type charset, RFC 9110 §8.3.2), then the document's own declaration, then UTF-8.
 * Node's TextDecoder (full ICU) supports every WHATWG label, including all of the above.
 */

/** How many leading bytes are searched for an XML prolog or HTML <meta> declaration (WHATWG prescan). */
const SNIFF_BYTES = 1024;

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bytes: [0xff, 0xfe], encoding: "utf-16le" },
  { bytes: [0xfe, 0xff], encoding: "utf-16be" },
];

const XML_PROLOG = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([\w.:-]+)["']/i;
// Matches both <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
const HTML_META = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i;

/** The `charset` parameter of a Content-Type header, lower-cased and unquoted; undefined when absent. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(contentType);
  const label = (match?.[1] ?? match?.[2])?.trim().toLowerCase();
  return label ? label : undefined;
}

/**
 * Decodes a body: a BOM wins, then the Content-Type charset, then an XML prolog `encoding="…"` or
 * HTML <meta> charset in the first 1024 bytes, else UTF-8. Unknown labels are skipped, never thrown.
 * When nothing was declared and the bytes are not valid UTF-8, guesses windows-1251 or
 * windows-1257 from the byte mix; otherwise invalid sequences become U+FFFD.
 */
export function decodeBody(body: Buffer, contentType?: string): string {
  const bom = BOMS.find(({ bytes }) => bytes.every((byte, i) => body[i] === byte));
  // The decoder strips the BOM itself (ignoreBOM defaults to false).
  if (bom) return new TextDecoder(bom.encoding).decode(body);

  const declared = toEncoding(charsetOf(contentType)) ?? sniffDeclaredEncoding(body);
  if (declared) return new TextDecoder(declared).decode(body);

  const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
  try {
    return strictUtf8.decode(body);
  } catch (error) {
    // Invalid UTF-8 with no declaration at all: an old single-byte page. The fatal decoder's
    // TypeError is the signal, not a failure to report.
    if (!(error instanceof TypeError)) throw error;
    return new TextDecoder(guessLegacyEncoding(body)).decode(body);
  }
}

/** The XML prolog or HTML <meta> charset within the first 1024 bytes, if it names a known encoding. */
function sniffDeclaredEncoding(body: Buffer): string | undefined {
  // latin1 maps each byte to one char, so ASCII declarations are found whatever the real charset.
  const head = body.subarray(0, SNIFF_BYTES).toString("latin1");
  const label = XML_PROLOG.exec(head)?.[1] ?? HTML_META.exec(head)?.[1];
  const encoding = toEncoding(label);
  // A UTF-16 declaration readable as ASCII is a lie (the bytes would be two-wide); WHATWG
  // "prescan a byte stream" says to use UTF-8 instead.
  return encoding === "utf-16le" || encoding === "utf-16be" ? "utf-8" : encoding;
}

/** The WHATWG encoding name for a label, or undefined when the label is unknown. */
function toEncoding(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label).encoding;
  } catch (error) {
    // TextDecoder rejects unknown labels with a RangeError; an unknown label counts as no label.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * Cyrillic words in windows-1251 are runs of high bytes (letters are 0xC0–0xFF), while Baltic
 * words in windows-1257 are ASCII letters with an occasional lone ą/č/ė/š/ž. So the share of
 * high bytes that follow another high byte separates the two, and ASCII markup around the text
 * (feed tags, URLs) does not skew it.
 */
function guessLegacyEncoding(body: Buffer): "windows-1251" | "windows-1257" {
  let high = 0;
  let highAfterHigh = 0;
  let previous = 0;
  for (const byte of body) {
    if (byte >= 0xc0) {
      high++;
      if (previous >= 0xc0) highAfterHigh++;
    }
    previous = byte;
  }
  return highAfterHigh * 2 > high ? "windows-1251" : "windows-1257";
}
