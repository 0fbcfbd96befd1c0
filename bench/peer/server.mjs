// The peer a user would otherwise pick (../shared/bench/ANCHORS.md, "graphql-js
// on node:http"): plain graphql-js, parse + validate + execute on every
// request, the store in memory and without durability. Same schema slice as
// the load scripts (../nybeskjed.graphql): nyBeskjed idempotent on
// (merkelapp, eksternId), mineNotifikasjoner as a relay connection over
// 10,000 seeded plus every inserted notification, newest first, across three
// organisations. It exists so that our figures can be given as a ratio to it
// measured on the same machine in the same command (bench/run-peer.sh).
// usage: node server.mjs PORT
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { buildSchema, execute, parse, validate } from 'graphql';

const port = Number(process.argv[2] ?? 4000);
const here = new URL('.', import.meta.url).pathname;
const schema = buildSchema(readFileSync(here + '../nybeskjed.graphql', 'utf8'));

const ORGS = ['910825526', '910825527', '910825528'];
const notifications = []; // oldest first; the position is the cursor
const byKey = new Map(); // `${merkelapp}\u0000${eksternId}` -> notification

function insert(input) {
  const n = {
    __typename: 'Beskjed',
    id: randomUUID(),
    merkelapp: input.notifikasjon.merkelapp,
    tekst: input.notifikasjon.tekst,
    lenke: input.notifikasjon.lenke,
    opprettetTidspunkt: new Date().toISOString(),
    virksomhet: { virksomhetsnummer: input.metadata.virksomhetsnummer },
    input: JSON.stringify(input),
  };
  notifications.push(n);
  byKey.set(`${n.merkelapp}\u0000${input.metadata.eksternId}`, n);
  return n;
}

for (let i = 0; i < 10000; i++)
  insert({ metadata: { eksternId: `seed-${i}`, virksomhetsnummer: ORGS[i % 3] },
    mottakere: [{ altinn: { serviceCode: '4936', serviceEdition: '1' } }],
    notifikasjon: { merkelapp: 'tiltak', tekst: `Seeded beskjed ${i}`, lenke: `https://tiltak.example/seed/${i}` } });

function nyBeskjed({ nyBeskjed: input }) {
  const key = `${input.notifikasjon.merkelapp}\u0000${input.metadata.eksternId}`;
  const existing = byKey.get(key);
  if (existing) {
    if (existing.input === JSON.stringify(input))
      return { __typename: 'NyBeskjedVellykket', id: existing.id, eksterneVarsler: [] };
    return { __typename: 'DuplikatEksternIdOgMerkelapp', idTilEksisterende: existing.id,
      feilmelding: 'notifikasjon med angitt eksternId og merkelapp finnes fra før' };
  }
  return { __typename: 'NyBeskjedVellykket', id: insert(input).id, eksterneVarsler: [] };
}

const cursorOf = (i) => Buffer.from(String(i)).toString('base64');

function mineNotifikasjoner({ first, after }) {
  const limit = first ?? 10;
  let i = after ? Number(Buffer.from(after, 'base64').toString()) - 1 : notifications.length - 1;
  const edges = [];
  for (; i >= 0 && edges.length < limit; i--)
    if (ORGS.includes(notifications[i].virksomhet.virksomhetsnummer))
      edges.push({ cursor: cursorOf(i), node: notifications[i] });
  return { edges, pageInfo: { hasNextPage: i >= 0, endCursor: edges.length ? edges.at(-1).cursor : '' } };
}

const rootValue = { nyBeskjed, mineNotifikasjoner, whoami: () => 'bench' };

function answer(text) {
  let req;
  try { req = JSON.parse(text); } catch { return { errors: [{ message: 'invalid JSON' }] }; }
  let document;
  try { document = parse(req.query); } catch (e) { return { errors: [{ message: e.message }] }; }
  const errors = validate(schema, document);
  if (errors.length) return { errors };
  return execute({ schema, document, rootValue, variableValues: req.variables, operationName: req.operationName });
}

createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.stringify(answer(Buffer.concat(chunks).toString()));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(port, '127.0.0.1', () => console.log(`peer listening on ${port}`));
