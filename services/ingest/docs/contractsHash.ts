/**
 * A fingerprint of `contracts/`: the docs site is stamped with the fingerprint it was built from,
 * so a site older than the contracts is rebuilt (file times would not do: a checkout resets them).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** SHA-256 (hex) over every file under `contractsDir`: relative path and bytes, in path order. */
export async function contractsHash(contractsDir: string): Promise<string> {
  const entries = await readdir(contractsDir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) {
    // Separators normalised, so the fingerprint does not depend on the platform.
    hash.update(relative(contractsDir, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}
