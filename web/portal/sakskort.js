// A sak as a card (case overview and case page): organisation, merkelapp,
// title, extra information, the latest status, the next step and the
// status timeline.

import {
  avtaleTid, datoOgKlokke, kortDato, merkelappTekst, osloParts, stedTekst, visning,
} from '/bell/lib/format.js';
import { ICONS } from '/bell/lib/icons.js';

let serial = 0;

export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

function icon(name, className, title) {
  const span = el('span', `ikon ${className || ''}`);
  span.innerHTML = ICONS[name]; // our own constant markup
  span.setAttribute('aria-hidden', 'true');
  if (title) span.title = title;
  return span;
}

export function tag(text, variant, klokke = false) {
  const t = el('span', `tag tag-${variant}`);
  if (klokke) t.append(icon('klokke'));
  t.append(el('span', null, text));
  return t;
}

/** The page of a sak without its own link. */
export function sakssideLenke(sak) {
  return `/sak?saksid=${encodeURIComponent(sak.id)}`;
}

function isTodo(e, now) {
  if (e.__typename === 'OppgaveTidslinjeElement') return e.tilstand === 'NY';
  return e.__typename === 'KalenderavtaleTidslinjeElement'
    && e.avtaletilstand === 'VENTER_SVAR_FRA_ARBEIDSGIVER' && new Date(e.startTidspunkt) >= now;
}

/** An element links only somewhere new: not empty, not the sak's own link, not a case page. */
function elementLenke(e, sak) {
  if (!e.lenke || e.lenke === sak.lenke) return null;
  const url = new URL(e.lenke, window.location.href);
  if (url.origin === window.location.origin && url.pathname === '/sak') return null;
  return e.lenke;
}

function tidslinjeElement(e, sak, now) {
  const v = visning(e, now);
  const li = el('li', `hendelse ${v.todo ? 'todo' : ''}`);
  li.dataset.type = v.type;
  li.append(icon(v.ikon, v.farge, v.ikonTittel));
  const body = el('div', 'hendelse-innhold');
  body.append(el('span', 'sr-only', `${v.typeNavn}: `));
  const lenke = elementLenke(e, sak);
  if (lenke) {
    const a = el('a', 'hendelse-tekst', e.tekst);
    a.href = lenke;
    body.append(a);
  } else {
    body.append(el('span', 'hendelse-tekst', e.tekst));
  }
  if (v.type === 'Kalenderavtale') {
    body.append(el('span', 'hendelse-tid', avtaleTid(e.startTidspunkt, e.sluttTidspunkt)));
    const sted = stedTekst(e);
    if (sted) body.append(el('span', 'hendelse-sted', sted));
  } else {
    body.append(el('span', 'hendelse-tid', datoOgKlokke(e.opprettetTidspunkt)));
  }
  const t = v.tag || (v.type === 'Oppgave' && e.tilstand === 'NY' ? { tekst: 'Uløst oppgave', variant: 'warning' } : null);
  if (t) body.append(tag(t.tekst, t.variant, t.klokke));
  li.append(body);
  return li;
}

function tidslinje(sak, { expanded, now }) {
  const all = sak.tidslinje;
  const todos = all.filter((e) => isTodo(e, now));
  const collapsed = todos.length ? todos : all.slice(0, 1);
  const ol = el('ol', 'tidslinje');
  ol.id = `tidslinje-${++serial}`;
  ol.setAttribute('aria-label', `Tidslinje for ${sak.tittel}`);
  const show = (list) => ol.replaceChildren(...list.map((e) => tidslinjeElement(e, sak, now)));
  show(expanded ? all : collapsed);
  const parts = [ol];
  if (!expanded && all.length > collapsed.length) {
    const toggle = el('button', 'vis-alt', 'Vis alt som har skjedd i saken');
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', ol.id);
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? 'Vis mindre' : 'Vis alt som har skjedd i saken';
      show(open ? all : collapsed);
    });
    parts.push(toggle);
  }
  return parts;
}

/**
 * The card of sak. asPage: the case page's version (title as a heading,
 * timeline always expanded).
 */
export function sakskort(sak, { asPage = false, now = new Date() } = {}) {
  const card = el(asPage ? 'article' : 'li', 'sakskort');
  card.dataset.id = sak.id;
  if (sak.tidslinje.some((e) => isTodo(e, now))) card.classList.add('har-oppgave');

  const top = el('div', 'sak-topp');
  top.append(el('span', 'sak-virksomhet', (sak.virksomhet.navn || sak.virksomhet.virksomhetsnummer).toUpperCase()));
  top.append(tag(merkelappTekst(sak.merkelapp), 'tema'));
  card.append(top);

  const title = el(asPage ? 'h1' : 'h3', 'sak-tittel');
  if (asPage) {
    title.textContent = sak.tittel;
  } else {
    const a = el('a', null, sak.tittel);
    a.href = sak.lenke ?? sakssideLenke(sak); // lenke-less saker have the case page
    title.append(a);
  }
  card.append(title);
  if (sak.tilleggsinformasjon) card.append(el('p', 'sak-info', sak.tilleggsinformasjon));

  const status = el('p', 'sak-status');
  status.append(el('strong', null, sak.sisteStatus.tekst));
  if (!sak.tidslinje.length) status.append(` ${kortDato(osloParts(new Date(sak.sisteStatus.tidspunkt)))}`);
  card.append(status);
  if (sak.nesteSteg) {
    const neste = el('p', 'neste-steg');
    neste.append(icon('pil'), el('span', null, `Neste steg: ${sak.nesteSteg}`));
    card.append(neste);
  }
  if (sak.tidslinje.length) card.append(...tidslinje(sak, { expanded: asPage, now }));
  return card;
}
