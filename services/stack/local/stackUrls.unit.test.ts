import { describe, expect, it } from 'vitest';
import { formatStackBanner, stackUrls } from './stackUrls.ts';

const urls = stackUrls({ publicUrl: 'http://127.0.0.1:8080', adminUrl: 'http://127.0.0.1:9464', stage: 'http://127.0.0.1:8081', production: 'http://127.0.0.1:8082' });

describe('stackUrls', () => {
  it('derives every entry point from the listeners', () => {
    expect(urls).toEqual({
      webhooksKick: 'http://127.0.0.1:8080/webhooks/kick',
      webhooksSumsub: 'http://127.0.0.1:8080/webhooks/sumsub',
      admin: 'http://127.0.0.1:9464',
      metrics: 'http://127.0.0.1:9464/metrics',
      status: 'http://127.0.0.1:9464/admin/status',
      docs: 'http://127.0.0.1:9464/docs',
      console: 'http://127.0.0.1:9464/console/',
      stage: 'http://127.0.0.1:8081',
      production: 'http://127.0.0.1:8082',
    });
  });
});

describe('formatStackBanner', () => {
  it('prints one aligned line per entry point and the data directory', () => {
    const banner = formatStackBanner({ urls, dataDir: '/srv/.data', postgres: 'embedded', clickhouse: 'embedded (chdb)', kick: 'idle' });
    expect(banner).toContain('  Kick webhooks    http://127.0.0.1:8080/webhooks/kick\n');
    expect(banner).toContain('  docs             http://127.0.0.1:9464/docs\n');
    expect(banner).toContain('  console          http://127.0.0.1:9464/console/\n');
    expect(banner).toContain('  data dir         /srv/.data\n');
    expect(banner).not.toContain('simulator');
  });

  it('names the simulator while it runs', () => {
    expect(formatStackBanner({ urls, dataDir: '/d', postgres: 'p', clickhouse: 'c', kick: 'k', simulator: '10 events/s' })).toContain('  simulator        10 events/s\n');
  });
});
