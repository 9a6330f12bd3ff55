/**
 * Offline schema validation of rendered objects with the kubernetes-models packages: core
 * Kubernetes, CloudNativePG, Gateway API and prometheus-operator (docs/decisions/0003). Each
 * package exports one model class per apiVersion/kind whose `validate()` runs the JSON schema of
 * that type; an object of a kind no package knows is an error, never skipped.
 */
import * as kubernetes from 'kubernetes-models';
import * as cloudnativePg from '@kubernetes-models/cloudnative-pg';
import * as gatewayApi from '@kubernetes-models/gateway-api';
import * as prometheusOperator from '@kubernetes-models/prometheus-operator';
import type { KubeObject } from './renderOverlays.ts';

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: object): { validate(): void };
}

function isModelClass(value: unknown): value is ModelClass {
  if (typeof value !== 'function') return false;
  const meta = value as unknown as Record<string, unknown>;
  return typeof meta.apiVersion === 'string' && typeof meta.kind === 'string';
}

/**
 * The API versions the manifests may use: the served ones. The packages also model versions
 * that clusters no longer serve (extensions/v1beta1, policy/v1beta1, …); those are refused.
 */
export const servedApiVersions: ReadonlySet<string> = new Set([
  'v1',
  'apps/v1',
  'batch/v1',
  'policy/v1',
  'networking.k8s.io/v1',
  'postgresql.cnpg.io/v1',
  'gateway.networking.k8s.io/v1',
  'monitoring.coreos.com/v1',
]);

function collectModels(): Map<string, ModelClass> {
  const models = new Map<string, ModelClass>();
  // The packages nest their exports by group and version (kubernetes.apps.v1.Deployment).
  const walk = (namespace: unknown, depth: number): void => {
    if (depth > 4 || typeof namespace !== 'object' || namespace === null) return;
    for (const value of Object.values(namespace)) {
      if (isModelClass(value)) models.set(`${value.apiVersion}/${value.kind}`, value);
      else walk(value, depth + 1);
    }
  };
  for (const pkg of [kubernetes, cloudnativePg, gatewayApi, prometheusOperator]) walk(pkg, 0);
  return models;
}

let models: Map<string, ModelClass> | undefined;

/** What validating one object found: nothing, or why it is refused. */
export type SchemaVerdict = { kind: 'valid' } | { kind: 'invalid'; message: string };

/** Validates `object` against the schema of its apiVersion/kind. */
export function validateObject(object: KubeObject): SchemaVerdict {
  models ??= collectModels();
  const where = `${object.apiVersion}/${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;
  if (!servedApiVersions.has(object.apiVersion)) return { kind: 'invalid', message: `${where}: apiVersion ${object.apiVersion} is not one the cluster serves` };
  const Model = models.get(`${object.apiVersion}/${object.kind}`);
  if (Model === undefined) return { kind: 'invalid', message: `${where}: no schema for this kind in the kubernetes-models packages` };
  try {
    new Model(object).validate();
    return { kind: 'valid' };
  } catch (e: unknown) {
    return { kind: 'invalid', message: `${where}: ${e instanceof Error ? e.message : String(e)}` };
  }
}
