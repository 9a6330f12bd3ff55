#!/usr/bin/env node
// The `vf` operator CLI. Runs on the in-repo Node 24 (npx puts node_modules/.bin first on PATH),
// which loads the TypeScript sources directly by type stripping.
import '../services/cli/main.ts';
