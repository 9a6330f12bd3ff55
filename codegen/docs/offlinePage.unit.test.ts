import { describe, expect, it } from 'vitest';
import { inlineRedoclyLogo, OFFLINE_HEAD, withOfflineHead } from './offlinePage.ts';

describe('withOfflineHead', () => {
  it('puts the policy first in <head>', () => {
    expect(withOfflineHead('<html><head lang="x"><title>t</title></head></html>')).toBe(`<html><head lang="x">\n${OFFLINE_HEAD}<title>t</title></head></html>`);
  });
  it('fails on a page without <head>', () => {
    expect(() => withOfflineHead('<html></html>')).toThrow(/no <head>/);
  });
});

describe('inlineRedoclyLogo', () => {
  it('replaces both logo URLs with data URIs', () => {
    const out = inlineRedoclyLogo('a=`https://cdn.redoc.ly/redoc/logo-mini-full.svg`;b=`https://cdn.redoc.ly/redoc/logo-mini.svg`');
    expect(out).not.toContain('https://');
    expect(out.match(/`data:image\/svg\+xml,[^`"'$]+`/g)).toHaveLength(2);
  });
  it('fails when the bundle references another resource on that CDN', () => {
    expect(() => inlineRedoclyLogo('x="https://cdn.redoc.ly/redoc/other.svg"')).toThrow(/another cdn\.redoc\.ly resource/);
  });
});
