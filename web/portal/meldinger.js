// The Meldinger page (dialog.md 3.3, seed 003's message list): the logged-in
// person's dialogs from the dialog API's tray, "Alle | Uleste (n)", grouped
// by year, newest first. Every text is set as text. Items shown are marked
// "VIST" for the person (once: the tray says which were shown already).

import { currentSession } from './session.js';
import { avsenderNavn, dialogLenke, markDialog, myDialogs } from './dialogapi.js';
import { startPage } from './header.js';
import { el, tag } from './sakskort.js';
import { kortDato, osloParts } from '/bell/lib/format.js';

const STATUS_TAGS = {
  AFSLUTTET: ['Avsluttet', 'neutral'],
  FEJLOPRETTET: ['Feilopprettet', 'error'],
};

const shownBy = (item) => (item.markeringer || []).some((m) => m.type === 'VIST' && m.aktor?.type === 'INNBYGGER');

function item(d) {
  const li = el('li', `melding${d.ulest ? ' ulest' : ''}`);
  li.dataset.id = d.id;
  const a = el('a', 'melding-lenke');
  a.href = dialogLenke(d.id);
  const title = el('span', 'melding-tittel', d.tittel);
  if (d.ulest) title.prepend(el('span', 'sr-only', 'Ulest: '));
  a.append(title);
  const meta = el('span', 'melding-meta');
  meta.append(el('span', 'melding-avsender', avsenderNavn(d)), el('span', 'melding-dato', kortDato(osloParts(new Date(d.opprettet)))));
  const tags = el('span', 'melding-tags');
  if (d.innholdSkjult) tags.append(tag('Krever høyere sikkerhetsnivå', 'neutral'));
  const status = STATUS_TAGS[d.status];
  if (status) tags.append(tag(status[0], status[1]));
  if (d.vedlegg?.length) tags.append(tag(d.vedlegg.length === 1 ? '1 vedlegg' : `${d.vedlegg.length} vedlegg`, 'info'));
  if (d.svar?.length) tags.append(tag(d.svar.length === 1 ? '1 svar' : `${d.svar.length} svar`, 'info'));
  if (d.lenke && !d.lenke.utlopt) tags.append(tag('Du må gjøre noe', 'warning'));
  li.append(a, meta);
  if (tags.children.length) li.append(tags);
  return li;
}

/** The dialogs grouped by the Oslo year they were made in, newest year first. */
function byYear(dialoger) {
  const years = new Map();
  for (const d of dialoger) {
    const y = osloParts(new Date(d.opprettet)).year;
    if (!years.has(y)) years.set(y, []);
    years.get(y).push(d);
  }
  return [...years].sort((a, b) => b[0] - a[0]);
}

class Meldinger {
  constructor(main) {
    this.main = main;
    this.filter = 'alle';
    this.seq = 0;
  }

  build() {
    const h1 = el('h1', null, 'Meldinger');
    const filters = el('div', 'meldingsfilter');
    filters.setAttribute('role', 'group');
    filters.setAttribute('aria-label', 'Vis meldinger');
    this.alle = this.filterButton('alle', 'Alle');
    this.uleste = this.filterButton('uleste', 'Uleste');
    filters.append(this.alle, this.uleste);
    this.error = el('div', 'varsel varsel-feil');
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    this.list = el('div', 'meldingsliste');
    this.list.setAttribute('aria-live', 'polite');
    this.main.replaceChildren(h1, filters, this.error, this.list);
  }

  filterButton(value, text) {
    const b = el('button', 'filterknapp', text);
    b.type = 'button';
    b.setAttribute('aria-pressed', String(this.filter === value));
    b.addEventListener('click', () => {
      this.filter = value;
      this.alle.setAttribute('aria-pressed', String(value === 'alle'));
      this.uleste.setAttribute('aria-pressed', String(value === 'uleste'));
      this.load();
    });
    return b;
  }

  async load() {
    const seq = ++this.seq;
    let tray;
    try {
      tray = await myDialogs(this.filter);
    } catch (e) {
      if (seq !== this.seq) return;
      if (e.status === 401) { window.location.assign('/'); return; }
      this.error.hidden = false;
      this.error.textContent = 'Meldingene kunne ikke hentes akkurat nå. Prøv igjen senere.';
      return;
    }
    if (seq !== this.seq) return;
    this.error.hidden = true;
    this.uleste.textContent = `Uleste (${tray.antallUleste})`;
    this.render(tray.dialoger);
    for (const d of tray.dialoger) if (!shownBy(d)) markDialog(d.id, 'VIST').catch(() => {});
  }

  render(dialoger) {
    if (!dialoger.length) {
      this.list.replaceChildren(el('p', 'ingen-meldinger', this.filter === 'uleste' ? 'Du har ingen uleste meldinger.' : 'Du har ingen meldinger.'));
      return;
    }
    this.list.replaceChildren(...byYear(dialoger).map(([year, list]) => {
      const section = el('section', 'meldingsaar');
      const h = el('h2', null, String(year));
      h.id = `aar-${year}`;
      section.setAttribute('aria-labelledby', h.id);
      const ul = el('ul', 'meldinger');
      ul.append(...list.map(item));
      section.append(h, ul);
      return section;
    }));
  }
}

startPage((session, main) => {
  const page = new Meldinger(main);
  page.build();
  page.load();
  // a message that arrives or is read elsewhere: the bell hears it first
  document.addEventListener('budstikke-bell-count', () => { if (currentSession()) page.load(); });
});
