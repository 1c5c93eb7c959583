// Generates one TypeScript module of types per committed OpenAPI document (docs/openapi/*.json),
// so a field renamed in a service's document fails `tsc` without starting anything.
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const docs = join(here, '..', '..', 'docs', 'openapi');
const out = join(here, '..', 'src', 'api', 'generated');
mkdirSync(out, { recursive: true });
for (const file of readdirSync(docs).filter((name) => name.endsWith('.json')).sort()) {
  const schema = JSON.parse(readFileSync(join(docs, file), 'utf8'));
  const ast = await openapiTS(schema);
  const target = join(out, `${basename(file, '.json')}.ts`);
  writeFileSync(target, `// Generated from docs/openapi/${file} by scripts/generate-api.mjs; do not edit.\n${astToString(ast)}`);
}
