import { describe, expect, it } from 'vitest';
import { escapeInlineSchemaScript } from './inlineSchemaScript.ts';

const page = (json: string): string =>
  `<html><body><div id="root"></div><script type="text/javascript">lib()</script><script>
    const schema = ${json};
    const config = {};
    AsyncApiStandalone.render({ schema, config }, appRoot);
  </script></body></html>`;

describe('escapeInlineSchemaScript', () => {
  it('keeps a </script> inside the embedded document from closing the script', () => {
    const out = escapeInlineSchemaScript(page('{"content":"</script><b>x</b>"}'));
    expect(out.match(/<\/script>/g)).toHaveLength(2);
    expect(out).toContain('{"content":"\\u003c/script>\\u003cb>x\\u003c/b>"}');
  });

  it('leaves the library script and the markup around it alone', () => {
    const out = escapeInlineSchemaScript(page('{}'));
    expect(out).toBe(page('{}'));
  });

  it('fails loudly when the template output has another shape', () => {
    expect(() => escapeInlineSchemaScript('<html><script>render()</script></html>')).toThrow(/unexpected @asyncapi\/html-template output/);
  });
});
