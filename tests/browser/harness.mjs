// Browser test harness: the real budstikke binary on a fresh SQLite file
// (serve --dev with an access file and a registry), data created through
// the producer API and the dialog API over HTTP, and Debian's Chromium
// driven by playwright-core. Every wait is bounded.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const PRODUCER = 'test:produsent';
export const RESSURS = 'test-ressurs';
export const JOBCENTER = 'test:jobcenter'; // dialog API callers (docs/dialog.md)
export const AKASSE = 'test:akasse';

export const REGISTRY = {
  producers: [{
    id: PRODUCER,
    merkelapper: ['Tiltak', 'Sykepenger', 'Permittering'],
    mottakere: [{ altinnRessurs: { ressursId: RESSURS } }, { altinnRessurs: { ressursId: 'annen-ressurs' } }],
  },
  { id: JOBCENTER, organisasjon: '14700', merkelapper: [], mottakere: [] },
  { id: AKASSE, organisasjon: 'AK1', merkelapper: [], mottakere: [] }],
  organisasjoner: [
    { kode: '14700', type: 'JOBCENTER', navn: 'Jobcenter Frederiksberg' },
    { kode: 'AK1', type: 'AKASSE', navn: 'A-kassen Test' },
  ],
};

/** A person per test, each with an organisation of their own, so tests do not see each other's data. */
export function person(n) {
  const fnr = `${String(10000000000 + n * 1111)}`.slice(0, 11);
  const org = String(900000000 + n);
  return { fnr, org, navn: `Testbedrift ${n} AS`, personnavn: `Test Testesen ${n}` };
}

/** A citizen per test (a 10-digit CPR ident), under Jobcenter Frederiksberg and A-kassen Test. */
export function citizen(n) {
  return { fnr: `0101${String(900000 + n)}`, navn: `Borger ${n}` };
}

/** Person n of a group: a main unit (with rights of its own) and two sub-units under it. */
export function groupPerson(n) {
  const p = person(n);
  return {
    ...p,
    main: { org: String(800000000 + n), navn: `Konsern ${n} AS` },
    subs: [{ org: p.org, navn: `Avdeling A ${n}` }, { org: String(910000000 + n), navn: `Avdeling B ${n}` }],
  };
}
const GROUP_PERSONS = [30];

function accessFile(count) {
  const personer = [];
  const innbyggere = [];
  for (let n = 1; n <= count; n++) {
    const p = person(n);
    personer.push({
      fnr: p.fnr,
      navn: p.personnavn,
      virksomheter: [{ virksomhetsnummer: p.org, navn: p.navn, ressurser: [RESSURS] }],
    });
    const c = citizen(n);
    innbyggere.push({ ident: c.fnr, navn: c.navn, jobcenter: '14700', kommune: '0147', akasse: 'AK1' });
  }
  for (const n of GROUP_PERSONS) {
    const g = groupPerson(n);
    personer.push({
      fnr: g.fnr,
      navn: g.personnavn,
      virksomheter: [
        ...g.subs.map((u) => ({ virksomhetsnummer: u.org, navn: u.navn, overordnet: g.main.org, ressurser: [RESSURS] })),
        { virksomhetsnummer: g.main.org, navn: g.main.navn, ressurser: [RESSURS] },
      ],
    });
  }
  return { personer, innbyggere, naermesteLeder: [] };
}

/** BUDSTIKKE_BIN, else the newest of the sanitizer and the release build. */
function binary() {
  if (process.env.BUDSTIKKE_BIN) return process.env.BUDSTIKKE_BIN;
  const built = ['build-asan/budstikke', 'build/budstikke'].filter((b) => fs.existsSync(b))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!built.length) throw new Error('no budstikke binary: run make first');
  return path.resolve(built[0]);
}

function waitFor(check, ms, what) {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const v = check();
      if (v) resolve(v);
      else if (Date.now() > until) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 25);
    };
    tick();
  });
}

export class Server {
  /** persons: the test persons of the access file; demo: `budstikke demo` makes the data and the files instead. */
  static async start({ persons = 20, demo = false } = {}) {
    const s = new Server();
    s.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budstikke-browser-'));
    s.bin = binary();
    s.key = path.join(s.dir, 'dev.key');
    if (demo) {
      execFileSync(s.bin, ['demo', '--db', `sqlite:${path.join(s.dir, 'test.db')}`, '--access', path.join(s.dir, 'access.json'),
        '--registry', path.join(s.dir, 'registry.json')], { stdio: 'ignore' });
    } else {
      fs.writeFileSync(path.join(s.dir, 'access.json'), JSON.stringify(accessFile(persons)));
      fs.writeFileSync(path.join(s.dir, 'registry.json'), JSON.stringify(REGISTRY));
    }
    s.logPath = path.join(s.dir, 'serve.log');
    const log = fs.openSync(s.logPath, 'w');
    s.proc = spawn(s.bin, ['serve', '--dev', '--listen', '127.0.0.1:0', '--db', `sqlite:${path.join(s.dir, 'test.db')}`,
      '--dev-key', s.key, '--access', path.join(s.dir, 'access.json'), '--registry', path.join(s.dir, 'registry.json')],
    { stdio: ['ignore', log, log] });
    s.exited = new Promise((resolve) => s.proc.on('exit', (code, signal) => resolve({ code, signal })));
    const port = await waitFor(() => /"msg":"listening".*?"port":"(\d+)"/.exec(fs.readFileSync(s.logPath, 'utf8'))?.[1], 10000, 'the server to listen');
    s.base = `http://127.0.0.1:${port}`;
    s.producerToken = execFileSync(s.bin, ['token', 'producer', PRODUCER, '--dev-key', s.key]).toString().trim();
    s.tokens = new Map();
    return s;
  }

  /** A development token (cached): kind 'producer' or 'user'. */
  token(kind, subject) {
    const key = `${kind}:${subject}`;
    if (!this.tokens.has(key)) {
      this.tokens.set(key, execFileSync(this.bin, ['token', kind, subject, '--dev-key', this.key]).toString().trim());
    }
    return this.tokens.get(key);
  }

  /**
   * One dialog API request (path below /api/dialog/v1) as a producer client
   * or, with { innbygger: ident }, as that citizen; the parsed answer, which
   * must have status 2xx. body: a JSON value, or { bytes, type } raw.
   */
  async dialogApi(method, urlPath, { som = JOBCENTER, innbygger = null, body = undefined } = {}) {
    const token = innbygger ? this.token('user', innbygger) : this.token('producer', som);
    const headers = { Authorization: `Bearer ${token}` };
    let payload;
    if (body?.bytes) {
      headers['Content-Type'] = body.type;
      payload = body.bytes;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${this.base}/api/dialog/v1${urlPath}`, { method, headers, body: payload });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** SIGTERM, and the exit status (or 'timeout'); the files go when it exited cleanly. */
  async stop() {
    this.proc.kill('SIGTERM');
    const { code } = await Promise.race([this.exited, new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 10000))]);
    if (code === 'timeout') this.proc.kill('SIGKILL');
    if (code === 0) fs.rmSync(this.dir, { recursive: true, force: true });
    return code;
  }

  async graphql(urlPath, token, query, variables = {}) {
    const res = await fetch(this.base + urlPath, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(`${urlPath}: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  /** One producer mutation; the result object, which must be a ...Vellykket. */
  async produce(query, variables = {}) {
    const data = await this.graphql('/api/producer/graphql', this.producerToken, query, variables);
    const r = Object.values(data)[0];
    if (!/Vellykket$/.test(r.__typename)) throw new Error(`producer answered ${JSON.stringify(r)}`);
    return r;
  }

  userToken(fnr) {
    return execFileSync(this.bin, ['token', 'user', fnr, '--dev-key', this.key]).toString().trim();
  }

  user(fnr, query, variables) {
    return this.graphql('/api/user/graphql', this.userToken(fnr), query, variables);
  }
}

// ---- Producer helpers ----

const RESULT = '__typename ... on Error { feilmelding }';
let serial = 0;
const nextId = () => `e${Date.now()}-${++serial}`;

export function beskjed(s, p, { tekst, lenke = '/tjeneste?tjeneste=Test', grupperingsid = null, merkelapp = 'Tiltak', ressurs = RESSURS, opprettet = null }) {
  return s.produce(`mutation($m: String!, $t: String!, $l: String!, $org: String!, $e: String!, $g: String, $r: String!, $o: ISO8601DateTime) {
    nyBeskjed(nyBeskjed: { mottakere: [{altinnRessurs: {ressursId: $r}}], notifikasjon: {merkelapp: $m, tekst: $t, lenke: $l},
      metadata: {virksomhetsnummer: $org, eksternId: $e, grupperingsid: $g, opprettetTidspunkt: $o} }) { ${RESULT} ... on NyBeskjedVellykket { id } } }`,
  { m: merkelapp, t: tekst, l: lenke, org: p.org, e: nextId(), g: grupperingsid, r: ressurs, o: opprettet });
}

export function oppgave(s, p, { tekst, lenke = '/tjeneste?tjeneste=Test', grupperingsid = null, merkelapp = 'Tiltak', frist = null, opprettet = null }) {
  return s.produce(`mutation($m: String!, $t: String!, $l: String!, $org: String!, $e: String!, $g: String, $f: ISO8601Date, $o: ISO8601DateTime) {
    nyOppgave(nyOppgave: { mottakere: [{altinnRessurs: {ressursId: "${RESSURS}"}}], notifikasjon: {merkelapp: $m, tekst: $t, lenke: $l},
      metadata: {virksomhetsnummer: $org, eksternId: $e, grupperingsid: $g, opprettetTidspunkt: $o}, frist: $f }) { ${RESULT} ... on NyOppgaveVellykket { id } } }`,
  { m: merkelapp, t: tekst, l: lenke, org: p.org, e: nextId(), g: grupperingsid, f: frist, o: opprettet });
}

export function oppgaveUtfoert(s, id) {
  return s.produce(`mutation($id: ID!) { oppgaveUtfoert(id: $id) { ${RESULT} ... on OppgaveUtfoertVellykket { id } } }`, { id });
}

export function oppgaveUtgaatt(s, id) {
  return s.produce(`mutation($id: ID!) { oppgaveUtgaatt(id: $id) { ${RESULT} ... on OppgaveUtgaattVellykket { id } } }`, { id });
}

export function sak(s, p, { tittel, grupperingsid, merkelapp = 'Tiltak', status = 'MOTTATT', lenke = null, tidspunkt = null, statustekst = null, ressurser = [RESSURS] }) {
  const mottakere = ressurser.map((r) => `{altinnRessurs: {ressursId: "${r}"}}`).join(', ');
  return s.produce(`mutation($g: String!, $m: String!, $org: String!, $t: String!, $l: String, $s: SaksStatus!, $ts: ISO8601DateTime, $st: String) {
    nySak(grupperingsid: $g, merkelapp: $m, virksomhetsnummer: $org, mottakere: [${mottakere}],
      tittel: $t, lenke: $l, initiellStatus: $s, tidspunkt: $ts, overstyrStatustekstMed: $st) { ${RESULT} ... on NySakVellykket { id } } }`,
  { g: grupperingsid, m: merkelapp, org: p.org, t: tittel, l: lenke, s: status, ts: tidspunkt, st: statustekst });
}

export function nyStatus(s, id, { status, tekst = null, tidspunkt = null }) {
  return s.produce(`mutation($id: ID!, $s: SaksStatus!, $t: String, $ts: ISO8601DateTime) {
    nyStatusSak(id: $id, nyStatus: $s, overstyrStatustekstMed: $t, tidspunkt: $ts) { ${RESULT} ... on NyStatusSakVellykket { id } } }`,
  { id, s: status, t: tekst, ts: tidspunkt });
}

// ---- Dialog helpers (docs/dialog.md) ----

/** A dialog for citizen c (kanal VARSEL unless fields say otherwise); its id. */
export async function melding(s, c, fields, som = JOBCENTER) {
  const r = await s.dialogApi('POST', '/dialoger', {
    som, body: { eksternId: nextId(), innbyggere: [c.fnr], kanal: 'VARSEL', tekst: 'En melding', ...fields },
  });
  return r.dialoger[0].id;
}

/** A historic dialog (POST /historikk/dialoger): nothing is delivered, it never counts as unread. */
export async function historiskMelding(s, c, fields) {
  const r = await s.dialogApi('POST', '/historikk/dialoger', {
    body: { eksternId: nextId(), innbyggere: [c.fnr], kanal: 'VARSEL', tekst: 'En gammel melding', status: 'AKTIV', ...fields },
  });
  return r.dialoger[0].id;
}

/** The dialog as citizen c sees it (a token at the substantial level). */
export function citizenView(s, c, id) {
  return s.dialogApi('GET', `/meg/dialoger/${id}`, { innbygger: c.fnr });
}

/** Whether the citizen's own mark of that type is on the item (a dialog or a reply view). */
export function citizenMarked(item, type) {
  return (item.markeringer || []).some((m) => m.type === type && m.aktor?.type === 'INNBYGGER');
}

/** Uploads bytes as a PDF for the caller som; the attachment's id. */
export async function pdfVedlegg(s, filnavn, bytes, som = JOBCENTER) {
  const r = await s.dialogApi('POST', `/vedlegg?filnavn=${encodeURIComponent(filnavn)}`, { som, body: { bytes, type: 'application/pdf' } });
  return r.id;
}

/** An instant d days (and h hours) before now, ISO. */
export function ago(days, hours = 0) {
  return new Date(Date.now() - (days * 24 + hours) * 3600 * 1000).toISOString();
}

// ---- Browser ----

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A fresh browser profile ("a device"); close() removes it. */
export async function openBrowser() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'budstikke-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 }, locale: 'nb-NO', timezoneId: 'Europe/Oslo',
  });
  context.setDefaultTimeout(5000);
  const errors = [];
  context.on('page', (page) => page.on('pageerror', (e) => errors.push(e.message)));
  return {
    context,
    errors,
    async close() {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A page of the portal, logged in as p through the development login's picker. */
export async function loggedInPage(browser, server, p) {
  const page = browser.context.pages()[0] || await browser.context.newPage();
  await page.goto(`${server.base}/`);
  await page.locator(`button.person[data-fnr="${p.fnr}"]`).click();
  await page.getByText(`Innlogget som ${p.fnr}`).waitFor();
  return page;
}

/** A page logged in as citizen c through the picker (optionally at the high level); it lands on Meldinger. */
export async function citizenPage(browser, server, c, { hoytNivaa = false } = {}) {
  const page = browser.context.pages()[0] || await browser.context.newPage();
  await page.goto(`${server.base}/`);
  if (hoytNivaa) await page.getByLabel('Logg inn med høyt sikkerhetsnivå (idporten-loa-high)').check();
  await page.locator(`button.person[data-fnr="${c.fnr}"]`).click();
  await page.waitForURL(`${server.base}/meldinger`);
  await page.getByRole('heading', { level: 1, name: 'Meldinger' }).waitFor();
  await page.getByText(`Innlogget som ${c.fnr}`).waitFor();
  return page;
}

/** The bell's parts, through its (open) shadow root. */
export function bell(page) {
  const host = page.locator('budstikke-bell');
  return {
    host,
    button: host.locator('button.bell'),
    badge: host.locator('.badge'),
    panel: host.locator('.panel'),
    items: host.locator('li.item'),
    item: (text) => host.locator('li.item', { hasText: text }),
    status: host.locator('[role="status"]'),
  };
}

export function check(cond, message) {
  if (!cond) throw new Error(message);
}

export function checkEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
