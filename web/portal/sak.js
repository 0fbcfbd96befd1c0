// The case page (user-api.md 9.2): /sak?saksid=ID or
// /sak?merkelapp=M&grupperingsid=G (saksid wins). The parameters are kept in
// sessionStorage and taken out of the address, so a reload still works.
// Unlike the reference, "not found or no access", an Altinn outage and a
// failed request are told apart.

import { gql, SAK_FIELDS } from './api.js';
import { startPage } from './header.js';
import { el, sakskort } from './sakskort.js';

const PARAMS_KEY = 'sakssideparametre';

const BY_ID = `query SakById($id: ID!) { sakById(id: $id) { feilAltinn sak { ${SAK_FIELDS} } } }`;
const BY_GRUPPERINGSID = `query SakByGrupperingsid($merkelapp: String!, $grupperingsid: String!) {
  sakByGrupperingsid(merkelapp: $merkelapp, grupperingsid: $grupperingsid) { feilAltinn sak { ${SAK_FIELDS} } }
}`;

function parameters() {
  const url = new URL(window.location.href);
  const saksid = url.searchParams.get('saksid');
  const merkelapp = url.searchParams.get('merkelapp');
  const grupperingsid = url.searchParams.get('grupperingsid');
  if (saksid || (merkelapp && grupperingsid)) {
    const p = saksid ? { saksid } : { merkelapp, grupperingsid };
    sessionStorage.setItem(PARAMS_KEY, JSON.stringify(p));
    window.history.replaceState(null, '', url.pathname);
    return p;
  }
  try {
    return JSON.parse(sessionStorage.getItem(PARAMS_KEY));
  } catch {
    return null;
  }
}

function alert(kind, title, text) {
  const box = el('div', `varsel varsel-${kind}`);
  box.setAttribute('role', 'alert');
  box.append(el('strong', null, title), el('p', null, text));
  return box;
}

async function renderSak(main, params) {
  const back = el('a', 'tilbake', 'Se alle saker');
  back.href = '/';
  main.replaceChildren(back);
  if (!params) {
    main.append(alert('feil', 'Ingen sak valgt', 'Adressen må ha saksid, eller merkelapp og grupperingsid.'));
    return;
  }
  let result;
  try {
    const data = params.saksid ? await gql(BY_ID, { id: params.saksid }) : await gql(BY_GRUPPERINGSID, params);
    result = data.sakById || data.sakByGrupperingsid;
  } catch (e) {
    if (e.status === 401) { window.location.assign('/'); return; }
    main.append(alert('feil', 'Noe gikk galt', 'Saken kunne ikke hentes akkurat nå. Prøv igjen senere.'));
    return;
  }
  if (result.sak) {
    if (result.feilAltinn) main.append(alert('advarsel', 'Ustabilitet med Altinn', 'Du ser kanskje ikke alt i saken. Prøv igjen senere.'));
    main.append(sakskort(result.sak, { asPage: true }));
    document.title = `${result.sak.tittel} – Min side – arbeidsgiver`;
  } else if (result.feilAltinn) {
    main.append(alert('advarsel', 'Vi fikk ikke sjekket tilgangene dine', 'Altinn svarer ikke akkurat nå, så vi vet ikke om du har tilgang til saken. Prøv igjen senere.'));
  } else {
    main.append(alert('info', 'Fant ikke saken', 'Saken finnes ikke, eller du har ikke tilgang til den.'));
  }
}

const params = parameters();
startPage((session, main) => renderSak(main, params));
