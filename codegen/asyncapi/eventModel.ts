/**
 * The generator's view of `contracts/asyncapi.yaml`: one entry per event message and the envelope.
 * Conventions: contracts/README.md ("Event messages").
 */

export type Provider = 'kick' | 'sumsub' | 'ingest';

export interface MessageExample {
  readonly name: string;
  readonly summary: string | undefined;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly payload: unknown;
}

export interface EventMessage {
  /** `components.messages` key, e.g. `kickChatMessageSentV1`. */
  readonly key: string;
  /** PascalCase of the key: the payload's TypeScript type name. */
  readonly typeName: string;
  /** The provider's own name (`chat.message.sent`, `applicantReviewed`). */
  readonly name: string;
  /** The versioned CloudEvents type (`kick.chat.message.sent.v1`). */
  readonly eventType: string;
  readonly provider: Provider;
  /** Kick-Event-Version, or null where the provider has none. */
  readonly providerVersion: string | null;
  /** Subject template, `{a.b}` parts are payload paths. */
  readonly subject: string;
  readonly title: string;
  readonly summary: string;
  readonly description: string | undefined;
  /** Schemas as written (with `$ref`s to components), for type emission. */
  readonly payloadSchema: unknown;
  readonly headersSchema: unknown;
  /** Schemas with every reference inlined, for validators. */
  readonly resolvedPayload: unknown;
  readonly resolvedHeaders: unknown;
  readonly examples: readonly MessageExample[];
}

export interface EnvelopeMessage {
  readonly key: string;
  readonly typeName: string;
  readonly payloadSchema: unknown;
  readonly resolvedPayload: unknown;
  readonly examples: readonly MessageExample[];
}

export interface AsyncApiModel {
  readonly source: string;
  readonly events: readonly EventMessage[];
  readonly envelope: EnvelopeMessage;
  /** `components.schemas`, as written, by name (sorted). */
  readonly schemas: ReadonlyArray<{ readonly name: string; readonly schema: unknown }>;
}

/** `kickChatMessageSentV1` → `KickChatMessageSentV1`. */
export function pascalCase(key: string): string {
  return key.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _sep: string, ch: string) => ch.toUpperCase());
}
