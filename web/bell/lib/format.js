// Norwegian texts for dates and notification states, always in Oslo time
// whatever the browser's zone. "Today" is read at every call (the
// reference captured it once at load, so labels went stale after midnight).

const OSLO = 'Europe/Oslo';
const KORTE_MAANEDER = ['jan.', 'feb.', 'mars', 'apr.', 'mai', 'juni', 'juli', 'aug.', 'sep.',
  'okt.', 'nov.', 'des.'];
const LANGE_MAANEDER = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august',
  'september', 'oktober', 'november', 'desember'];

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: OSLO, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric',
  minute: 'numeric', hourCycle: 'h23',
});

/** {year, month (1-12), day, hour, minute} of an instant on the Oslo wall clock. */
export function osloParts(date) {
  const out = {};
  for (const p of partsFormat.formatToParts(date)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return out;
}

function dayNumber({ year, month, day }) {
  return Math.floor(Date.UTC(year, month - 1, day) / 86400000);
}

/** A date-only value ("2026-03-14") as {year, month, day}. */
function dateOnly(text) {
  const [year, month, day] = text.split('-').map(Number);
  return { year, month, day };
}

const pad = (n) => String(n).padStart(2, '0');

/** "14. mars 2026" (the reference's short months). */
export function kortDato(p) {
  return `${p.day}. ${KORTE_MAANEDER[p.month - 1]} ${p.year}`;
}

/** Calendar days from today (Oslo) to the instant or date: -1 yesterday, 0 today, 1 tomorrow. */
export function dagerFraIDag(value, now = new Date()) {
  const p = typeof value === 'string' && value.length === 10 ? dateOnly(value) : osloParts(new Date(value));
  return dayNumber(p) - dayNumber(osloParts(now));
}

/** When a notification came: "I dag 10.32", "I går 08.05" or "14. mars 2026". */
export function tidspunktTekst(iso, now = new Date()) {
  const p = osloParts(new Date(iso));
  const d = dagerFraIDag(iso, now);
  if (d === 0) return `I dag ${pad(p.hour)}.${pad(p.minute)}`;
  if (d === -1) return `I går ${pad(p.hour)}.${pad(p.minute)}`;
  return kortDato(p);
}

/** "i dag", "i går", "i morgen" or "14. mars 2026", for an instant or a date. */
export function uformellDato(value, now = new Date()) {
  const d = dagerFraIDag(value, now);
  if (d === 0) return 'i dag';
  if (d === -1) return 'i går';
  if (d === 1) return 'i morgen';
  return kortDato(typeof value === 'string' && value.length === 10 ? dateOnly(value) : osloParts(new Date(value)));
}

/** A deadline ("2026-03-14") as "14. mars 2026". */
export function fristTekst(date) {
  return kortDato(dateOnly(date));
}

/** "14. mars 2026 kl. 10:32", for timelines. */
export function datoOgKlokke(iso) {
  const p = osloParts(new Date(iso));
  return `${kortDato(p)} kl. ${pad(p.hour)}:${pad(p.minute)}`;
}

/** An appointment: "14. mars 10:00 – 11:00" (the end only when given). */
export function avtaleTid(start, slutt) {
  const s = osloParts(new Date(start));
  let text = `${s.day}. ${LANGE_MAANEDER[s.month - 1]} ${pad(s.hour)}:${pad(s.minute)}`;
  if (slutt) {
    const e = osloParts(new Date(slutt));
    const sameDay = dayNumber(e) === dayNumber(s);
    text += sameDay ? ` – ${pad(e.hour)}:${pad(e.minute)}`
      : ` – ${e.day}. ${LANGE_MAANEDER[e.month - 1]} ${pad(e.hour)}:${pad(e.minute)}`;
  }
  return text;
}

/** "Sørkedalsveien 6, 0369 Oslo", "Digital avtale", or null. */
export function stedTekst(avtale) {
  if (avtale.lokasjon) {
    const l = avtale.lokasjon;
    return `${l.adresse}, ${l.postnummer} ${l.poststed}`;
  }
  return avtale.digitalt ? 'Digital avtale' : null;
}

const AVTALE = {
  VENTER_SVAR_FRA_ARBEIDSGIVER: { tag: 'Svar på invitasjonen', variant: 'warning', farge: 'orange', tittel: 'du må svare på' },
  ARBEIDSGIVER_HAR_GODTATT: { tag: 'Du har takket ja', variant: 'success', farge: 'blue', tittel: 'du har svart på' },
  ARBEIDSGIVER_VIL_ENDRE_TID_ELLER_STED: { tag: 'Du ønsker endre tid eller sted', variant: 'info', farge: 'blue', tittel: 'du har svart på' },
  ARBEIDSGIVER_VIL_AVLYSE: { tag: 'Du ønsker å avlyse', variant: 'info', farge: 'blue', tittel: 'du har svart på' },
  AVLYST: { tag: 'Avlyst', variant: 'error', farge: 'grey', tittel: 'er avlyst' },
  AVHOLDT: { tag: 'Avholdt', variant: 'success', farge: 'grey', tittel: 'er avholdt' },
};

/**
 * How a notification (or timeline element) looks: its kind ("beskjed",
 * "oppgave", "kalenderavtale", "dialogvarsel": a message to a citizen), the icon (name, colour, title), whether it is
 * a "todo" (open task, appointment waiting for an answer), the status tag
 * {tekst, variant} or null, and whether the time line is shown.
 */
export function visning(n, now = new Date()) {
  const type = (n.__typename || '').replace('TidslinjeElement', '');
  if (type === 'Oppgave') return oppgaveVisning(n, now);
  if (type === 'Kalenderavtale') return avtaleVisning(n, now);
  if (type === 'Dialogvarsel') return dialogVisning(n);
  return { type: 'Beskjed', typeNavn: 'Beskjed', ikon: 'beskjed', farge: 'teal', ikonTittel: 'Beskjed', todo: false, tag: null, visTid: true };
}

/** A message (dialog); one that needs a higher login level shows a lock and says so. */
function dialogVisning(n) {
  return {
    type: 'Dialogvarsel', typeNavn: 'Melding', ikon: n.innholdSkjult ? 'laas' : 'melding', farge: 'blue',
    ikonTittel: n.innholdSkjult ? 'Melding som krever høyere sikkerhetsnivå' : 'Melding', todo: false, visTid: true,
    tag: n.innholdSkjult ? { tekst: 'Krever høyere sikkerhetsnivå', variant: 'neutral' } : null,
  };
}

/** When an item was last active: a message's last activity, else its sort time. */
export function itemTime(n) {
  return Date.parse(n.sorteringTidspunkt || n.sisteAktivitet);
}

/** Whether the person has opened the item (clicked a notification, read a message). */
export function isRead(n) {
  return n.__typename === 'Dialogvarsel' ? Boolean(n.lest) : Boolean(n.brukerKlikk?.klikketPaa);
}

function oppgaveVisning(n, now) {
  const base = { type: 'Oppgave', typeNavn: 'Oppgave', visTid: true };
  if (n.tilstand === 'UTFOERT') {
    const naar = n.utfoertTidspunkt ? ` ${uformellDato(n.utfoertTidspunkt, now)}` : '';
    return { ...base, ikon: 'utfoert', farge: 'grey', ikonTittel: 'Utført oppgave', todo: false, visTid: false,
      tag: { tekst: `Oppgave utført${naar}`, variant: 'neutral' } };
  }
  if (n.tilstand === 'UTGAATT') {
    const naar = n.utgaattTidspunkt ? ` ${uformellDato(n.utgaattTidspunkt, now)}` : '';
    return { ...base, ikon: 'oppgave', farge: 'grey', ikonTittel: 'Utgått oppgave', todo: false,
      tag: { tekst: n.frist ? `Fristen gikk ut${naar}` : `Utgått${naar}`, variant: 'neutral', klokke: Boolean(n.frist) } };
  }
  const deler = [];
  if (n.paaminnelseTidspunkt) deler.push('Påminnelse');
  if (n.frist) deler.push(`Frist ${fristTekst(n.frist)}`);
  return { ...base, ikon: 'oppgave', farge: 'orange', ikonTittel: 'Uløst oppgave', todo: true,
    tag: deler.length ? { tekst: deler.join(' – '), variant: 'warning', klokke: true } : null };
}

function avtaleVisning(n, now) {
  const s = AVTALE[n.avtaletilstand] || AVTALE.VENTER_SVAR_FRA_ARBEIDSGIVER;
  const passert = new Date(n.startTidspunkt) < now;
  const venter = n.avtaletilstand === 'VENTER_SVAR_FRA_ARBEIDSGIVER';
  return {
    type: 'Kalenderavtale', typeNavn: 'Kalenderavtale', ikon: 'kalender', visTid: false,
    farge: passert ? 'grey' : s.farge,
    ikonTittel: `Kalenderavtale som ${passert && venter ? 'har passert' : s.tittel}.`,
    todo: venter && !passert,
    tag: venter && passert ? null : { tekst: s.tag, variant: s.variant },
  };
}

/** Merkelapp as Min side shows it ("Inntektsmelding" is the sykepenger one). */
export function merkelappTekst(merkelapp) {
  return merkelapp === 'Inntektsmelding' ? 'Inntektsmelding sykepenger' : merkelapp;
}
