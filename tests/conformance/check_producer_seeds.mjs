// graphql-js must accept the producer SDL, and every example operation of the
// producer guide (seeds 001, 002) must validate against it, except those that
// expected.txt marks "error: M": there graphql-js must report M first, the
// words our engine answers with (tests/blackbox/test_producer_seeds.c).
// Prints "N passed, N failed".
// usage: node check_producer_seeds.mjs SDL FIXTURE_DIR
import { readFileSync, readdirSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';

const [sdlPath, dir] = process.argv.slice(2);
const invalid = new Map();
for (const line of readFileSync(`${dir}/expected.txt`, 'utf8').split('\n')) {
  const m = line.match(/^(\S+)\s+\S+\s+error: (.*)$/);
  if (m) invalid.set(m[1], m[2]);
}
let passed = 0, failed = 0;
const schema = buildSchema(readFileSync(sdlPath, 'utf8'));
for (const f of readdirSync(dir).filter((f) => f.endsWith('.graphql')).sort()) {
  let errors;
  try { errors = validate(schema, parse(readFileSync(`${dir}/${f}`, 'utf8'))); } catch (e) { errors = [e]; }
  const want = invalid.get(f.replace(/\.graphql$/, ''));
  const got = errors.map((e) => e.message);
  const ok = want === undefined ? got.length === 0 : got[0] === want;
  if (ok) passed++;
  else { failed++; console.log(`FAIL ${f}: ${want === undefined ? '' : `expected "${want}", `}got ${JSON.stringify(got)}`); }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
