/**
 * `GET /admin/catalogue` (operation `getEventCatalogue`, admin listener): every versioned event
 * type this role was generated from, with its link into `/docs`, for the console's catalogue.
 * The answer never changes while the process runs, so it is built once.
 */
import type { FastifyInstance } from 'fastify';
import { getEventCatalogueRouteSchema, type EventCatalogue } from '../../../generated/openapi/ingest.schemas.ts';
import { eventCatalogueEntries } from '../console/eventCatalogueEntries.ts';

/** Registers the route on `app`. */
export function getEventCatalogue(app: FastifyInstance): void {
  const catalogue = eventCatalogueEntries();
  app.get<{ Reply: EventCatalogue }>('/admin/catalogue', { schema: getEventCatalogueRouteSchema }, async () => catalogue);
}
