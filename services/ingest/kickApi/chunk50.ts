/**
 * Kick takes at most 50 broadcaster ids or slugs per `GET /public/v1/channels` (third parties report
 * the limit; providers.md §1.7), and the client refuses more rather than truncate silently: callers
 * split their lists with {@link chunk50}.
 */

/** The most ids or slugs one Kick API call takes. */
export const KICK_MAX_IDS_PER_CALL = 50;

/** Splits `items` into consecutive chunks of at most 50, in order; an empty list gives no chunk. */
export function chunk50<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += KICK_MAX_IDS_PER_CALL) chunks.push(items.slice(i, i + KICK_MAX_IDS_PER_CALL));
  return chunks;
}
