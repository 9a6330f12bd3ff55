/**
 * One file the generator writes into `generated/`. Every generator step returns these; only
 * `codegen/main.ts` touches the disk, so a run is deterministic and `--check` can compare bytes.
 */
export interface GeneratedFile {
  /** Path relative to `generated/`, forward slashes. */
  readonly path: string;
  readonly contents: string;
}

/** The marker every generated file carries on its first line (svix's `@generated` token). */
export const GENERATED_MARKER = '@generated';

/**
 * The first line of a generated file, in the comment syntax of its kind.
 * JSON cannot carry a comment: `manifest.json` holds its marker in a `"@generated"` field instead.
 */
export function header(source: string, kind: 'ts' | 'cjs'): string {
  const text = `${GENERATED_MARKER} by codegen from ${source}. Do not edit; run \`npm run codegen\`.`;
  return kind === 'ts' || kind === 'cjs' ? `// ${text}\n` : text;
}
