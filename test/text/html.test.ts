import { describe, expect, it } from "vitest";
import { collapseWhitespace, decodeHtmlEntities, htmlToText, looksLikeHtml } from "../../src/text/html.js";

describe("htmlToText", () => {
  it.each([
    // name, html, text
    ["plain text passes through", "Siunta vėluoja jau savaitę", "Siunta vėluoja jau savaitę"],
    ["inline tags vanish without adding spaces", "<b>Acme</b>’s <i>app</i>", "Acme’s app"],
    ["paragraphs become lines", "<p>one</p><p>two</p>", "one\ntwo"],
    ["br becomes a line break", "line one<br>line two<br/>three", "line one\nline two\nthree"],
    ["two br make a blank line", "a<br><br>b", "a\n\nb"],
    ["list items become lines, not blank lines", "<ul><li>a</li><li>b</li></ul>", "a\nb"],
    ["table cells are separated by spaces", "<table><tr><td>a</td><td>b</td></tr></table>", "a b"],
    ["script contents are dropped", "safe<script>alert('x')</script> text", "safe text"],
    ["style contents are dropped", "<style>p{color:red}</style>visible", "visible"],
    ["iframe and object contents are dropped", 'a<iframe src="x">frame</iframe><object>obj</object>b', "ab"],
    // XHTML-born feed markup: `<iframe/>` must not swallow the rest (feedparser sanitize/*_iframe).
    ["self-closing iframe keeps the following text", 'safe<iframe src="http://example.com/"/> description', "safe description"],
    ["comments are dropped", "a<!-- hidden -->b", "ab"],
    ["named, numeric and hex entities decode", "&eacute;&#269;&#x161; &amp; &lt;b&gt;", "éčš & <b>"],
    ["legacy entity without semicolon decodes", "&copy 2024", "© 2024"],
    ["unknown entity stays literal", "AT&T &doesnotexist;", "AT&T &doesnotexist;"],
    ["nbsp becomes a plain space and runs collapse", "a&nbsp;&nbsp; \n\t b", "a b"],
    ["source newlines are spaces in HTML", "one\ntwo", "one two"],
    ["unclosed tags still give their text", "<div><p>open <b>bold <i>both", "open bold both"],
    ["stray end tags are ignored", "a</p></div>b", "a\nb"],
    ["namespaced xhtml block tags break lines", "<xhtml:p>a</xhtml:p><xhtml:p>b</xhtml:p>", "a\nb"],
    ["empty input", "", ""],
    ["markup without text", '<img src="x.jpg">', ""],
  ])("%s", (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it("handles markup nested 20,000 deep without overflowing the stack", () => {
    const depth = 20_000;
    const html = "<div>".repeat(depth) + "deep" + "</div>".repeat(depth);
    expect(htmlToText(html)).toBe("deep");
  });

  it("handles 20,000 unclosed inline tags", () => {
    expect(htmlToText("<b><i>".repeat(10_000) + "x")).toBe("x");
  });

  it("handles a 2 MB single line", () => {
    const html = `<p>${"word ".repeat(400_000)}</p>`;
    const text = htmlToText(html);
    expect(text.length).toBe("word ".repeat(400_000).trim().length);
  });

  it("never lets a control character posing as the block marker through", () => {
    expect(htmlToText("a\u0001b")).toBe("ab");
  });
});

describe("looksLikeHtml", () => {
  it.each([
    ["a tag", "<p>x</p>", true],
    ["a self-closing tag", "a<br/>b", true],
    ["an entity", "Tom &amp; Jerry", true],
    ["a numeric entity", "don&#8217;t", true],
    ["a comment", "x <!-- y -->", true],
    ["plain text", "Siunta vėluoja", false],
    ["a comparison is not a tag", "1 < 2 and 3 > 2", false],
    ["a bare ampersand is not an entity", "AT&T", false],
  ])("%s", (_name, input, expected) => {
    expect(looksLikeHtml(input)).toBe(expected);
  });
});

describe("decodeHtmlEntities", () => {
  it.each([
    ["no ampersand is returned as is", "a < b", "a < b"],
    ["HTML named entities XML does not know", "testing &thinsp; entity", "testing \u2009 entity"],
    ["markup characters stay text", "&lt;b&gt; <i>", "<b> <i>"],
    ["double-escaped decodes once", "&amp;amp;", "&amp;"],
    ["XML's five and numeric references (fast path)", "&lt;&gt;&quot;&apos;&#65;&#x42;", "<>\"'AB"],
    // HTML maps C1 numeric references to windows-1252: &#146; is a right single quote.
    ["C1 numeric references follow the HTML rules", "don&#146;t", "don\u2019t"],
    ["a reference without a semicolon follows the HTML rules", "&amp x", "& x"],
    ["a NUL reference becomes U+FFFD", "&#0;", "\ufffd"],
  ])("%s", (_name, input, expected) => {
    expect(decodeHtmlEntities(input)).toBe(expected);
  });
});

describe("collapseWhitespace", () => {
  it("keeps lines, trims them and allows one blank line at most", () => {
    expect(collapseWhitespace("  a  b \r\n\r\n\r\n\n c\t")).toBe("a b\n\nc");
  });
});
