/**
 * `@asyncapi/html-template` (singleFile) embeds the parsed document as JSON in the page's last inline
 * `<script>` without escaping it, so a `</script>` inside an example payload (provider data, e.g. a
 * chat message) ends the script early: the page breaks and the rest of the document leaks into it as
 * markup. The embedded part is JSON plus fixed template code, so every `<` in it sits inside a JSON
 * string, where `\u003c` means the same character and can never close the element.
 */

const SCHEMA_MARKER = 'const schema = ';
const SCRIPT_OPEN = '<script>';
const SCRIPT_CLOSE = '</script>';
/** The fixed code the template puts after the embedded JSON; checked so a changed template fails loudly. */
const RENDER_CALL = 'AsyncApiStandalone.render(';

/** Returns the page with every `<` in its embedded-document script written as `\u003c`. */
export function escapeInlineSchemaScript(html: string): string {
  const marker = html.indexOf(SCHEMA_MARKER);
  const open = marker < 0 ? -1 : html.lastIndexOf(SCRIPT_OPEN, marker);
  // The app script is the last element of <body>, so its own closing tag is the last one in the page.
  const close = html.lastIndexOf(SCRIPT_CLOSE);
  if (marker < 0 || open < 0 || close < marker) {
    throw new Error('unexpected @asyncapi/html-template output: no inline script holding "const schema = ..."');
  }
  const body = html.slice(open + SCRIPT_OPEN.length, close);
  const tail = body.slice(body.lastIndexOf(RENDER_CALL));
  if (!body.includes(RENDER_CALL) || tail.includes('<')) {
    throw new Error('unexpected @asyncapi/html-template output: the schema script does not end with the render call');
  }
  return `${html.slice(0, open + SCRIPT_OPEN.length)}${body.replaceAll('<', '\\u003c')}${html.slice(close)}`;
}
