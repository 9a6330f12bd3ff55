import { describe, expect, it } from 'vitest';
import { readAsyncApi } from '../asyncapi/readAsyncApi.ts';
import { renderIndex } from './renderIndex.ts';

const hostile = '</code></pre><script>alert("x")</script> & \'q\'';

/** A two-event contract; one example carries markup that must stay text. */
const document = {
  asyncapi: '3.0.0',
  info: { title: 'mini', version: '1.0.0' },
  components: {
    messages: {
      zetaPingV1: {
        name: 'ping', title: 'Ping', summary: 'A <ping>.', 'x-event-type': 'acme.zeta.ping.v1', 'x-provider': 'kick', 'x-provider-version': '1',
        'x-subject': 'acme/user/{user.id}', payload: { type: 'object' },
        examples: [{ name: 'hostile', summary: 'markup in a field', headers: { 'acme-id': '01J' }, payload: { text: hostile } }],
      },
      alphaReviewedV1: {
        name: 'reviewed', summary: 'Reviewed; `reviewResult` has the verdict.', 'x-event-type': 'acme.alpha.reviewed.v1', 'x-provider': 'sumsub',
        'x-subject': 'acme/applicant/{applicantId}', payload: { type: 'object' },
        examples: [{ name: 'one', payload: { applicantId: 'a1' } }, { name: 'two', payload: { applicantId: 'a2' } }],
      },
      envelope: { 'x-envelope': true, payload: { type: 'object' }, examples: [{ name: 'env', payload: { type: 'acme.zeta.ping.v1' } }] },
    },
  },
};

const render = (): string => renderIndex({
  title: 'Mini <events>', version: '1.0.0', model: readAsyncApi(document, 'mini.yaml'),
  pages: [{ href: 'asyncapi.html', title: 'Events', description: 'the events' }, { href: 'openapi-x.html', title: 'X API', description: '2 operations' }],
});

describe('renderIndex', () => {
  it('escapes contract text and example payloads', () => {
    const html = render();
    expect(html).not.toContain('<script>');
    // JSON.stringify writes the quote as \", then HTML escaping applies.
    expect(html).toContain('&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    expect(html).toContain('<title>Mini &lt;events&gt; 1.0.0: contract reference</title>');
    expect(html).toContain('A &lt;ping&gt;.');
  });

  it('shows Markdown code spans in contract prose as code', () => {
    expect(render()).toContain('Reviewed; <code>reviewResult</code> has the verdict.');
  });

  it('lists the event types in type order, one table row each', () => {
    const rows = [...render().matchAll(/<tr data-event-type="([^"]+)">/g)].map((m) => m[1]);
    expect(rows).toEqual(['acme.alpha.reviewed.v1', 'acme.zeta.ping.v1']);
  });

  it('shows provider, provider version, name and subject rule of each event', () => {
    const html = render();
    expect(html).toContain('<dd>kick (event version 1)</dd>');
    expect(html).toContain('<dd>sumsub</dd>');
    expect(html).toContain('<dd><code>acme/applicant/{applicantId}</code></dd>');
    expect(html).toContain('<dd><code>reviewed</code></dd>');
  });

  it('pretty-prints every example payload inside its event section', () => {
    const html = render();
    const section = html.slice(html.indexOf('id="event-acme.alpha.reviewed.v1"'), html.indexOf('id="event-acme.zeta.ping.v1"'));
    expect(section).toContain('<pre><code>{\n  &quot;applicantId&quot;: &quot;a1&quot;\n}</code></pre>');
    expect(section).toContain('<pre><code>{\n  &quot;applicantId&quot;: &quot;a2&quot;\n}</code></pre>');
  });

  it('links every reference page and loads nothing from elsewhere', () => {
    const html = render();
    expect([...html.matchAll(/<a href="([^"#]+)"/g)].map((m) => m[1])).toEqual(['asyncapi.html', 'openapi-x.html']);
    expect(html).not.toMatch(/\s(src|href)="https?:/);
    expect(html).toContain('Content-Security-Policy');
  });
});
