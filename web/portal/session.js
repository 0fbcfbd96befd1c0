// Who is logged in to the demo portal: a development token for a demo
// person or citizen, from the server's development login (serve --dev),
// kept in localStorage so every page of the portal (and a reload) shares it.

const KEY = 'budstikke-demo-innlogging';

/** {fnr, token, navn, innbygger, hoytNivaa} or null. */
export function currentSession() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY));
    return s && s.fnr && s.token ? s : null;
  } catch {
    return null;
  }
}

export function logout() {
  localStorage.removeItem(KEY);
}

/**
 * Logs in as fnr (a person or a citizen): hoytNivaa asks for the high login
 * level (idporten-loa-high), which dialogs marked "high" need; navn and
 * innbygger are kept for the pages. Resolves to the session, or rejects
 * with a Norwegian reason.
 */
export async function login(fnr, { hoytNivaa = false, navn = null, innbygger = false } = {}) {
  let res;
  try {
    res = await fetch('/api/user/dev/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fnr, hoytNivaa }),
    });
  } catch {
    throw new Error('Fikk ikke kontakt med tjenesten.');
  }
  if (res.status === 404) throw new Error('Innlogging for utvikling finnes bare når tjenesten kjører med --dev.');
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.errors?.[0]?.message || `Innloggingen feilet (HTTP ${res.status}).`);
  const session = { fnr: body.fnr, token: body.token, navn, innbygger, hoytNivaa };
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/**
 * The demo people of the server's access file: {personer: [{fnr, navn?,
 * virksomheter: [{virksomhetsnummer, navn, overordnet?}]}], innbyggere:
 * [{ident, navn?}]}.
 */
export async function demoDirectory() {
  const res = await fetch('/api/user/dev/personer');
  if (res.status === 404) throw new Error('Innlogging for utvikling finnes bare når tjenesten kjører med --dev.');
  if (!res.ok) throw new Error(`Kunne ikke hente testpersonene (HTTP ${res.status}).`);
  const body = await res.json();
  return { personer: body.personer || [], innbyggere: body.innbyggere || [] };
}

/** The employer-side demo persons only. */
export async function demoPersons() {
  return (await demoDirectory()).personer;
}
