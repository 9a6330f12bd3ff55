/**
 * Defaults of every tunable variable (DESIGN §6, §10), next to the schemas that use them.
 * Units are in the names.
 */
export const configDefaults = Object.freeze({
  kickApiBaseUrl: 'https://api.kick.com',
  kickAuthBaseUrl: 'https://id.kick.com',
  kickReplayWindowSeconds: 172_800,
  fanoutBatchMaxEvents: 500,
  fanoutBatchMaxBytes: 1_048_576,
  fanoutTimeoutMs: 10_000,
  fanoutBackoffMaxMs: 3_600_000,
  fanoutMaxAttempts: 25,
  outboxRetentionDays: 30,
  processedEventsRetentionDays: 45,
  rawBodyTtlDays: 365,
  ingestPort: 8080,
  ingestHost: '127.0.0.1',
  adminPort: 9464,
  envApiPort: 8081,
  envApiHost: '127.0.0.1',
  dataDir: './.data',
  logLevel: 'info',
  statusMaxLagSeconds: 300,
  statusMaxRawSinkBacklog: 10_000,
});

/** pino's levels, plus `silent`. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A pino log level. */
export type LogLevel = (typeof logLevels)[number];
