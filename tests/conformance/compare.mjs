// Compares our engine's answers with graphql-js's, case by case.
// data: deep-equal including key order. errors: same number, and per error
// the same path and locations (request-level errors without a path are
// compared as a multiset of locations, since rule order may differ).
// Messages that differ are reported but do not fail a case.
// Also: graphql-js must accept our full introspection result, and
// printSchema of it must equal printSchema(buildSchema(sdl)).
// usage: node compare.mjs CORPUS OURS THEIRS SCHEMA
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, printSchema } from 'graphql';

const [corpusPath, oursPath, theirsPath, schemaPath] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(corpusPath, 'utf8'));
const ours = JSON.parse(readFileSync(oursPath, 'utf8'));
const theirs = JSON.parse(readFileSync(theirsPath, 'utf8'));
let passed = 0, failed = 0, messageDiffs = 0;
const verbose = process.env.VERBOSE === '1';

const key = (e) => JSON.stringify({ locations: e.locations ?? null, path: e.path ?? null });

function compareErrors(a = [], b = []) {
  if (a.length !== b.length) return `error count ${a.length} vs ${b.length}`;
  const ka = a.map(key), kb = b.map(key);
  const anyPath = a.some((e) => e.path) || b.some((e) => e.path);
  const sa = anyPath ? ka : [...ka].sort(), sb = anyPath ? kb : [...kb].sort();
  for (let i = 0; i < sa.length; i++)
    if (sa[i] !== sb[i]) return `error ${i}: ${sa[i]} vs ${sb[i]}`;
  const ma = a.map((e) => e.message).sort(), mb = b.map((e) => e.message).sort();
  for (let i = 0; i < ma.length; i++)
    if (ma[i] !== mb[i]) {
      messageDiffs++;
      if (verbose) console.log(`  message differs:\n    ours:   ${ma[i]}\n    theirs: ${mb[i]}`);
    }
  return null;
}

cases.forEach((c, i) => {
  const a = ours[i], b = theirs[i];
  let problem = null;
  if (!a) problem = 'no answer from our engine';
  else if (('data' in a) !== ('data' in b)) problem = `data present ${'data' in a} vs ${'data' in b}`;
  else if (JSON.stringify(a.data) !== JSON.stringify(b.data))
    problem = `data differs:\n    ours:   ${JSON.stringify(a.data)}\n    theirs: ${JSON.stringify(b.data)}`;
  else problem = compareErrors(a.errors, b.errors);
  if (problem) {
    failed++;
    console.log(`FAIL ${c.name}: ${problem}`);
    if (verbose) console.log(`    ours:   ${JSON.stringify(a)}\n    theirs: ${JSON.stringify(b)}`);
  } else {
    passed++;
  }
});

// The introspection round trip through graphql-js's client tools.
const full = ours[cases.findIndex((c) => c.name === 'introspection-full')];
try {
  const client = buildClientSchema(full.data);
  const expected = printSchema(buildSchema(readFileSync(schemaPath, 'utf8')));
  if (printSchema(client) === expected) passed++;
  else {
    failed++;
    console.log('FAIL introspection-roundtrip: printSchema differs');
  }
} catch (err) {
  failed++;
  console.log(`FAIL introspection-roundtrip: ${err.message}`);
}
console.log(`messages differing from graphql-js (not fatal): ${messageDiffs}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
