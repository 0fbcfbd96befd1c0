// Who is logged in to the demo portal: a development token for a demo
// person, from the server's development login (serve --dev), kept in
// localStorage so every page of the portal (and a reload) shares it.

const KEY = 'budstikke-demo-innlogging';

/** {fnr, token} or null. */
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

/** Logs in as fnr; resolves to the session, or rejects with a Norwegian reason. */
export async function login(fnr) {
  let res;
  try {
    res = await fetch('/api/user/dev/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fnr }),
    });
  } catch {
    throw new Error('Fikk ikke kontakt med tjenesten.');
  }
  if (res.status === 404) throw new Error('Innlogging for utvikling finnes bare når tjenesten kjører med --dev.');
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.errors?.[0]?.message || `Innloggingen feilet (HTTP ${res.status}).`);
  const session = { fnr: body.fnr, token: body.token };
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

/** The demo persons of the server's access file: [{fnr, virksomheter: [{virksomhetsnummer, navn}]}]. */
export async function demoPersons() {
  const res = await fetch('/api/user/dev/personer');
  if (res.status === 404) throw new Error('Innlogging for utvikling finnes bare når tjenesten kjører med --dev.');
  if (!res.ok) throw new Error(`Kunne ikke hente testpersonene (HTTP ${res.status}).`);
  return (await res.json()).personer;
}
