/**
 * Where a running local stack answers, and the block `npm start` prints so a new user can find
 * every entry point at a glance.
 */

/** The local stack's entry points. */
export interface LocalStackUrls {
  readonly webhooksKick: string;
  readonly webhooksSumsub: string;
  /** The admin listener's base URL (`/admin/*`, `/readyz`, `/metrics`, `/docs`). */
  readonly admin: string;
  readonly metrics: string;
  readonly status: string;
  readonly docs: string;
  /** The operator console (admin listener). */
  readonly console: string;
  /** The stage environment API's base URL. */
  readonly stage: string;
  /** The production environment API's base URL. */
  readonly production: string;
}

/** The URLs of a stack whose listeners bound these base URLs. */
export function stackUrls(listeners: { publicUrl: string; adminUrl: string; stage: string; production: string }): LocalStackUrls {
  return {
    webhooksKick: `${listeners.publicUrl}/webhooks/kick`,
    webhooksSumsub: `${listeners.publicUrl}/webhooks/sumsub`,
    admin: listeners.adminUrl,
    metrics: `${listeners.adminUrl}/metrics`,
    status: `${listeners.adminUrl}/admin/status`,
    docs: `${listeners.adminUrl}/docs`,
    console: `${listeners.adminUrl}/console/`,
    stage: listeners.stage,
    production: listeners.production,
  };
}

/** What the banner says besides the URLs. */
export interface BannerFacts {
  readonly urls: LocalStackUrls;
  /** Absolute. */
  readonly dataDir: string;
  readonly postgres: string;
  readonly clickhouse: string;
  readonly kick: string;
  /** Present while the simulator runs. */
  readonly simulator?: string;
}

/** The block printed once the stack is up: one aligned line per entry point. */
export function formatStackBanner(facts: BannerFacts): string {
  const { urls } = facts;
  const rows: [string, string][] = [
    ['Kick webhooks', urls.webhooksKick],
    ['Sumsub webhooks', urls.webhooksSumsub],
    ['admin API', `${urls.admin}/admin`],
    ['metrics', urls.metrics],
    ['status', urls.status],
    ['docs', urls.docs],
    ['console', urls.console],
    ['stage', `${urls.stage}  (POST /internal/events, /healthz, /metrics)`],
    ['production', `${urls.production}  (POST /internal/events, /healthz, /metrics)`],
    ['PostgreSQL', facts.postgres],
    ['ClickHouse', facts.clickhouse],
    ['Kick', facts.kick],
    ...(facts.simulator === undefined ? [] : [['simulator', facts.simulator] as [string, string]]),
    ['data dir', facts.dataDir],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    '',
    'Verifluence data plane is running on this machine:',
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    'Operator commands: npx vf --help (they find this stack through runtime.json). Ctrl-C stops it.',
    '',
  ].join('\n');
}
