// The portal's calls to the dialog API's citizen side (/api/dialog/v1/meg,
// docs/dialog.md) as the logged-in person.

import { ApiError, fetchAsPerson } from './api.js';

const BASE = '/api/dialog/v1';

/** One request; the JSON answer, or an ApiError with the problem's kode. */
async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetchAsPerson(BASE + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), keepalive: method !== 'GET',
  });
  const answer = await res.json().catch(() => null);
  if (!res.ok) {
    const e = new ApiError(answer?.detail || answer?.title || `HTTP ${res.status}`, res.status);
    e.kode = answer?.kode;
    throw e;
  }
  return answer;
}

/** The path of a dialog's page (the bell's Dialogvarsel links there too). */
export function dialogLenke(id) {
  return `/meldinger/dialog?id=${encodeURIComponent(id)}`;
}

/** The sender as the person reads it: the organisation's name, else its code. */
export function avsenderNavn(d) {
  return d.avsender?.org?.navn || d.avsender?.org?.kode || 'Ukjent avsender';
}

/** The tray: {antallUleste, dialoger} (filter "alle" or "uleste"). */
export function myDialogs(filter = 'alle') {
  return call('GET', `/meg/dialoger?filter=${encodeURIComponent(filter)}`);
}

/** One of the person's dialogs with its replies; 404 (UkjentDialog) for anyone else's. */
export function myDialog(id) {
  return call('GET', `/meg/dialoger/${encodeURIComponent(id)}`);
}

/** Marks the dialog (and every reply in it) "VIST" or "LEST". */
export function markDialog(id, type) {
  return call('POST', `/meg/dialoger/${encodeURIComponent(id)}/markeringer`, { type });
}

/** The citizen's reply; resolves to {id}. */
export function replyToDialog(id, tekst) {
  return call('POST', `/meg/dialoger/${encodeURIComponent(id)}/svar`, { tekst });
}

/** The path of an attachment's download (it needs the bearer token: see downloadAttachment). */
export function attachmentPath(id) {
  return `${BASE}/meg/vedlegg/${encodeURIComponent(id)}`;
}

/**
 * Downloads an attachment with the person's token and hands it to the
 * browser as a file named filnavn (a plain link cannot carry the token).
 */
export async function downloadAttachment(id, filnavn) {
  const res = await fetchAsPerson(attachmentPath(id));
  if (!res.ok) throw new ApiError(`Vedlegget kunne ikke hentes (HTTP ${res.status}).`, res.status);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filnavn;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
