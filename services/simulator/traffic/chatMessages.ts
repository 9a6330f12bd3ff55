/**
 * `chat.message.sent` payloads: plain text, inline emotes (`[emote:<id>:<name>]` with their
 * 0-based start and inclusive end positions, providers.md §1.5), badges, and sometimes a reply to
 * a recent message of the same channel (`replies_to`, whose sender carries no identity).
 */
import type { KickChatMessageSentV1, KickEmote } from '../../../generated/asyncapi/types.ts';
import { uuid, rfc3339Seconds } from './ids.ts';
import { RECENT_MESSAGES_KEPT, type KickChannelContext, type KickDraw } from './kickChannelContext.ts';
import { kickUser } from './kickUsers.ts';

const emotes = [
  { id: '4148074', name: 'HYPERCLAP' },
  { id: '37226', name: 'KEKW' },
  { id: '39261', name: 'kkHuh' },
  { id: '37227', name: 'LULW' },
  { id: '39260', name: 'PogU' },
] as const;

const phrases = ['hello chat', 'lets goooo', 'that was insane', 'gg', 'no way', 'first time here', 'W streamer', 'what game is this?', 'lol', 'clip it', 'unlucky', 'hi from Brazil', 'this song slaps', 'ez', 'chat is wild today'];
const replies = ['agreed', 'fr fr', 'nah', 'true', 'same here', 'haha yes', 'welcome!', 'it is the new update'];

/** Content with emote tokens, and where each emote sits in it. */
function compose(draw: KickDraw, text: string): { content: string; emotes: KickEmote[] } {
  const { prng } = draw;
  let content = text;
  const positions = new Map<string, { s: number; e: number }[]>();
  const count = prng.weighted([
    [0, 6],
    [1, 3],
    [2, 1],
    [3, 0.5],
  ] as const);
  for (let i = 0; i < count; i++) {
    const emote = prng.pick(emotes);
    const token = `[emote:${emote.id}:${emote.name}]`;
    content += ' ';
    const s = content.length;
    content += token;
    positions.set(emote.id, [...(positions.get(emote.id) ?? []), { s, e: s + token.length - 1 }]);
  }
  return { content, emotes: [...positions].map(([emote_id, at]) => ({ emote_id, positions: at })) };
}

/** A chat message in `context`'s channel; it becomes a reply target for later messages. */
export function chatMessage(context: KickChannelContext, draw: KickDraw): KickChatMessageSentV1 {
  const { prng } = draw;
  const parent = context.recentMessages.length > 0 && prng.chance(0.15) ? prng.pick(context.recentMessages) : null;
  const isModerator = prng.chance(0.08);
  const sender = isModerator ? prng.pick(context.moderators) : prng.pick(draw.viewers);
  const { content, emotes: used } = compose(draw, parent === null ? prng.pick(phrases) : `@${parent.sender.username} ${prng.pick(replies)}`);
  const messageId = uuid(prng);
  const payload: KickChatMessageSentV1 = {
    message_id: messageId,
    broadcaster: kickUser(context.broadcaster),
    sender: kickUser(sender, { prng, isModerator }),
    content,
    emotes: used,
    created_at: rfc3339Seconds(draw.nowMs),
  };
  // Kick does not say whether a non-reply carries `replies_to: null` or leaves it out: send both.
  if (parent !== null) payload.replies_to = { message_id: parent.messageId, content: parent.content, sender: kickUser(parent.sender) };
  else if (prng.chance(0.5)) payload.replies_to = null;
  context.recentMessages.push({ messageId, content, sender });
  if (context.recentMessages.length > RECENT_MESSAGES_KEPT) context.recentMessages.shift();
  return payload;
}
