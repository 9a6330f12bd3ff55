/**
 * The fuzz run's traffic: a fresh valid signed request per endpoint (random event type), mutated,
 * and half the time signed again over whatever its headers and body now say, so the mutation
 * reaches the checks behind the signature (JSON, envelope, schema, storage) instead of stopping
 * at 401.
 */
import { createHmac } from 'node:crypto';
import { EVENT_TYPES } from '../../../../generated/asyncapi/catalogue.ts';
import { NEW_SECRET } from '../../../env-api/test/envAppHarness.ts';
import type { KickSigner } from '../../../ingest/app/test/publicAppHarness.ts';
import { mutate } from './mutate.ts';
import type { Prng } from './prng.ts';
import { KICK_TYPES, signedBatch, SUMSUB_SECRET, SUMSUB_TYPES, validEnvelope, validKick, validSumsub } from './validDeliveries.ts';
import { headerOf, signKick, withHeader, type Endpoint, type KickSign, type WireRequest } from './wire.ts';

/** Stands in for the Kick key when a request is signed only after its mutation (RSA signing is the costly part). */
const unsigned: KickSign = { sign: () => 'unsigned' };

/** A fresh valid request to `endpoint`; `tag` makes it unique. With `signed` false a Kick request carries a placeholder signature. */
export function freshRequest(prng: Prng, signer: KickSigner, endpoint: Endpoint, tag: string, signed = true): WireRequest {
  switch (endpoint) {
    case 'kick':
      return validKick(signed ? signer : unsigned, prng.pick(KICK_TYPES), tag);
    case 'sumsub':
      return validSumsub(prng.pick(SUMSUB_TYPES), tag);
    case 'events':
      return signedBatch(Array.from({ length: 1 + prng.int(0, 3) }, () => validEnvelope(prng.pick(EVENT_TYPES))));
  }
}

const sumsubHashes: Readonly<Record<string, string>> = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' };

/** The signature header of `request` recomputed over its current values; a dropped signature header stays dropped. */
export function signedAgain(signer: KickSigner, request: WireRequest): WireRequest {
  switch (request.endpoint) {
    case 'kick':
      return headerOf(request, 'kick-event-signature') === undefined ? request : signKick(signer, request);
    case 'sumsub': {
      if (headerOf(request, 'x-payload-digest') === undefined) return request;
      const hash = sumsubHashes[headerOf(request, 'x-payload-digest-alg') ?? 'HMAC_SHA256_HEX'] ?? 'sha256';
      return withHeader(request, 'X-Payload-Digest', createHmac(hash, SUMSUB_SECRET).update(request.body).digest('hex'));
    }
    case 'events': {
      if (headerOf(request, 'webhook-signature') === undefined) return request;
      const signed = Buffer.concat([Buffer.from(`${headerOf(request, 'webhook-id') ?? ''}.${headerOf(request, 'webhook-timestamp') ?? ''}.`, 'utf8'), request.body]);
      const key = Buffer.from(NEW_SECRET.slice('whsec_'.length), 'base64');
      return withHeader(request, 'webhook-signature', `v1,${createHmac('sha256', key).update(signed).digest('base64')}`);
    }
  }
}

/** One fuzz request: a fresh request to `endpoint`, mutated, and half the time signed again after the mutation. */
export function fuzzRequest(prng: Prng, signer: KickSigner, endpoint: Endpoint, tag: string): { readonly request: WireRequest; readonly applied: readonly string[] } {
  const again = prng.chance(0.5);
  const { request, applied } = mutate(prng, freshRequest(prng, signer, endpoint, tag, !again));
  return again ? { request: signedAgain(signer, request), applied: [...applied, 'signed again'] } : { request, applied };
}
