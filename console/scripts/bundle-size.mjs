// Prints the gzipped size of the production JavaScript and fails the build over the budget.
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1024;
const assets = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'assets');
const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
const gzipped = scripts.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length, 0);
const kb = (gzipped / 1024).toFixed(1);
console.log(`console: production JavaScript ${kb} KB gzipped (${scripts.length} file(s), budget 200 KB)`);
if (gzipped > BUDGET_BYTES) {
  console.error(`console: the production JavaScript is ${kb} KB gzipped, over the 200 KB budget`);
  process.exit(1);
}
