// The case overview (user-api.md 9.1): every sak of the person's
// organisations, 30 a page, with text search, task and theme filters, an
// organisation menu (main units with their sub-units) and sorting. The filter state survives a reload
// (sessionStorage), every change goes back to page 1.

import { ApiError, gql, SAK_FIELDS } from './api.js';
import { el, sakskort, tag } from './sakskort.js';
import { demoPersons } from './session.js';
import { orgName, orgTree, selectedOrgnrs } from './virksomheter.js';
import { avtaleTid, merkelappTekst, stedTekst, visning } from '/bell/lib/format.js';

const PAGE_SIZE = 30;
const STATE_KEY = 'saksoversikt_filter';

const SAKER_QUERY = `query Saksoversikt($virksomhetsnumre: [String!], $tekstsoek: String,
    $sortering: SakSortering!, $sakstyper: [String!], $oppgaveFilter: [OppgaveFilterType!],
    $offset: Int, $limit: Int) {
  saker(virksomhetsnumre: $virksomhetsnumre, tekstsoek: $tekstsoek, sortering: $sortering,
        sakstyper: $sakstyper, oppgaveFilter: $oppgaveFilter, offset: $offset, limit: $limit) {
    totaltAntallSaker feilAltinn
    sakstyper { navn antall }
    oppgaveFilterInfo { filterType antall }
    saker { ${SAK_FIELDS} }
  }
}`;

const START_QUERY = `query SaksoversiktStart {
  sakstyper { navn }
  notifikasjoner { notifikasjoner { ... on Beskjed { virksomhet { virksomhetsnummer navn } }
    ... on Oppgave { virksomhet { virksomhetsnummer navn } }
    ... on Kalenderavtale { virksomhet { virksomhetsnummer navn } } } }
}`;

const AVTALER_QUERY = `query KommendeAvtaler($virksomhetsnumre: [String!]!) {
  kommendeKalenderavtaler(virksomhetsnumre: $virksomhetsnumre) {
    avtaler { id tekst lenke avtaletilstand startTidspunkt sluttTidspunkt digitalt
      lokasjon { adresse postnummer poststed } virksomhet { navn } }
  }
}`;

function loadState() {
  const initial = { side: 1, tekstsoek: '', sortering: 'NYESTE', sakstyper: [], oppgaver: '', virksomheter: [] };
  try {
    return { ...initial, ...JSON.parse(sessionStorage.getItem(STATE_KEY)) };
  } catch {
    return initial;
  }
}

/** Min side's pre-processing: a national id number searches by its birth date. */
export function searchText(text) {
  return text.replace(/\b(\d[\s-]?){10}\d\b/g, (m) => m.replace(/\D/g, '').slice(0, 6)).trim();
}

function checkbox(name, value, labelText, checked, onChange) {
  const wrap = el('div', 'avkryssing');
  const input = el('input');
  input.type = 'checkbox';
  input.name = name;
  input.value = value;
  input.id = `${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, '_');
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  const label = el('label', null, labelText);
  label.htmlFor = input.id;
  wrap.append(input, label);
  return wrap;
}

function fieldset(legend, className) {
  const f = el('fieldset', className);
  f.append(el('legend', null, legend));
  return f;
}

class Saksoversikt {
  constructor(main, session) {
    this.main = main;
    this.session = session;
    this.state = loadState();
    this.orgs = [];
    this.tree = [];
    this.alleTyper = [];
    this.result = null;
    this.seq = 0;
  }

  save() {
    sessionStorage.setItem(STATE_KEY, JSON.stringify(this.state));
  }

  change(patch) {
    Object.assign(this.state, patch, patch.side ? {} : { side: 1 });
    this.save();
    this.fetch();
  }

  async start() {
    this.build();
    try {
      const [start, persons] = await Promise.all([gql(START_QUERY), demoPersons().catch(() => [])]);
      this.alleTyper = start.sakstyper.map((t) => t.navn).sort((a, b) => a.localeCompare(b, 'nb'));
      this.orgs = this.organisations(persons, start.notifikasjoner.notifikasjoner);
      this.tree = orgTree(this.orgs);
    } catch (e) {
      this.showError(e);
      return;
    }
    this.renderAvtaler();
    this.fetch();
  }

  /**
   * The person's organisations [{nr, navn, overordnet}], by name: those of
   * the login's list (with their main units) and those their notifications
   * are from (a nearest leader may have no Altinn rights at all).
   */
  organisations(persons, notes) {
    const byNr = new Map();
    const me = persons.find((p) => p.fnr === this.session.fnr);
    for (const v of me?.virksomheter || []) {
      byNr.set(v.virksomhetsnummer, { nr: v.virksomhetsnummer, navn: v.navn, overordnet: v.overordnet || null });
    }
    for (const n of notes) {
      const v = n.virksomhet;
      if (!v) continue;
      const known = byNr.get(v.virksomhetsnummer);
      if (!known) byNr.set(v.virksomhetsnummer, { nr: v.virksomhetsnummer, navn: v.navn, overordnet: null });
      else if (!known.navn) known.navn = v.navn;
    }
    return [...byNr.values()].sort((a, b) => orgName(a).localeCompare(orgName(b), 'nb'));
  }

  selectedOrgs() {
    return selectedOrgnrs(this.tree, new Set(this.state.virksomheter));
  }

  variables() {
    const s = this.state;
    const oppgaveFilter = s.oppgaver === 'ny' ? ['TILSTAND_NY']
      : s.oppgaver === 'paaminnelse' ? ['TILSTAND_NY', 'TILSTAND_NY_MED_PAAMINNELSE_UTLOEST'] : null;
    return {
      virksomhetsnumre: this.selectedOrgs(),
      tekstsoek: searchText(s.tekstsoek) || null,
      sortering: s.sortering,
      sakstyper: s.sakstyper.length ? s.sakstyper : null,
      oppgaveFilter,
      offset: (s.side - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    };
  }

  async fetch() {
    const seq = ++this.seq;
    this.ui.results.setAttribute('aria-busy', 'true');
    try {
      const data = await gql(SAKER_QUERY, this.variables());
      if (seq !== this.seq) return;
      this.result = data.saker;
      this.ui.error.hidden = true;
      this.render();
    } catch (e) {
      if (seq === this.seq) this.showError(e);
    } finally {
      if (seq === this.seq) this.ui.results.removeAttribute('aria-busy');
    }
  }

  showError(e) {
    if (e instanceof ApiError && e.status === 401) {
      window.location.assign('/');
      return;
    }
    this.ui.error.hidden = false;
    this.ui.error.textContent = 'Feil ved lasting av saker.';
    this.ui.list.replaceChildren();
  }

  // ---- Layout ----

  build() {
    const h1 = el('h1', null, 'Saker for dine virksomheter');
    const avtaler = el('section', 'avtaler');
    avtaler.setAttribute('aria-labelledby', 'avtaler-tittel');
    avtaler.hidden = true;
    const filters = el('form', 'filter');
    filters.setAttribute('aria-label', 'Filtrering');
    filters.addEventListener('submit', (e) => e.preventDefault());
    const results = el('section', 'resultat');
    results.setAttribute('aria-label', 'Saker');
    const altinn = el('div', 'varsel varsel-advarsel', 'Vi opplever ustabilitet med Altinn, så du ser kanskje ikke alle saker. Prøv igjen senere.');
    altinn.setAttribute('role', 'alert');
    altinn.hidden = true;
    const error = el('div', 'varsel varsel-feil');
    error.setAttribute('role', 'alert');
    error.hidden = true;
    const sortRow = el('div', 'sortering');
    const sortLabel = el('label', null, 'Saker sortert på');
    sortLabel.htmlFor = 'sortering';
    const sort = el('select');
    sort.id = 'sortering';
    for (const [v, t] of [['NYESTE', 'Nyeste først'], ['ELDSTE', 'Eldste først']]) {
      const o = el('option', null, t);
      o.value = v;
      sort.append(o);
    }
    sort.value = this.state.sortering;
    sort.addEventListener('change', () => this.change({ sortering: sort.value }));
    sortRow.append(sortLabel, sort);
    const count = el('p', 'treff sr-only');
    count.setAttribute('role', 'status');
    const list = el('ul', 'saker');
    list.setAttribute('aria-label', 'Saker');
    const pages = el('nav', 'sider');
    pages.setAttribute('aria-label', 'Sidenavigering');
    results.append(altinn, error, sortRow, count, list, pages);
    const layout = el('div', 'oversikt');
    layout.append(filters, results);
    this.main.replaceChildren(h1, avtaler, layout);
    this.ui = { avtaler, filters, results, altinn, error, sortLabel, count, list, pages };
    this.buildSearch();
  }

  buildSearch() {
    const form = el('div', 'sok');
    const label = el('label', null, 'Søk i tittel');
    label.htmlFor = 'sok';
    const hint = el('span', 'hint', 'F.eks. fødselsdato, navn');
    hint.id = 'sok-hint';
    const input = el('input');
    input.id = 'sok';
    input.type = 'search';
    input.value = this.state.tekstsoek;
    input.setAttribute('aria-describedby', 'sok-hint');
    const go = el('button', 'sok-knapp', 'Søk');
    go.type = 'submit';
    const clear = el('button', 'sok-tom', 'Tøm');
    clear.type = 'button';
    const submit = () => this.change({ tekstsoek: input.value.trim() });
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); submit(); } });
    go.addEventListener('click', submit);
    clear.addEventListener('click', () => { input.value = ''; this.change({ tekstsoek: '' }); input.focus(); });
    input.addEventListener('search', () => { if (!input.value && this.state.tekstsoek) this.change({ tekstsoek: '' }); });
    const row = el('div', 'sok-rad');
    row.append(input, go, clear);
    form.append(label, hint, row);
    this.ui.filters.append(form);
    this.ui.groups = el('div', 'filtergrupper');
    this.ui.filters.append(this.ui.groups);
  }

  // ---- Rendering ----

  render() {
    const r = this.result;
    this.ui.altinn.hidden = !r.feilAltinn;
    this.ui.sortLabel.textContent = `${r.totaltAntallSaker} saker sortert på`;
    this.ui.count.textContent = r.totaltAntallSaker ? `${r.totaltAntallSaker} saker` : 'Ingen treff.';
    const now = new Date();
    if (r.totaltAntallSaker === 0) this.ui.list.replaceChildren(el('li', 'ingen-treff', 'Ingen treff.'));
    else this.ui.list.replaceChildren(...r.saker.map((s) => sakskort(s, { now })));
    this.renderFilters();
    this.renderPages();
  }

  renderFilters() {
    const focused = document.activeElement?.id;
    const groups = [this.taskFilter(), this.themeFilter(), this.orgFilter()].filter(Boolean);
    this.ui.groups.replaceChildren(...groups);
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  taskFilter() {
    const info = Object.fromEntries(this.result.oppgaveFilterInfo.map((i) => [i.filterType, i.antall]));
    const f = fieldset('Oppgaver', 'oppgaver');
    const open = this.state.oppgaver !== '';
    f.append(checkbox('oppgaver', 'ny', `Uløste oppgaver (${info.TILSTAND_NY || 0})`, open,
      (on) => this.change({ oppgaver: on ? 'ny' : '' })));
    if (open) {
      const sub = checkbox('oppgaver', 'paaminnelse', `Med påminnelse (${info.TILSTAND_NY_MED_PAAMINNELSE_UTLOEST || 0})`,
        this.state.oppgaver === 'paaminnelse', (on) => this.change({ oppgaver: on ? 'paaminnelse' : 'ny' }));
      sub.classList.add('under');
      f.append(sub);
    }
    return f;
  }

  themeFilter() {
    if (this.alleTyper.length < 2) return null;
    const counts = Object.fromEntries(this.result.sakstyper.map((t) => [t.navn, t.antall]));
    const chosen = new Set(this.state.sakstyper);
    const set = (names, on) => {
      for (const n of names) if (on) chosen.add(n); else chosen.delete(n);
      this.change({ sakstyper: [...chosen] });
    };
    const f = fieldset('Tema', 'tema');
    const im = this.alleTyper.filter((n) => n.startsWith('Inntektsmelding'));
    for (const name of this.alleTyper) {
      if (im.length > 1 && name === im[0]) { // the Inntektsmelding variants under one parent
        const sum = im.reduce((acc, n) => acc + (counts[n] || 0), 0);
        const parent = checkbox('tema', 'Inntektsmelding-alle', `Inntektsmelding (${sum})`,
          im.every((n) => chosen.has(n)), (on) => set(im, on));
        const children = el('div', 'under');
        for (const n of im) {
          children.append(checkbox('tema', n, `${merkelappTekst(n)} (${counts[n] || 0})`, chosen.has(n), (on) => set([n], on)));
        }
        f.append(parent, children);
      } else if (!(im.length > 1 && im.includes(name))) {
        f.append(checkbox('tema', name, `${merkelappTekst(name)} (${counts[name] || 0})`, chosen.has(name), (on) => set([name], on)));
      }
    }
    return f;
  }

  /**
   * Min side's "Virksomhetsmeny": a main unit with its sub-units under it.
   * Choosing a sub-unit chooses its main unit too; leaving a main unit
   * leaves its sub-units (what a choice searches: selectedOrgnrs).
   */
  orgFilter() {
    if (this.tree.reduce((n, m) => n + 1 + m.underenheter.length, 0) < 2) return null;
    const chosen = new Set(this.state.virksomheter);
    const save = () => this.change({ virksomheter: [...chosen] });
    const f = fieldset('Virksomheter', 'virksomheter');
    for (const m of this.tree) {
      f.append(checkbox('virksomhet', m.nr, orgName(m), chosen.has(m.nr), (on) => {
        if (on) chosen.add(m.nr);
        else for (const nr of [m.nr, ...m.underenheter.map((u) => u.nr)]) chosen.delete(nr);
        save();
      }));
      if (!m.underenheter.length) continue;
      const subs = el('div', 'under underenheter');
      subs.setAttribute('role', 'group');
      subs.setAttribute('aria-label', `Underenheter i ${orgName(m)}`);
      for (const u of m.underenheter) {
        subs.append(checkbox('virksomhet', u.nr, orgName(u), chosen.has(u.nr), (on) => {
          if (on) chosen.add(u.nr).add(m.nr);
          else chosen.delete(u.nr);
          save();
        }));
      }
      f.append(subs);
    }
    return f;
  }

  renderPages() {
    const pages = Math.ceil(this.result.totaltAntallSaker / PAGE_SIZE);
    const nav = this.ui.pages;
    nav.replaceChildren();
    nav.hidden = pages < 2;
    if (pages < 2) return;
    const side = Math.min(this.state.side, pages);
    const ol = el('ol');
    const go = (n) => () => {
      this.change({ side: n });
      this.ui.results.scrollIntoView({ block: 'start' });
    };
    const button = (text, n, label) => {
      const li = el('li');
      const b = el('button', 'side', text);
      b.type = 'button';
      if (label) b.setAttribute('aria-label', label);
      if (n === side && text === String(n)) b.setAttribute('aria-current', 'page');
      b.disabled = n < 1 || n > pages;
      b.addEventListener('click', go(n));
      li.append(b);
      return li;
    };
    ol.append(button('Forrige', side - 1, 'Forrige side'));
    for (let n = 1; n <= pages; n++) {
      if (n === 1 || n === pages || Math.abs(n - side) <= 1) ol.append(button(String(n), n, `Side ${n}`));
      else if (Math.abs(n - side) === 2) ol.append(el('li', 'hopp', '…'));
    }
    ol.append(button('Neste', side + 1, 'Neste side'));
    nav.append(ol);
  }

  // ---- Coming appointments (the front page's box) ----

  async renderAvtaler() {
    if (!this.orgs.length) return;
    let avtaler;
    try {
      avtaler = (await gql(AVTALER_QUERY, { virksomhetsnumre: this.orgs.map((o) => o.nr) }))
        .kommendeKalenderavtaler.avtaler;
    } catch {
      return; // the box is extra: the overview works without it
    }
    const box = this.ui.avtaler;
    box.hidden = avtaler.length === 0;
    const h = el('h2', null, 'Kommende avtaler');
    h.id = 'avtaler-tittel';
    const ul = el('ul', 'avtale-liste');
    const show = (all) => ul.replaceChildren(...(all ? avtaler : avtaler.slice(0, 2)).map((a) => {
      const li = el('li', 'avtale');
      const link = el('a', null, a.tekst);
      link.href = a.lenke;
      li.append(link, el('span', 'avtale-tid', avtaleTid(a.startTidspunkt, a.sluttTidspunkt)));
      const sted = stedTekst(a);
      if (sted) li.append(el('span', 'avtale-sted', sted));
      const t = visning({ __typename: 'Kalenderavtale', ...a }).tag;
      if (t) li.append(tag(t.tekst, t.variant));
      return li;
    }));
    show(false);
    box.replaceChildren(h, ul);
    if (avtaler.length > 2) {
      const more = el('button', 'vis-alle', 'Vis alle kommende avtaler');
      more.type = 'button';
      more.setAttribute('aria-expanded', 'false');
      more.addEventListener('click', () => {
        const all = more.getAttribute('aria-expanded') !== 'true';
        more.setAttribute('aria-expanded', String(all));
        more.textContent = all ? 'Vis færre avtaler' : 'Vis alle kommende avtaler';
        show(all);
      });
      box.append(more);
    }
  }
}

export function renderSaksoversikt(main, session) {
  return new Saksoversikt(main, session).start();
}
