/**
 * Image build step: `node deploy/image/stampDocsSite.ts <site dir>` stamps a docs site built by
 * `npm run docs -- --out <site dir>` with the fingerprint of `contracts/`, exactly as the ingest
 * role's own background build does (services/ingest/docs/docsSite.ts).
 *
 * Why: the runtime image has no codegen/ and no dev dependencies, so the role cannot build the
 * site itself (`/docs` would answer 503 `INGEST_DOCS_GENERATOR_MISSING` for ever). Built at image
 * build time into `<VF_DATA_DIR>/docs-site` and stamped, the role finds it current and serves it;
 * nothing is written at run time, so the root filesystem can stay read-only.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { contractsHash } from '../../services/ingest/docs/contractsHash.ts';
import { writeDocsStamp } from '../../services/ingest/docs/docsSite.ts';

/** The repository root (this file lives in deploy/image/). */
const repoRoot = resolve(import.meta.dirname, '../..');

/** Stamps `siteDir` as built from `contractsDir`; throws when the site has no index page. */
export async function stampDocsSite(siteDir: string, contractsDir: string = join(repoRoot, 'contracts')): Promise<string> {
  if (!existsSync(join(siteDir, 'index.html'))) throw new Error(`${siteDir} has no index.html: build it first with \`npm run docs -- --out ${siteDir}\``);
  const hash = await contractsHash(contractsDir);
  await writeDocsStamp(siteDir, hash);
  return hash;
}

if (import.meta.main) {
  const siteDir = process.argv[2];
  if (siteDir === undefined) {
    console.error('usage: node deploy/image/stampDocsSite.ts <site dir>');
    process.exit(2);
  }
  console.log(`docs site ${siteDir} stamped ${await stampDocsSite(resolve(siteDir))}`);
}
