/**
 * Runs the generated artifacts of the fixture documents: the AOT validators on good and bad data,
 * and the validator compiler inside a real fastify 5 instance. The output is written to a fresh
 * directory inside the repository (so `ajv`, `typebox` and `fastify` resolve from node_modules) and
 * imported from there; the committed snapshots only lend their types.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastify from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDocuments } from './fixtures/fixtureDocuments.ts';
import { generateOpenApi } from './generateOpenApi.ts';

import type * as AcmeSchemasModule from './__snapshots__/fixtures/openapi/acme.schemas.ts';
import type * as AcmeValidatorsModule from './__snapshots__/fixtures/openapi/acme.validators.cjs';
import type * as EnvValidatorsModule from './__snapshots__/fixtures/openapi/env.validators.cjs';
import type * as CompilersModule from './__snapshots__/fixtures/openapi/validatorCompiler.ts';

type AcmeValidators = typeof AcmeValidatorsModule;
type EnvValidators = typeof EnvValidatorsModule;
type AcmeSchemas = typeof AcmeSchemasModule;
type Compilers = typeof CompilersModule;

let outDir = '';
let acme: AcmeValidators;
let env: EnvValidators;
let schemas: AcmeSchemas;
let compilers: Compilers;

beforeAll(async () => {
  outDir = await mkdtemp(join(import.meta.dirname, 'fixtures', 'run-'));
  for (const file of await generateOpenApi(fixtureDocuments())) {
    await mkdir(dirname(join(outDir, file.path)), { recursive: true });
    await writeFile(join(outDir, file.path), file.contents);
  }
  const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(outDir, 'openapi', path)).href)) as T;
  acme = await load<AcmeValidators>('acme.validators.cjs');
  env = await load<EnvValidators>('env.validators.cjs');
  schemas = await load<AcmeSchemas>('acme.schemas.ts');
  compilers = await load<Compilers>('validatorCompiler.ts');
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('the AOT validators of the fixture', () => {
  const status = { ready: true, counts: { accepted: 3 }, lastEventAt: '2025-01-01T00:00:00Z', mode: 'live' };

  it.each([
    { what: 'a full status', data: status },
    { what: 'a null lastEventAt', data: { ...status, lastEventAt: null } },
    { what: 'the other oneOf branch', data: { ...status, mode: { drainingSince: '2025-01-01T00:00:00Z' } } },
    { what: 'an undocumented field (objects stay open)', data: { ...status, extra: 1 } },
  ])('response 200 accepts $what', ({ data }) => {
    expect(acme.validateGetAdminStatusResponse200(data)).toBe(true);
  });

  it.each([
    { what: 'a lastEventAt that is not a date-time', data: { ...status, lastEventAt: 'yesterday' }, path: '/lastEventAt' },
    { what: 'a negative count', data: { ...status, counts: { accepted: -1 } }, path: '/counts/accepted' },
    { what: 'a missing ready', data: { counts: {} }, path: '' },
    { what: 'a mode matching no branch', data: { ...status, mode: 'paused' }, path: '/mode' },
  ])('response 200 rejects $what', ({ data, path }) => {
    expect(acme.validateGetAdminStatusResponse200(data)).toBe(false);
    expect(acme.validateGetAdminStatusResponse200.errors?.map((e) => e.instancePath)).toContain(path);
  });

  it('closes the error body the contract closes, with the error-code enum', () => {
    expect(acme.validateReceiveAcmeWebhookResponse401({ code: 'ACME_SIGNATURE_INVALID', message: 'bad signature' })).toBe(true);
    expect(acme.validateReceiveAcmeWebhookResponse401({ code: 'ACME_NOPE', message: 'x' })).toBe(false);
    expect(acme.validateReceiveAcmeWebhookResponse401({ code: 'ACME_SIGNATURE_INVALID', message: 'x', stack: 'y' })).toBe(false);
  });

  it('accepts a single envelope or a non-empty batch for the two cloudevents media types', () => {
    const envelope = { specversion: '1.0', id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', type: 'acme.ping.v1', data: {} };
    expect(env.validateReceiveEventsBody(envelope)).toBe(true);
    expect(env.validateReceiveEventsBody([envelope, envelope])).toBe(true);
    expect(env.validateReceiveEventsBody([])).toBe(false);
    expect(env.validateReceiveEventsBody({ ...envelope, specversion: '0.3' })).toBe(false);
  });

  it('coerces query-string text and applies defaults, like fastify does', () => {
    const query: Record<string, unknown> = { limit: '25', verbose: 'true' };
    expect(acme.validateGetAdminStatusQuerystring(query)).toBe(true);
    expect(query).toEqual({ limit: 25, verbose: true });
    const empty: Record<string, unknown> = {};
    expect(acme.validateGetAdminStatusQuerystring(empty)).toBe(true);
    expect(empty).toEqual({ limit: 10 });
  });

  it('does not coerce bodies: a number in a string is not a number', () => {
    expect(acme.validateGetAdminItemResponse200({ id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', score: '1.5' })).toBe(false);
  });

  it('maps every $id of the schemas module to its validator', () => {
    const ids = Object.values(schemas).flatMap((value) => (typeof value === 'object' && value !== null && '$id' in value && typeof value.$id === 'string' ? [value.$id] : []));
    expect(Object.keys(acme.validatorsById).sort()).toEqual(ids.sort());
    expect(acme.validatorsById['acme/getAdminStatus/querystring']).toBe(acme.validateGetAdminStatusQuerystring);
  });
});

describe('the generated validator compiler in fastify 5', () => {
  const build = () => {
    const app = fastify().withTypeProvider<TypeBoxTypeProvider>();
    app.setValidatorCompiler(compilers.validatorCompiler);
    app.setSerializerCompiler(compilers.serializerCompiler);
    return app;
  };

  it('validates a query string with the precompiled validator', async () => {
    const app = build();
    app.get('/admin/status', { schema: schemas.getAdminStatusRouteSchema }, async (request) => ({ ready: true, counts: { limit: request.query.limit ?? 0 } }));
    const ok = await app.inject({ method: 'GET', url: '/admin/status?limit=5' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ready: true, counts: { limit: 5 } });
    const bad = await app.inject({ method: 'GET', url: '/admin/status?limit=500' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'FST_ERR_VALIDATION', message: 'querystring/limit must be <= 100' });
    await app.close();
  });

  it('validates headers case-insensitively', async () => {
    const app = build();
    app.post('/webhooks/acme', { schema: schemas.receiveAcmeWebhookRouteSchema }, async (request) => ({ status: 'accepted' as const, eventId: String(request.headers['acme-attempt'] ?? 0) }));
    const signature = `v1=${'a'.repeat(64)}`;
    const ok = await app.inject({ method: 'POST', url: '/webhooks/acme', headers: { 'Acme-Signature': signature, 'Acme-Attempt': '2', 'content-type': 'application/json' }, payload: '{}' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'accepted', eventId: '2' });
    const bad = await app.inject({ method: 'POST', url: '/webhooks/acme', headers: { 'Acme-Signature': 'v0=x', 'content-type': 'application/json' }, payload: '{}' });
    expect(bad.statusCode).toBe(400);
    await app.close();
  });

  it('serializes an error through a route that declares error responses (fastify passes the Error itself)', async () => {
    const app = build();
    app.post('/webhooks/acme', { schema: schemas.receiveAcmeWebhookRouteSchema }, async () => ({ status: 'accepted' as const, eventId: 'x' }));
    const bad = await app.inject({ method: 'POST', url: '/webhooks/acme', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: "headers must have required property 'acme-signature'" });
    await app.close();
  });

  it('refuses, at registration, a route schema without a known $id', async () => {
    const app = build();
    app.get('/adhoc', { schema: { querystring: Type.Object({ q: Type.String() }) } }, async () => ({}));
    await expect(app.ready()).rejects.toThrow(/GET \/adhoc: the querystring schema has no \$id; use the generated route schema/);
  });

  it('refuses a $id that no contract defines', async () => {
    const app = build();
    app.get('/adhoc', { schema: { querystring: Type.Object({ q: Type.String() }, { $id: 'acme/nothing/querystring' }) } }, async () => ({}));
    await expect(app.ready()).rejects.toThrow(/has \$id "acme\/nothing\/querystring", which no contract defines/);
  });
});
