// graphql-js must accept the producer SDL, and every example operation of the
// producer guide must validate against it. Prints "N passed, N failed".
// usage: node check_producer_seeds.mjs SDL FIXTURE_DIR
import { readFileSync, readdirSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';

const [sdlPath, dir] = process.argv.slice(2);
let passed = 0, failed = 0;
const schema = buildSchema(readFileSync(sdlPath, 'utf8'));
for (const f of readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()) {
  let errors;
  try { errors = validate(schema, parse(readFileSync(`${dir}/${f}`, 'utf8'))); } catch (e) { errors = [e]; }
  if (errors.length) { failed++; console.log(`FAIL ${f}: ${errors.map((e) => e.message).join(' | ')}`); }
  else passed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
