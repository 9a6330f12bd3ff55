/**
 * Database URLs on one server differ only in their path.
 */

/** `serverUrl` (any database on a server) pointing at `database` instead. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.href;
}
