// graphql-js on the same operations as bench_engine.c: JSON.parse of the
// request body, parse, validate, execute, JSON.stringify of the result (the
// "full+json" row of ../shared/bench/ANCHORS.md). Median of rounds.
// usage: node engine.mjs [ROUNDS] [SECONDS_PER_ROUND]
import { readFileSync } from 'node:fs';
import { buildSchema, execute, parse, validate } from 'graphql';

const rounds = Number(process.argv[2] ?? 5);
const seconds = Number(process.argv[3] ?? 1);
const here = new URL('.', import.meta.url).pathname;
const schema = buildSchema(readFileSync(here + 'nybeskjed.graphql', 'utf8'));

const MUTATION = 'mutation NyBeskjed($nyBeskjed: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $nyBeskjed) { ' +
  '__typename ... on NyBeskjedVellykket { id } ... on DuplikatEksternIdOgMerkelapp { feilmelding } } }';
const QUERY = 'query MineNotifikasjoner($first: Int, $after: String) { mineNotifikasjoner(first: $first, ' +
  'after: $after) { edges { cursor node { __typename ... on Beskjed { id merkelapp tekst lenke ' +
  'opprettetTidspunkt virksomhet { virksomhetsnummer } } } } pageInfo { hasNextPage endCursor } } }';
const orgs = ['910825526', '910825527', '910825528', '910825529', '910825530'];

const edges = [];
for (let i = 0; i < 10; i++) {
  edges.push({ cursor: `Y3Vy${i + 1}`, node: { __typename: 'Beskjed', id: `0190a6f2-7c3e-7000-8000-${String(i).padStart(12, '0')}`,
    merkelapp: 'tiltak', tekst: 'Du har en ny beskjed om tiltak', lenke: `https://tiltak.example/beskjed/${i}`,
    opprettetTidspunkt: '2026-11-01T10:00:00Z', virksomhet: { virksomhetsnummer: '910825526' } } });
}
const page = { __typename: 'NotifikasjonConnection', edges, pageInfo: { hasNextPage: true, endCursor: 'Y3VyMTA=' } };
const rootValue = {
  nyBeskjed: () => ({ __typename: 'NyBeskjedVellykket', id: '0190a6f2-7c3e-7000-8000-000000000000', eksterneVarsler: [] }),
  mineNotifikasjoner: () => page,
};

function body(mutation, n) {
  if (!mutation) return JSON.stringify({ query: QUERY, variables: { first: 10 } });
  return JSON.stringify({ query: MUTATION, variables: { nyBeskjed: {
    metadata: { eksternId: `bench-${n}`, virksomhetsnummer: orgs[n % 5], grupperingsid: `sak-${n % 1000}` },
    mottakere: [{ altinn: { serviceCode: '4936', serviceEdition: '1' } }],
    notifikasjon: { merkelapp: 'tiltak', tekst: `Du har en ny beskjed om tiltak nummer ${n}`, lenke: `https://tiltak.example/beskjed/${n}` },
  } } });
}

function once(text) {
  const req = JSON.parse(text);
  const document = parse(req.query);
  const errors = validate(schema, document);
  if (errors.length) throw new Error(errors[0].message);
  const result = execute({ schema, document, rootValue, variableValues: req.variables });
  if (result.errors) throw new Error(result.errors[0].message);
  return JSON.stringify(result);
}

function measure(mutation) {
  const perRound = [];
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    let ops = 0;
    const t0 = process.hrtime.bigint();
    let t;
    do {
      for (let k = 0; k < 100; k++) { once(body(mutation, n++)); ops++; }
      t = process.hrtime.bigint();
    } while (Number(t - t0) / 1e9 < seconds);
    perRound.push(Number(t - t0) / 1e3 / ops);
  }
  perRound.sort((a, b) => a - b);
  return perRound[Math.floor(rounds / 2)];
}

// parse + validate + execute only: the request JSON is decoded untimed.
function measurePve(mutation) {
  const perRound = [];
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    let ops = 0, spent = 0n;
    const t0 = process.hrtime.bigint();
    while (Number(process.hrtime.bigint() - t0) / 1e9 < seconds) {
      const req = JSON.parse(body(mutation, n++));
      const a = process.hrtime.bigint();
      const document = parse(req.query);
      if (validate(schema, document).length) throw new Error('invalid');
      const result = execute({ schema, document, rootValue, variableValues: req.variables });
      spent += process.hrtime.bigint() - a;
      if (result.errors) throw new Error(result.errors[0].message);
      ops++;
    }
    perRound.push(Number(spent) / 1e3 / ops);
  }
  perRound.sort((a, b) => a - b);
  return perRound[Math.floor(rounds / 2)];
}

for (const [name, mutation] of [['nyBeskjed', true], ['mineNotifikasjoner', false]]) {
  console.log(`RESULT engine=graphql-js op=${name} mode=pve us_per_op=${measurePve(mutation).toFixed(2)}`);
  console.log(`RESULT engine=graphql-js op=${name} mode=uncached us_per_op=${measure(mutation).toFixed(2)}`);
}
