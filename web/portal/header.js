// The portal's top bar (who is logged in, the pages, log out, the bell) and
// the development login that picks a demo person or citizen.

import '/bell.js';
import { el } from './sakskort.js';
import { currentSession, demoDirectory, login, logout } from './session.js';
import { orgName, orgTree } from './virksomheter.js';

/** Where a session starts: citizens read their messages, employers their saker. */
export function homeOf(session) {
  return session?.innbygger ? '/meldinger' : '/';
}

function navigation(session) {
  const nav = el('nav', 'sider-meny');
  nav.setAttribute('aria-label', 'Sider');
  const pages = session.innbygger ? [['/meldinger', 'Meldinger']] : [['/', 'Saker'], ['/meldinger', 'Meldinger']];
  for (const [href, text] of pages) {
    const a = el('a', null, text);
    a.href = href;
    const here = window.location.pathname === href || (href === '/meldinger' && window.location.pathname.startsWith('/meldinger/'));
    if (here) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  return nav;
}

/** Fills the header; the bell gets the person's token. */
export function renderHeader(header, session) {
  header.replaceChildren();
  const brand = el('a', 'merke');
  brand.href = homeOf(session);
  brand.append(el('span', 'merke-navn', session?.innbygger ? 'Min side' : 'Min side – arbeidsgiver'),
    el('span', 'merke-demo', 'Budstikke demo'));
  const right = el('div', 'topp-hoyre');
  if (session) {
    const who = el('span', 'innlogget');
    who.append(el('span', null, `Innlogget som ${session.fnr}`));
    if (session.navn) who.append(el('span', 'innlogget-navn', session.navn));
    if (session.hoytNivaa) who.append(el('span', 'innlogget-nivaa', 'høyt sikkerhetsnivå'));
    const out = el('button', 'logg-ut', 'Logg ut');
    out.type = 'button';
    out.addEventListener('click', () => { logout(); window.location.assign('/'); });
    const bell = document.createElement('budstikke-bell');
    if (!session.innbygger) bell.setAttribute('saksoversikt-url', '/');
    bell.token = session.token;
    right.append(who, out, bell);
    header.append(brand, navigation(session), right);
    return;
  }
  header.append(brand, right);
}

/** "Slemdal og Ryktet Konsern: Slemdal og Ryktet AS, Ryktet Verksted; Fjordbakeriet AS: ..." */
function orgSummary(virksomheter) {
  const tree = orgTree(virksomheter.map((v) => ({ nr: v.virksomhetsnummer, navn: v.navn, overordnet: v.overordnet })));
  return tree.map((m) => (m.underenheter.length ? `${orgName(m)}: ${m.underenheter.map(orgName).join(', ')}` : orgName(m)))
    .join('; ');
}

function personButton({ fnr, navn, detail, innbygger }, pick) {
  const b = el('button', 'person');
  b.type = 'button';
  b.dataset.fnr = fnr;
  if (innbygger) b.dataset.innbygger = 'true';
  b.append(el('span', 'person-navn', navn || fnr));
  if (navn) b.append(el('span', 'person-fnr', fnr));
  b.append(el('span', 'person-orgs', detail));
  b.addEventListener('click', () => pick(fnr, { navn, innbygger }));
  return b;
}

function group(title, id, buttons, emptyText) {
  const section = el('div', 'persongruppe');
  const h = el('h2', null, title);
  h.id = id;
  const list = el('div', 'personer');
  list.setAttribute('role', 'group');
  list.setAttribute('aria-labelledby', id);
  list.append(...buttons);
  if (!buttons.length) list.append(el('p', null, emptyText));
  section.append(h, list);
  return section;
}

/** The development login; onDone(session) after a person is picked. */
export async function renderLogin(main, onDone) {
  const box = el('section', 'innlogging');
  box.setAttribute('aria-labelledby', 'innlogging-tittel');
  const h = el('h1', null, 'Velg testperson');
  h.id = 'innlogging-tittel';
  box.append(h, el('p', null, 'Dette er en demo av Min side for arbeidsgivere og innbyggere. Logg inn som en av personene i '
    + 'tilgangsfilen (tjenesten må kjøre med --dev), eller skriv inn et fødselsnummer.'));
  const status = el('p', 'innlogging-status');
  status.setAttribute('role', 'status');
  const level = el('div', 'avkryssing nivaa');
  const high = el('input');
  high.type = 'checkbox';
  high.id = 'hoyt-nivaa';
  const highLabel = el('label', null, 'Logg inn med høyt sikkerhetsnivå (idporten-loa-high)');
  highLabel.htmlFor = 'hoyt-nivaa';
  level.append(high, highLabel);
  const pick = async (fnr, who = {}) => {
    status.textContent = 'Logger inn …';
    try {
      onDone(await login(fnr, { ...who, hoytNivaa: high.checked }));
    } catch (e) {
      status.textContent = e.message;
    }
  };
  const groups = el('div', 'persongrupper');
  const form = el('form', 'fnr-skjema');
  const label = el('label', null, 'Fødselsnummer (11 siffer) eller CPR-nummer (10 siffer)');
  const input = el('input');
  input.id = 'fnr';
  input.inputMode = 'numeric';
  input.pattern = '[0-9]{10,11}';
  input.required = true;
  input.autocomplete = 'off';
  label.htmlFor = 'fnr';
  const submit = el('button', null, 'Logg inn');
  submit.type = 'submit';
  form.append(label, input, submit);
  form.addEventListener('submit', (e) => { e.preventDefault(); pick(input.value.trim(), { innbygger: input.value.trim().length === 10 }); });
  box.append(level, groups, form, status);
  main.replaceChildren(box);
  try {
    const { personer, innbyggere } = await demoDirectory();
    groups.replaceChildren(
      group('Arbeidsgivere', 'gruppe-arbeidsgivere', personer.map((p) => personButton({
        fnr: p.fnr, navn: p.navn, detail: orgSummary(p.virksomheter) || 'Ingen Altinn-tilganger (kan være nærmeste leder)',
      }, pick)), 'Tilgangsfilen har ingen personer.'),
      group('Innbyggere', 'gruppe-innbyggere', innbyggere.map((b) => personButton({
        fnr: b.ident, navn: b.navn, detail: 'Meldinger fra det offentlige', innbygger: true,
      }, pick)), 'Tilgangsfilen har ingen innbyggere.'),
    );
  } catch (e) {
    status.textContent = e.message;
  }
}

/** The page's start: header and either the login or fn(session, main). */
export function startPage(fn) {
  const header = document.getElementById('topp');
  const main = document.getElementById('innhold');
  const session = currentSession();
  renderHeader(header, session);
  if (session) {
    fn(session, main);
    return;
  }
  renderLogin(main, (s) => {
    renderHeader(header, s);
    fn(s, main);
  });
}
