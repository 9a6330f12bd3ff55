/**
 * `GET /admin/catalogue`: the generated event catalogue (generated/asyncapi/catalogue.ts) in the
 * contract's EventCatalogue shape, each type linked to its entry in the docs site that this
 * listener serves at `/docs` (codegen/docs/renderIndex.ts anchors each type as `event-<type>`).
 */
import { EVENT_TYPES, eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import type { EventCatalogue } from '../../../generated/openapi/ingest.schemas.ts';

/** The docs site's anchor of an event type. */
export function docsPathOf(type: string): string {
  return `/docs/#event-${type}`;
}

/** Every versioned type, sorted as the catalogue sorts them. */
export function eventCatalogueEntries(): EventCatalogue {
  return {
    events: EVENT_TYPES.map((type) => {
      const entry = eventCatalogue[type];
      return {
        type,
        provider: entry.provider,
        providerName: entry.providerName,
        providerVersion: entry.providerVersion,
        title: entry.title,
        summary: entry.summary,
        subjectTemplate: entry.subjectTemplate,
        dataschema: entry.dataschema,
        docsPath: docsPathOf(type),
      };
    }),
  };
}
