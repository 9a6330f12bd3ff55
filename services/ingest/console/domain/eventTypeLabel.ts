/**
 * The versioned event type an inbox row counts under in the console's rate chart. The inbox keeps
 * what the provider sent (Kick's type header and version, Sumsub's `type`); the contract maps it
 * to the versioned type. A type the contract does not know counts as `unknown:<provider>`, so a
 * burst of them shows without one series per garbage value. Pure.
 */
import { kickEventType, sumsubEventType } from '../../../../generated/asyncapi/catalogue.ts';

/** An inbox row's provider and provider type, as stored. */
export interface InboxTypeColumns {
  readonly source: string;
  readonly eventType: string | null;
  readonly eventVersion: string | null;
}

/** The series name of an inbox row. */
export function eventTypeLabel(row: InboxTypeColumns): string {
  if (row.source === 'kick_probe') return 'kick.viewer_probe.v1';
  if (row.source === 'kick' && row.eventType !== null) return kickEventType(row.eventType, row.eventVersion ?? '') ?? 'unknown:kick';
  if (row.source === 'sumsub' && row.eventType !== null) return sumsubEventType(row.eventType) ?? 'unknown:sumsub';
  return `unknown:${row.source}`;
}
