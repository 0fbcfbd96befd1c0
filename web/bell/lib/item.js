// One notification of the bell's list as DOM: a link with the organisation,
// the sak, the text, times and a status tag (a message: its sender, title
// and last activity). Text is always set as text,
// never as markup (producers' texts are untrusted).

import { avtaleTid, isRead, stedTekst, tidspunktTekst, visning } from './format.js';
import { ICONS } from './icons.js';

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}

function icon(name, className, title) {
  const span = el('span', className);
  span.innerHTML = ICONS[name]; // our own constant markup
  if (title) span.title = title;
  span.setAttribute('aria-hidden', 'true');
  return span;
}

function tag(t) {
  const span = el('span', `tag tag-${t.variant}`);
  span.setAttribute('part', `tag tag-${t.variant}`);
  if (t.klokke) span.append(icon('klokke', 'tag-icon'));
  span.append(el('span', null, t.tekst));
  return span;
}

/** The body of a message (Dialogvarsel): sender, title, last activity. */
function dialogBody(n, v, now, unread) {
  const body = el('span', 'body');
  body.append(el('span', 'sr-only', `${v.typeNavn}${unread ? ', ikke lest' : ''}: `));
  body.append(el('span', 'org', (n.avsenderNavn || '').toUpperCase()));
  body.append(el('span', 'tekst', n.tittel));
  body.append(el('span', 'tid', tidspunktTekst(n.sisteAktivitet, now)));
  if (v.tag) body.append(tag(v.tag));
  return body;
}

/** The body of a beskjed, oppgave or kalenderavtale: organisation, sak, text, times, state. */
function notificationBody(n, v, now, unread) {
  const body = el('span', 'body');
  body.append(el('span', 'sr-only', `${v.typeNavn}${unread ? ', ikke besøkt' : ''}: `));
  body.append(el('span', 'org', (n.virksomhet?.navn || n.virksomhet?.virksomhetsnummer || '').toUpperCase()));
  if (n.sak?.tittel) {
    body.append(el('span', 'sak-tittel', n.sak.tittel));
    if (n.sak.tilleggsinformasjon) body.append(el('span', 'sak-info', n.sak.tilleggsinformasjon));
  }
  body.append(el('span', 'tekst', n.tekst));
  if (v.type === 'Kalenderavtale') {
    body.append(el('span', 'avtale-tid', avtaleTid(n.startTidspunkt, n.sluttTidspunkt)));
    const sted = stedTekst(n);
    if (sted) body.append(el('span', 'avtale-sted', sted));
  }
  if (v.visTid) body.append(el('span', 'tid', tidspunktTekst(n.opprettetTidspunkt, now)));
  if (v.tag) body.append(tag(v.tag));
  return body;
}

/** The list item of notification n; now decides "i dag" and "passert". */
export function renderItem(n, now) {
  const v = visning(n, now);
  const unread = !isRead(n);
  const li = el('li', 'item');
  li.dataset.id = n.id;
  li.dataset.type = v.type;
  li.classList.toggle('unread', unread);
  li.classList.toggle('todo', v.todo);
  li.setAttribute('part', ['item', unread ? 'item-unread' : 'item-read', v.todo ? 'item-todo' : '']
    .filter(Boolean).join(' '));

  const a = el('a', 'link');
  a.href = n.lenke;
  a.tabIndex = -1;
  a.append(icon(v.ikon, `type-icon ${v.farge}`, v.ikonTittel));

  const body = v.type === 'Dialogvarsel' ? dialogBody(n, v, now, unread) : notificationBody(n, v, now, unread);
  a.append(body, icon('pil', 'chevron'));
  li.append(a);
  return li;
}
