/**
 * Names the OpenAPI emitters derive from contract identifiers. One place, so the TypeBox const,
 * its `$id`, its validator export and the route-schema bundle always agree.
 */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `receive-kick_webhook` / `receiveKickWebhook` → `ReceiveKickWebhook`. */
export function pascalCase(key: string): string {
  return key.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep: string, ch: string) => ch.toUpperCase());
}

/** `ReceiveKickWebhook` → `receiveKickWebhook`. */
export function camelCase(key: string): string {
  const pascal = pascalCase(key);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** True when `name` can be written as a bare JavaScript identifier or property key. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** A property key as it must appear in generated code: bare when possible, else a string literal. */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : JSON.stringify(name);
}

/**
 * The stable `$id` of one route-schema part: `<document>/<operationId>/<part>`, e.g.
 * `ingest/receiveKickWebhook/response/200`. The runtime validator compiler looks validators up by it.
 */
export function partId(document: string, operationId: string, part: string): string {
  return `${document}/${operationId}/${part}`;
}

/** The const name of a part: `ingest/getAdminStatus/querystring` → `GetAdminStatusQuerystring`. */
export function partConstName(id: string): string {
  const [, ...rest] = id.split('/');
  return rest.map(pascalCase).join('');
}

/** The validator export of a part: `ingest/getAdminStatus/querystring` → `validateGetAdminStatusQuerystring`. */
export function validatorName(id: string): string {
  return `validate${partConstName(id)}`;
}

/** A response status as fastify keys it: `200`, `4xx`, `default` (OpenAPI writes ranges as `4XX`). */
export function statusKey(status: string): string {
  return status.toLowerCase();
}
