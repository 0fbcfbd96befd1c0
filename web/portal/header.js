// The portal's top bar (who is logged in, log out, the bell) and the
// development login that picks a demo person.

import '/bell.js';
import { el } from './sakskort.js';
import { currentSession, demoPersons, login, logout } from './session.js';

/** Fills the header; the bell gets the person's token. */
export function renderHeader(header, session) {
  header.replaceChildren();
  const brand = el('a', 'merke');
  brand.href = '/';
  brand.append(el('span', 'merke-navn', 'Min side – arbeidsgiver'), el('span', 'merke-demo', 'Budstikke demo'));
  const right = el('div', 'topp-hoyre');
  if (session) {
    right.append(el('span', 'innlogget', `Innlogget som ${session.fnr}`));
    const out = el('button', 'logg-ut', 'Logg ut');
    out.type = 'button';
    out.addEventListener('click', () => { logout(); window.location.assign('/'); });
    const bell = document.createElement('budstikke-bell');
    bell.setAttribute('saksoversikt-url', '/');
    bell.token = session.token;
    right.append(out, bell);
  }
  header.append(brand, right);
}

function personButton(p, onDone, status) {
  const b = el('button', 'person');
  b.type = 'button';
  b.dataset.fnr = p.fnr;
  b.append(el('span', 'person-fnr', p.fnr));
  const orgs = p.virksomheter.map((v) => v.navn || v.virksomhetsnummer).join(', ');
  b.append(el('span', 'person-orgs', orgs || 'Ingen Altinn-tilganger (kan være nærmeste leder)'));
  b.addEventListener('click', () => logIn(p.fnr, onDone, status));
  return b;
}

async function logIn(fnr, onDone, status) {
  status.textContent = 'Logger inn …';
  try {
    onDone(await login(fnr));
  } catch (e) {
    status.textContent = e.message;
  }
}

/** The development login; onDone(session) after a person is picked. */
export async function renderLogin(main, onDone) {
  const box = el('section', 'innlogging');
  box.setAttribute('aria-labelledby', 'innlogging-tittel');
  const h = el('h1', null, 'Velg testperson');
  h.id = 'innlogging-tittel';
  box.append(h, el('p', null, 'Dette er en demo av Min side for arbeidsgivere. Logg inn som en av personene i tilgangsfilen '
    + '(tjenesten må kjøre med --dev), eller skriv inn et fødselsnummer.'));
  const status = el('p', 'innlogging-status');
  status.setAttribute('role', 'status');
  const list = el('div', 'personer');
  list.setAttribute('role', 'group');
  list.setAttribute('aria-label', 'Testpersoner');
  const form = el('form', 'fnr-skjema');
  const label = el('label', null, 'Fødselsnummer (11 siffer)');
  const input = el('input');
  input.id = 'fnr';
  input.inputMode = 'numeric';
  input.pattern = '[0-9]{11}';
  input.required = true;
  input.autocomplete = 'off';
  label.htmlFor = 'fnr';
  const submit = el('button', null, 'Logg inn');
  submit.type = 'submit';
  form.append(label, input, submit);
  form.addEventListener('submit', (e) => { e.preventDefault(); logIn(input.value.trim(), onDone, status); });
  box.append(list, form, status);
  main.replaceChildren(box);
  try {
    const persons = await demoPersons();
    list.replaceChildren(...persons.map((p) => personButton(p, onDone, status)));
    if (!persons.length) list.append(el('p', null, 'Tilgangsfilen har ingen personer.'));
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
