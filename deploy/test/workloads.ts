/**
 * The pods the overlays run (Deployments and Jobs), typed with the kubernetes-models interfaces
 * so the assertions read the real field names.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { KubeObject, RenderedOverlay } from './renderOverlays.ts';

/** A pod template of one workload. */
export interface Workload {
  readonly overlay: string;
  readonly kind: 'Deployment' | 'Job';
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pod: IPodSpec;
}

/** The config role a container runs, from its first argument (deploy/image/entrypoint.sh). */
export type ContainerRole = 'ingest' | 'env-api' | 'local';

/** Every Deployment and Job of the rendered overlays. */
export function workloadsOf(overlays: readonly RenderedOverlay[]): Workload[] {
  return overlays.flatMap((overlay) =>
    overlay.objects.flatMap((object): Workload[] => {
      if (object.kind !== 'Deployment' && object.kind !== 'Job') return [];
      const template = (object as unknown as IDeployment | IJob).spec?.template;
      if (template?.spec === undefined) throw new Error(`${object.kind} ${object.metadata.name} has no pod template`);
      return [{ overlay: overlay.name, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace ?? '', labels: template.metadata?.labels ?? {}, pod: template.spec }];
    }),
  );
}

/** The role behind a container's arguments: `ingest`, `env-api`, or the CLI (`migrate …`, `vf …`). */
export function containerRole(container: IContainer): ContainerRole {
  const first = container.args?.[0];
  if (first === 'ingest' || first === 'env-api') return first;
  if (first === 'migrate' || first === 'vf') return 'local';
  throw new Error(`container ${container.name} runs no known role (args ${JSON.stringify(container.args)})`);
}

/** A container's literal env values; variables from a Secret get `placeholder(name)`. */
export function envOf(container: IContainer, placeholder: (name: string) => string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) env[variable.name] = variable.value ?? placeholder(variable.name);
  return env;
}

/** The env entries of a container that take their value from a Secret. */
export function secretRefs(container: IContainer): { variable: string; secret: string; key: string }[] {
  return (container.env ?? []).flatMap((variable: IEnvVar) => {
    const ref = variable.valueFrom?.secretKeyRef;
    return ref === undefined ? [] : [{ variable: variable.name, secret: ref.name ?? '', key: ref.key }];
  });
}

/** The objects of one kind across overlays, with the overlay they came from. */
export function objectsOfKind(overlays: readonly RenderedOverlay[], kind: string): { overlay: string; object: KubeObject }[] {
  return overlays.flatMap((overlay) => overlay.objects.filter((o) => o.kind === kind).map((object) => ({ overlay: overlay.name, object })));
}
