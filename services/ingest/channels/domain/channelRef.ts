/**
 * What an operator types to name a Kick channel in `vf channels add|remove`: digits are a
 * broadcaster user id, anything else a slug (Kick slugs always contain a letter).
 */
import { AppError } from '../../../shared/errors.ts';

/** A parsed channel reference. */
export type ChannelRef = { readonly kind: 'broadcaster'; readonly broadcasterUserId: number } | { readonly kind: 'slug'; readonly slug: string };

/** Parses `ref`; throws `CHANNEL_REF_INVALID` for an empty one or an id beyond the safe integer range. */
export function parseChannelRef(ref: string): ChannelRef {
  const trimmed = ref.trim();
  if (trimmed === '') throw new AppError('CHANNEL_REF_INVALID', 'Name a channel by its slug or its Kick broadcaster user id');
  if (/^\d+$/.test(trimmed)) {
    const broadcasterUserId = Number(trimmed);
    if (!Number.isSafeInteger(broadcasterUserId) || broadcasterUserId <= 0) {
      throw new AppError('CHANNEL_REF_INVALID', `"${trimmed}" is not a valid Kick broadcaster user id`, { details: { ref: trimmed } });
    }
    return { kind: 'broadcaster', broadcasterUserId };
  }
  return { kind: 'slug', slug: trimmed };
}

/** How a reference reads in messages: `slug "xqc"` or `broadcaster user id 123`. */
export function describeChannelRef(ref: ChannelRef): string {
  return ref.kind === 'slug' ? `slug "${ref.slug}"` : `broadcaster user id ${String(ref.broadcasterUserId)}`;
}
