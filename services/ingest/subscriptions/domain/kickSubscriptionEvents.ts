/**
 * The Kick events every tracked channel is subscribed to: the catalogue's entries with provider
 * `kick` (the 10 documented webhook events, DESIGN §4), by Kick's own name and version.
 */
import { EVENT_TYPES, eventCatalogue } from '../../../../generated/asyncapi/catalogue.ts';
import type { KickEventRef } from '../../kickApi/kickApi.ts';

/** Name and version of each Kick webhook event in the contract, sorted by name. */
export const kickSubscriptionEvents: readonly KickEventRef[] = Object.freeze(
  EVENT_TYPES.map((type) => eventCatalogue[type])
    .filter((entry) => entry.provider === 'kick')
    .map((entry) => Object.freeze({ name: entry.providerName, version: Number(entry.providerVersion ?? '1') }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version),
);

/** The key a subscription is matched on: `<name>@v<version>`. */
export function eventKey(event: { readonly name: string; readonly version: number }): string {
  return `${event.name}@v${event.version}`;
}
