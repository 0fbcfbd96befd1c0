// The portal's calls to the user API (POST /api/user/graphql) as the
// logged-in person, and the authorised fetch the other APIs' calls share.

import { currentSession, logout } from './session.js';

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

/**
 * fetch as the logged-in person (the bearer token added); the response, or
 * an ApiError when the service cannot be reached. A 401 logs out.
 */
export async function fetchAsPerson(url, init = {}) {
  const session = currentSession();
  let res;
  try {
    res = await fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${session?.token || ''}` } });
  } catch {
    throw new ApiError('Fikk ikke kontakt med tjenesten.', 0);
  }
  if (res.status === 401) {
    logout();
    throw new ApiError('Du er ikke logget inn.', 401);
  }
  return res;
}

/** Runs one GraphQL operation; the data, or an ApiError. */
export async function gql(query, variables = {}) {
  const res = await fetchAsPerson('/api/user/graphql', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query, variables }),
  });
  const body = await res.json().catch(() => null);
  if (!res.ok || !body || body.errors) {
    throw new ApiError(body?.errors?.[0]?.message || `HTTP ${res.status}`, res.status);
  }
  return body.data;
}

const TIDSLINJE = `tidslinje {
  __typename
  ... on OppgaveTidslinjeElement { id tekst opprettetTidspunkt tilstand paaminnelseTidspunkt
    utgaattTidspunkt utfoertTidspunkt frist lenke }
  ... on BeskjedTidslinjeElement { id tekst opprettetTidspunkt lenke }
  ... on KalenderavtaleTidslinjeElement { id tekst avtaletilstand startTidspunkt sluttTidspunkt
    lokasjon { adresse postnummer poststed } digitalt lenke }
}`;

/** Every field a sak card shows. */
export const SAK_FIELDS = `id merkelapp tittel lenke tilleggsinformasjon nesteSteg
  virksomhet { virksomhetsnummer navn }
  sisteStatus { type tekst tidspunkt }
  frister
  ${TIDSLINJE}`;
