// One dialog (dialog.md 3.3): /meldinger/dialog?id=ID. The message with its
// text (links only where the API returns link parts, never markup), its
// attachments, the "lenke utenfor brev" as a button with its description
// and deadline, the replies, and a reply box when the person may answer.
// Opening it marks it read ("LEST"); a message needing a higher login
// level shows no content and offers that login instead (and is only "VIST").

import {
  attachmentPath, avsenderNavn, downloadAttachment, markDialog, myDialog, replyToDialog,
} from './dialogapi.js';
import { startPage } from './header.js';
import { el, tag } from './sakskort.js';
import { login } from './session.js';
import { datoOgKlokke } from '/bell/lib/format.js';

const SVAR_MAKS = 2000;

function alert(kind, title, text) {
  const box = el('div', `varsel varsel-${kind}`);
  box.setAttribute('role', 'alert');
  box.append(el('strong', null, title), el('p', null, text));
  return box;
}

const isWebUrl = (url) => /^https?:\/\/./i.test(url || '');

/** The text as paragraphs; link parts become links (http and https only), all else is text. */
function textBlock(tekst, deler) {
  const p = el('div', 'melding-tekst');
  for (const d of deler || [{ type: 'tekst', verdi: tekst }]) {
    if (d.type === 'lenke' && isWebUrl(d.url)) {
      const a = el('a', null, d.tekst);
      a.href = d.url;
      a.rel = 'noopener noreferrer';
      p.append(a);
    } else {
      p.append(document.createTextNode(d.type === 'lenke' ? d.tekst : d.verdi));
    }
  }
  return p;
}

function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} kB` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

function attachments(list) {
  const ul = el('ul', 'vedlegg');
  ul.setAttribute('aria-label', 'Vedlegg');
  for (const v of list) {
    const li = el('li');
    const a = el('a', 'vedlegg-lenke', v.filnavn);
    a.href = attachmentPath(v.id);
    a.download = v.filnavn;
    a.addEventListener('click', (e) => {
      e.preventDefault(); // the download needs the person's token
      downloadAttachment(v.id, v.filnavn).catch((err) => li.append(el('span', 'feil', err.message)));
    });
    const type = v.medietype === 'application/pdf' ? 'PDF' : 'XML';
    li.append(a, el('span', 'vedlegg-info', ` (${type}, ${size(v.storrelse)})`));
    ul.append(li);
  }
  return ul;
}

/** "Lenke utenfor brev": description, the button, the deadline; after it, a disabled button. */
function linkBox(lenke) {
  const box = el('div', 'lenke-boks');
  if (lenke.beskrivelse?.tekst) {
    const p = el('p', 'lenke-beskrivelse', lenke.beskrivelse.tekst);
    if (lenke.beskrivelse.lang) p.lang = lenke.beskrivelse.lang;
    box.append(p);
  }
  const knappTekst = lenke.knappTekst?.tekst || 'Gå videre';
  if (lenke.utlopt || !isWebUrl(lenke.url)) {
    const b = el('button', 'knapp lenke-knapp', knappTekst);
    b.type = 'button';
    b.disabled = true;
    box.classList.add('utlopt');
    box.append(b, el('p', 'lenke-frist', 'Fristen er ute'));
    return box;
  }
  const a = el('a', 'knapp lenke-knapp', knappTekst);
  a.href = lenke.url;
  a.rel = 'noopener noreferrer';
  if (lenke.knappTekst?.lang) a.lang = lenke.knappTekst.lang;
  box.append(a);
  if (lenke.frist) box.append(el('p', 'lenke-frist', `Frist: ${datoOgKlokke(lenke.frist)}`));
  return box;
}

function statusTags(item) {
  const tags = [];
  if (item.status === 'AFSLUTTET') tags.push(tag('Avsluttet', 'neutral'));
  if (item.status === 'FEJLOPRETTET') tags.push(tag('Feilopprettet', 'error'));
  return tags;
}

function replyAuthor(s) {
  if (s.avsender?.type === 'INNBYGGER') return 'Du';
  return s.avsender?.org?.navn || s.avsender?.org?.kode || 'Ukjent avsender';
}

function replies(list) {
  const section = el('section', 'svar');
  const h = el('h2', null, `Svar (${list.length})`);
  h.id = 'svar-tittel';
  section.setAttribute('aria-labelledby', h.id);
  const ol = el('ol', 'svarliste');
  for (const s of list) {
    const li = el('li', `svar-element${s.avsender?.type === 'INNBYGGER' ? ' eget' : ''}`);
    const head = el('p', 'svar-hode');
    head.append(el('strong', 'svar-avsender', replyAuthor(s)), el('span', 'svar-dato', ` ${datoOgKlokke(s.opprettet)}`), ...statusTags(s));
    li.append(head, textBlock(s.tekst, null));
    if (s.vedlegg?.length) li.append(attachments(s.vedlegg));
    if (s.lenke) li.append(linkBox(s.lenke));
    ol.append(li);
  }
  section.append(h, ol);
  return section;
}

function mayReply(d) {
  return d.kanal === 'MYNDIGHET_TIL_MYNDIGHET' && d.svartype === 'INNBYGGER_OG_SAKSBEHANDLER'
    && d.status === 'AKTIV' && !d.innholdSkjult && !d.historisk;
}

function replyForm(d, onSent) {
  const form = el('form', 'svarskjema');
  const label = el('label', null, 'Skriv et svar');
  label.htmlFor = 'svartekst';
  const text = el('textarea');
  text.id = 'svartekst';
  text.maxLength = SVAR_MAKS;
  text.rows = 4;
  text.required = true;
  const status = el('p', 'svar-status');
  status.setAttribute('role', 'status');
  const send = el('button', 'knapp', 'Send svar');
  send.type = 'submit';
  form.append(label, text, send, status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!text.value.trim()) return;
    send.disabled = true;
    status.textContent = 'Sender …';
    try {
      await replyToDialog(d.id, text.value);
      status.textContent = 'Svaret er sendt.';
      onSent();
    } catch (err) {
      status.textContent = `Svaret ble ikke sendt: ${err.message}`;
      send.disabled = false;
    }
  });
  return form;
}

function higherLevelBox(session) {
  const box = alert('info', 'Du må logge inn med høyere sikkerhetsnivå',
    'Denne meldingen krever innlogging med høyt sikkerhetsnivå. Innholdet vises når du har logget inn på det nivået.');
  const b = el('button', 'knapp', 'Logg inn med høyt sikkerhetsnivå');
  b.type = 'button';
  b.addEventListener('click', async () => {
    await login(session.fnr, { hoytNivaa: true, navn: session.navn, innbygger: session.innbygger });
    window.location.reload();
  });
  box.append(b);
  return box;
}

function render(main, d, session, reload) {
  const back = el('a', 'tilbake', 'Alle meldinger');
  back.href = '/meldinger';
  const article = el('article', 'dialog');
  article.setAttribute('aria-labelledby', 'dialog-tittel');
  const h1 = el('h1', null, d.tittel);
  h1.id = 'dialog-tittel';
  const meta = el('p', 'dialog-meta');
  meta.append(el('span', 'dialog-avsender', `Fra ${avsenderNavn(d)}`), el('span', 'dialog-dato', datoOgKlokke(d.opprettet)), ...statusTags(d));
  article.append(h1, meta);
  if (d.innholdSkjult) {
    article.append(higherLevelBox(session));
  } else {
    article.append(textBlock(d.tekst, d.tekstDeler));
    if (d.lenke) article.append(linkBox(d.lenke));
    if (d.vedlegg?.length) article.append(el('h2', 'vedlegg-tittel', 'Vedlegg'), attachments(d.vedlegg));
  }
  if (d.svar?.length && !d.innholdSkjult) article.append(replies(d.svar));
  if (mayReply(d)) article.append(replyForm(d, reload));
  main.replaceChildren(back, article);
  document.title = `${d.tittel} – Meldinger – Min side`;
}

async function show(main, session, id) {
  if (!id) {
    main.replaceChildren(alert('feil', 'Ingen melding valgt', 'Adressen må ha id.'));
    return;
  }
  let d;
  try {
    d = await myDialog(id);
  } catch (e) {
    if (e.status === 401) { window.location.assign('/'); return; }
    const back = el('a', 'tilbake', 'Alle meldinger');
    back.href = '/meldinger';
    main.replaceChildren(back, e.status === 404
      ? alert('info', 'Fant ikke meldingen', 'Meldingen finnes ikke, eller den er ikke til deg.')
      : alert('feil', 'Noe gikk galt', 'Meldingen kunne ikke hentes akkurat nå. Prøv igjen senere.'));
    return;
  }
  render(main, d, session, () => show(main, session, id));
  // read now, unless its content was withheld (then it was only shown)
  if (!d.arkivert) markDialog(id, d.innholdSkjult ? 'VIST' : 'LEST').catch(() => {});
}

const id = new URL(window.location.href).searchParams.get('id');
startPage((session, main) => show(main, session, id));
