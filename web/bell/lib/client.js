// The bell's conversation with the user API: GraphQL over fetch, live
// updates over Server-Sent Events, and polling while the stream is down.
// The person's dialogs (Dialogvarsel items) come with the list and are
// marked seen or read through the dialog API.
// Emits: "list" {notifikasjoner, pageInfo, feilAltinn, feilDigiSyfo,
// antallUleste} after a full read; "upsert" {notifikasjon}; "remove" {id};
// "count" {antallUleste}; "live" {live}; "failure" {message, status}.

const FIELDS = `id merkelapp tekst lenke opprettetTidspunkt sorteringTidspunkt
  brukerKlikk { id klikketPaa } virksomhet { virksomhetsnummer navn }
  sak { tittel tilleggsinformasjon }`;

export const NOTIFIKASJONER_QUERY = `query BudstikkeBell($first: Int, $after: String) {
  notifikasjoner(first: $first, after: $after) {
    feilAltinn feilDigiSyfo antallUleste
    pageInfo { hasNextPage endCursor }
    notifikasjoner {
      __typename
      ... on Beskjed { ${FIELDS} }
      ... on Oppgave { ${FIELDS} tilstand frist paaminnelseTidspunkt utfoertTidspunkt utgaattTidspunkt }
      ... on Kalenderavtale { ${FIELDS} avtaletilstand startTidspunkt sluttTidspunkt
        lokasjon { adresse postnummer poststed } digitalt paaminnelseTidspunkt }
      ... on Dialogvarsel { id dialogId tittel avsenderNavn sisteAktivitet lest lenke innholdSkjult }
    }
  }
  notifikasjonerSistLest { ... on NotifikasjonerSistLest { tidspunkt } }
}`;

const SIST_LEST_MUTATION = `mutation BudstikkeBellSistLest($tidspunkt: ISO8601DateTime!) {
  notifikasjonerSistLest(tidspunkt: $tidspunkt) { tidspunkt antallUleste }
}`;

const KLIKK_MUTATION = `mutation BudstikkeBellKlikk($id: ID!) {
  notifikasjonKlikketPaa(id: $id) {
    __typename
    ... on BrukerKlikk { id klikketPaa }
    ... on UgyldigId { feilmelding }
  }
}`;

export class BellError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export class BellClient extends EventTarget {
  /**
   * apiUrl: the GraphQL endpoint; dialogApiUrl: the dialog REST API;
   * streamUrl: the SSE endpoint or null; pollSeconds: the polling interval
   * while there is no stream; token(): a bearer token (string, or a promise
   * of one) or null when the host's own backend adds it.
   */
  constructor({ apiUrl, dialogApiUrl, streamUrl, pollSeconds, token }) {
    super();
    this.apiUrl = apiUrl;
    this.dialogApiUrl = dialogApiUrl;
    this.streamUrl = streamUrl;
    this.pollSeconds = pollSeconds;
    this.token = token;
    this.live = false;
    this.stopped = true;
    this.source = null;
    this.pollTimer = null;
    this.streamFailures = 0;
  }

  emit(type, detail) {
    if (this.stopped) return; // answers that arrive after stop() are not this client's any more
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  async headers() {
    const h = { 'Content-Type': 'application/json', Accept: 'application/json' };
    const token = await this.token();
    if (token) h.Authorization = `Bearer ${token}`;
    return h;
  }

  /** Runs one GraphQL operation; the data, or a BellError. */
  async request(query, variables = {}, { keepalive = false } = {}) {
    let res;
    try {
      res = await fetch(this.apiUrl, {
        method: 'POST', credentials: 'same-origin', keepalive,
        headers: await this.headers(), body: JSON.stringify({ query, variables }),
      });
    } catch (e) {
      throw new BellError(`Nettverksfeil: ${e.message}`, 0);
    }
    let body = null;
    try { body = await res.json(); } catch { /* reported below */ }
    if (!res.ok || !body || body.errors) {
      const message = body?.errors?.[0]?.message || body?.error || `HTTP ${res.status}`;
      throw new BellError(message, res.status);
    }
    return body.data;
  }

  /** Reads the first page (or the page after cursor) and reports it. */
  async load(after = null) {
    try {
      const data = await this.request(NOTIFIKASJONER_QUERY, { first: 200, after });
      const r = data.notifikasjoner;
      this.emit('list', { ...r, after, sistLest: data.notifikasjonerSistLest?.tidspunkt ?? null });
    } catch (e) {
      this.fail(e);
    }
  }

  fail(e) {
    if (e.status === 401) this.stopPolling(); // the reference stops on 401 too
    this.emit('failure', { message: e.message, status: e.status });
  }

  /** Stores "read up to" on the server; resolves to the new unread count. */
  async markRead(tidspunkt) {
    const data = await this.request(SIST_LEST_MUTATION, { tidspunkt });
    return data.notifikasjonerSistLest.antallUleste;
  }

  /** Marks a notification as clicked; survives the page being left. */
  async markClicked(id) {
    const data = await this.request(KLIKK_MUTATION, { id }, { keepalive: true });
    return data.notifikasjonKlikketPaa;
  }

  /**
   * Marks a dialog as seen ("VIST") or read ("LEST") for the person
   * (POST {dialogApiUrl}/meg/dialoger/{id}/markeringer); survives the page
   * being left. Resolves when stored, or rejects with a BellError.
   */
  async markDialog(dialogId, type) {
    let res;
    try {
      res = await fetch(`${this.dialogApiUrl}/meg/dialoger/${encodeURIComponent(dialogId)}/markeringer`, {
        method: 'POST', credentials: 'same-origin', keepalive: true,
        headers: await this.headers(), body: JSON.stringify({ type }),
      });
    } catch (e) {
      throw new BellError(`Nettverksfeil: ${e.message}`, 0);
    }
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      throw new BellError(body?.detail || `HTTP ${res.status}`, res.status);
    }
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.load();
    this.startPolling();
    this.openStream();
  }

  stop() {
    this.stopPolling();
    this.closeStream();
    this.stopped = true;
  }

  startPolling() {
    this.stopPolling();
    this.pollTimer = setInterval(() => {
      this.emit('tick', {});
      if (!this.live) this.load();
      // an EventSource given up for good is tried again now and then
      if (!this.source && this.streamUrl && this.streamFailures < 10) this.openStream();
    }, this.pollSeconds * 1000);
  }

  stopPolling() {
    clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  async openStream() {
    if (!this.streamUrl || typeof EventSource === 'undefined' || this.stopped) return;
    const token = await this.token();
    if (this.stopped || this.source) return; // stopped, or another open won the race
    const url = new URL(this.streamUrl, document.baseURI);
    if (token) url.searchParams.set('access_token', token);
    const source = new EventSource(url.href, { withCredentials: false });
    this.source = source;
    source.onopen = () => {
      this.streamFailures = 0;
      this.setLive(true);
      this.load(); // whatever happened while the stream was down
    };
    source.onerror = () => {
      this.setLive(false);
      if (source.readyState === EventSource.CLOSED) { // refused (401, 404...): poll instead
        this.streamFailures++;
        this.closeStream();
      }
    };
    const on = (type, fn) => source.addEventListener(type, (ev) => {
      let data;
      try { data = JSON.parse(ev.data); } catch { return; }
      fn(data);
    });
    on('notifikasjon', (n) => this.emit('upsert', { notifikasjon: n }));
    on('antall', (d) => this.emit('count', { antallUleste: d.antallUleste }));
    on('fjernet', (d) => this.emit('remove', { id: d.id }));
    on('oppfrisk', () => this.load());
    on('dialoger', () => this.load()); // a dialog changed: its item is in the list
  }

  closeStream() {
    if (this.source) this.source.close();
    this.source = null;
    this.setLive(false);
  }

  setLive(live) {
    if (this.live === live) return;
    this.live = live;
    this.emit('live', { live });
  }
}
