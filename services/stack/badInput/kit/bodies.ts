/**
 * Body builders for the corpus: valid payloads with one field's raw JSON text or raw bytes
 * replaced (escapes JSON.stringify would never write, invalid UTF-8), and deep nesting.
 */
import type { EventType } from '../../../../generated/asyncapi/catalogue.ts';
import { examplePayload } from './validDeliveries.ts';

const MARK = '@@raw-bytes-go-here@@';

/** The example of `type` (nonce `tag`) serialised with field `field` holding the JSON text `rawJson` as written. */
export function withRawField(type: EventType, tag: string, field: string, rawJson: string): string {
  const payload = examplePayload(type, { vf_nonce: tag });
  payload[field] = MARK;
  // A function replacement: `$` in rawJson must stay literal.
  return JSON.stringify(payload).replace(JSON.stringify(MARK), () => rawJson);
}

/** The example of `type` whose string field `field` is the bytes `inner` (between the quotes, as they are). */
export function withRawBytes(type: EventType, tag: string, field: string, inner: Buffer): Buffer {
  const [before = '', after = ''] = withRawField(type, tag, field, JSON.stringify(MARK)).split(MARK);
  return Buffer.concat([Buffer.from(before, 'utf8'), inner, Buffer.from(after, 'utf8')]);
}

/** `depth` nested arrays: `[[[…]]]`. */
export function nestedArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** `depth` nested objects `{"a":{"a":…1}}`. */
export function nestedObjects(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** The example of `type` with `padding` spaces after it, so the body is exactly `size` bytes. */
export function paddedTo(type: EventType, tag: string, size: number): string {
  const text = JSON.stringify(examplePayload(type, { vf_nonce: tag }));
  if (Buffer.byteLength(text) > size) throw new Error('the example is larger than the size asked for');
  return text + ' '.repeat(size - Buffer.byteLength(text));
}

/** Text a chat message may carry and must keep unchanged: bidi controls, zero-width characters, marks, emoji, noncharacters. */
export const EDGE_TEXT = [
  '\u202Eevil\u202C', // right-to-left override … pop
  '\u200B\u200C\u200D\u2060', // zero-width space, non-joiner, joiner, word joiner
  '\u200F\u061C\u200E', // right-to-left mark, Arabic letter mark, left-to-right mark
  'שלום مرحبا', // RTL scripts
  'e\u0301\u0308\u20DD', // combining marks
  '\uFEFF', // BOM inside text
  '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}', // emoji ZWJ sequence (surrogate pairs)
  '\uFFFE\uFFFF\u{10FFFF}', // noncharacters
].join(' ');
