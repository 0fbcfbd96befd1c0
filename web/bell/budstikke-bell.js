// <budstikke-bell>: the notification bell as a framework-free Web Component.
// See README.md for attributes, properties, events and theming.

import { BellClient } from './lib/client.js';
import { isRead, itemTime, osloParts } from './lib/format.js';
import { ICONS } from './lib/icons.js';
import { renderItem } from './lib/item.js';
import { STYLES } from './lib/styles.js';

const FEIL_ALTINN = 'Vi opplever ustabilitet med Altinn, så du ser kanskje ikke alle notifikasjoner. Prøv igjen senere.';
const FEIL_DIGISYFO = 'Vi opplever feil og kan ikke hente eventuelle notifikasjoner for sykemeldte som du skal følge opp. Prøv igjen senere.';
const CLICK_WAIT_MS = 800; // how long a click waits for its mark to be stored before leaving

const TEMPLATE = `
<style>${STYLES}</style>
<button type="button" class="bell" part="button" aria-expanded="false" aria-controls="panel">
  <span class="bell-icon" part="icon" aria-hidden="true">${ICONS.bjelle}</span>
  <span class="badge" part="badge" aria-hidden="true" hidden></span>
  <span class="label" part="label">Varsler</span>
</button>
<div class="panel" id="panel" part="panel" role="region" aria-labelledby="title" hidden>
  <div class="head" part="header">
    <h2 class="title" id="title" part="title">Varsler</h2>
    <a class="saksoversikt" part="saksoversikt-link" hidden>${ICONS.sok}<span>Søk og filtrer på alle saker</span></a>
    <button type="button" class="close" part="close" aria-label="Lukk varsler">${ICONS.lukk}</button>
  </div>
  <div class="alert" part="alert" role="alert" hidden></div>
  <ul class="list" part="list" role="list" aria-labelledby="title"></ul>
  <p class="empty" part="empty">Henter varsler …</p>
  <button type="button" class="more" part="more" hidden>Vis flere varsler</button>
</div>
<div class="sr-only" role="status" aria-live="polite" aria-atomic="true"></div>`;

function unreadLabel(n) {
  if (n === 0) return 'Varsler: ingen nye varsler.';
  return n === 1 ? 'Varsler: 1 nytt varsel.' : `Varsler: ${n} nye varsler.`;
}

export class BudstikkeBell extends HTMLElement {
  static get observedAttributes() {
    return ['api-url', 'dialog-api-url', 'stream-url', 'poll-interval', 'saksoversikt-url'];
  }

  constructor() {
    super();
    this._items = [];
    this._known = new Set();
    this._rendered = new Map(); // id -> {key, li}
    this._count = 0;
    this._frozenCount = 0;
    this._sistLest = null;
    this._pageInfo = { hasNextPage: false, endCursor: null };
    this._loaded = false;
    this._failure = null;
    this._feil = { altinn: false, digisyfo: false };
    this._isOpen = false;
    this._current = 0;
    this._token = null;
    this._tokenProvider = null;
    this._onDocumentPointer = (e) => {
      if (this._isOpen && !e.composedPath().includes(this)) this.close();
    };
  }

  // ---- Public API ----

  /** A bearer token for the user API (when the host's backend does not add one). */
  get token() { return this._token; }
  set token(value) {
    this._token = value || null;
    this._restart();
  }

  /** A function returning a token (or a promise of one), asked before each request. */
  get tokenProvider() { return this._tokenProvider; }
  set tokenProvider(fn) {
    this._tokenProvider = typeof fn === 'function' ? fn : null;
    this._restart();
  }

  /** The unread count as the server counts it. */
  get unreadCount() { return this._count; }

  /** The notifications shown, newest first (copies). */
  get notifications() { return this._items.map((n) => structuredClone(n)); }

  get isOpen() { return this._isOpen; }

  /** Reads the notifications again. */
  refresh() { return this._client?.load(); }

  open() {
    if (this._isOpen || !this._ui) return;
    this._isOpen = true;
    this._frozenCount = this._count; // the badge stays until the panel closes
    this._ui.panel.hidden = false;
    this._ui.button.setAttribute('aria-expanded', 'true');
    this._ui.panel.scrollTop = 0;
    this._current = 0;
    this._renderList();
    this._focusItem(0) || this._ui.close.focus();
    this._markRead();
    this._markShown();
    this._emit('budstikke-bell-toggle', { open: true });
  }

  /** Closes the panel; focus goes back to the bell unless { focusButton: false }. */
  close({ focusButton = true } = {}) {
    if (!this._isOpen) return;
    this._isOpen = false;
    this._ui.panel.hidden = true;
    this._ui.button.setAttribute('aria-expanded', 'false');
    this._renderBadge();
    if (focusButton) this._ui.button.focus();
    this._emit('budstikke-bell-toggle', { open: false });
  }

  toggle() {
    if (this._isOpen) this.close();
    else this.open();
  }

  // ---- Life cycle ----

  connectedCallback() {
    if (!this._ui) this._build();
    document.addEventListener('pointerdown', this._onDocumentPointer, true);
    this._restart();
  }

  disconnectedCallback() {
    document.removeEventListener('pointerdown', this._onDocumentPointer, true);
    this._client?.stop();
    this._client = null;
  }

  attributeChangedCallback(name) {
    if (name === 'saksoversikt-url') this._renderHead();
    else this._restart();
  }

  _config() {
    const stream = this.getAttribute('stream-url');
    const poll = Number(this.getAttribute('poll-interval'));
    return {
      apiUrl: this.getAttribute('api-url') || '/api/user/graphql',
      dialogApiUrl: this.getAttribute('dialog-api-url') || '/api/dialog/v1',
      streamUrl: stream === 'none' ? null : stream || '/api/user/stream',
      pollSeconds: Number.isFinite(poll) && poll >= 1 ? poll : 60,
      token: async () => (this._tokenProvider ? this._tokenProvider() : this._token),
    };
  }

  _restart() {
    if (!this.isConnected || !this._ui) return;
    this._client?.stop();
    const c = new BellClient(this._config());
    c.addEventListener('list', (e) => this._onList(e.detail));
    c.addEventListener('upsert', (e) => this._onUpsert(e.detail.notifikasjon));
    c.addEventListener('remove', (e) => this._onRemove(e.detail.id));
    c.addEventListener('count', (e) => this._setCount(e.detail.antallUleste));
    c.addEventListener('failure', (e) => this._onFailure(e.detail));
    c.addEventListener('tick', () => this._renderList()); // "i dag" moves at midnight
    c.addEventListener('live', (e) => this.toggleAttribute('data-live', e.detail.live));
    this._client = c;
    c.start();
  }

  _build() {
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = TEMPLATE;
    const q = (s) => root.querySelector(s);
    this._ui = {
      button: q('.bell'), badge: q('.badge'), panel: q('.panel'), close: q('.close'),
      link: q('.saksoversikt'), alert: q('.alert'), list: q('.list'), empty: q('.empty'),
      more: q('.more'), status: q('[role="status"]'),
    };
    this._ui.button.addEventListener('click', () => this.toggle());
    this._ui.close.addEventListener('click', () => this.close());
    this._ui.more.addEventListener('click', () => this._client?.load(this._pageInfo.endCursor));
    this._ui.list.addEventListener('click', (e) => this._onItemClick(e));
    root.addEventListener('keydown', (e) => this._onKey(e));
    this.addEventListener('focusout', (e) => this._onFocusOut(e));
    this._renderHead();
    this._renderBadge();
  }

  // ---- Data ----

  _onList({ notifikasjoner, pageInfo, feilAltinn, feilDigiSyfo, antallUleste, after, sistLest }) {
    if (this._loaded && !after) this._announceNewMessages(notifikasjoner);
    this._items = after ? this._items.concat(notifikasjoner.filter((n) => !this._has(n.id))) : notifikasjoner.slice();
    for (const n of notifikasjoner) this._known.add(n.id);
    this._pageInfo = pageInfo;
    this._feil = { altinn: feilAltinn, digisyfo: feilDigiSyfo };
    this._sistLest = sistLest;
    this._loaded = true;
    this._failure = null;
    this._setCount(antallUleste);
    this._renderList();
  }

  _has(id) { return this._items.some((n) => n.id === id); }

  _onUpsert(n) {
    const at = this._items.findIndex((x) => x.id === n.id);
    const isNew = at < 0 && !this._known.has(n.id);
    const old = at >= 0 ? this._items[at] : null;
    if (at >= 0) this._items.splice(at, 1);
    let to = this._items.findIndex((x) => itemTime(x) < itemTime(n));
    if (to < 0) {
      if (this._pageInfo.hasNextPage && at < 0) return; // belongs to a page not read yet
      to = this._items.length;
    }
    this._items.splice(to, 0, n);
    this._known.add(n.id);
    if (isNew) this._announce(`Nytt varsel fra ${n.virksomhet?.navn || 'en virksomhet'}: ${n.tekst}`);
    else if (old && n.paaminnelseTidspunkt && n.paaminnelseTidspunkt !== old.paaminnelseTidspunkt) this._announce(`Påminnelse: ${n.tekst}`);
    this._renderList();
  }

  _onRemove(id) {
    this._items = this._items.filter((n) => n.id !== id);
    this._renderList();
  }

  _onFailure({ message, status }) {
    this._failure = status === 401 ? 'Du er ikke logget inn, så varslene kan ikke vises.'
      : 'Varslene kunne ikke hentes akkurat nå. Vi prøver igjen.';
    this._renderList();
    this._emit('budstikke-bell-error', { message, status });
  }

  _setCount(n) {
    if (typeof n !== 'number' || n === this._count) return;
    this._count = n;
    this._renderBadge();
    this._emit('budstikke-bell-count', { antallUleste: n });
  }

  /** Messages that arrived since the last read (they come with whole reads, not as upserts). */
  _announceNewMessages(list) {
    for (const n of list) {
      if (n.__typename === 'Dialogvarsel' && !this._known.has(n.id) && !n.lest) {
        this._announce(`Ny melding fra ${n.avsenderNavn || 'en avsender'}: ${n.tittel}`);
      }
    }
  }

  /**
   * "Read up to the newest notification", stored on the server for every
   * device. Messages are not counted by this mark (only by being read), so
   * the newest notification that is not a message sets it.
   */
  async _markRead() {
    const newest = this._items.find((n) => n.sorteringTidspunkt)?.sorteringTidspunkt;
    if (!newest || (this._sistLest && Date.parse(newest) <= Date.parse(this._sistLest))) return;
    try {
      const count = await this._client.markRead(newest);
      this._sistLest = newest;
      this._setCount(count);
    } catch (e) {
      this._emit('budstikke-bell-error', { message: e.message, status: e.status });
    }
  }

  /** The unread messages in the opened panel have been shown to the person (dialog.md 2.4.7). */
  _markShown() {
    for (const n of this._items) {
      if (n.__typename !== 'Dialogvarsel' || n.lest) continue;
      this._client.markDialog(n.dialogId, 'VIST')
        .catch((e) => this._emit('budstikke-bell-error', { message: e.message, status: e.status }));
    }
  }

  // ---- Rendering ----

  _renderHead() {
    if (!this._ui) return;
    const url = this.getAttribute('saksoversikt-url');
    this._ui.link.hidden = !url;
    if (url) this._ui.link.href = url;
  }

  _renderBadge() {
    const n = this._isOpen ? this._frozenCount : this._count;
    const { badge, button } = this._ui;
    badge.hidden = n === 0;
    badge.textContent = n > 9 ? '9+' : String(n);
    button.classList.toggle('has-unread', n > 0);
    button.setAttribute('aria-label', unreadLabel(n));
  }

  _renderList() {
    if (!this._ui) return;
    const now = new Date();
    const day = Object.values(osloParts(now)).slice(0, 3).join('-');
    const focusedId = this.shadowRoot.activeElement?.closest?.('li')?.dataset.id;
    const next = this._items.map((n) => {
      const passed = n.startTidspunkt ? Date.parse(n.startTidspunkt) < now : '';
      const key = `${JSON.stringify(n)}|${day}|${passed}`;
      const cached = this._rendered.get(n.id);
      if (cached && cached.key === key) return cached.li;
      const li = renderItem(n, now);
      this._rendered.set(n.id, { key, li });
      return li;
    });
    const ul = this._ui.list;
    next.forEach((li, i) => {
      if (ul.children[i] !== li) ul.insertBefore(li, ul.children[i] || null);
    });
    while (ul.children.length > next.length) ul.lastElementChild.remove();
    for (const id of this._rendered.keys()) if (!this._has(id)) this._rendered.delete(id);

    this._current = Math.min(this._current, Math.max(0, next.length - 1));
    const links = this._links();
    links.forEach((a, i) => { a.tabIndex = i === this._current ? 0 : -1; });
    if (focusedId && this.shadowRoot.activeElement?.closest?.('li')?.dataset.id !== focusedId) {
      const i = this._items.findIndex((n) => n.id === focusedId);
      if (i >= 0) this._focusItem(i);
    }
    this._renderStatus();
  }

  _renderStatus() {
    const { alert, empty, more } = this._ui;
    const problems = [this._failure, this._feil.altinn && FEIL_ALTINN, this._feil.digisyfo && FEIL_DIGISYFO].filter(Boolean);
    alert.hidden = problems.length === 0;
    alert.textContent = problems.join(' ');
    empty.hidden = this._items.length > 0 || (!this._loaded && Boolean(this._failure));
    empty.textContent = this._loaded ? 'Du har ingen varsler.' : 'Henter varsler …';
    more.hidden = !this._pageInfo.hasNextPage;
  }

  _announce(text) {
    const s = this._ui.status;
    s.textContent = '';
    setTimeout(() => { s.textContent = text; }, 50); // a change, so it is read even if equal
    this._emit('budstikke-bell-new', { tekst: text });
  }

  // ---- Interaction ----

  _links() { return [...this._ui.list.querySelectorAll('a.link')]; }

  _focusItem(i) {
    const links = this._links();
    if (!links.length) return false;
    this._current = Math.max(0, Math.min(i, links.length - 1));
    links.forEach((a, k) => { a.tabIndex = k === this._current ? 0 : -1; });
    links[this._current].focus();
    return true;
  }

  _onKey(e) {
    if (e.key === 'Escape' && this._isOpen) {
      e.preventDefault();
      e.stopPropagation();
      this.close();
      return;
    }
    const inList = e.target.closest?.('.list');
    if (e.target === this._ui.button && e.key === 'ArrowDown') {
      e.preventDefault();
      if (!this._isOpen) this.open();
      else this._focusItem(this._current);
      return;
    }
    if (!inList) return;
    const moves = { ArrowDown: this._current + 1, ArrowUp: this._current - 1, Home: 0, End: Infinity };
    if (e.key in moves) {
      e.preventDefault();
      this._focusItem(moves[e.key]);
    }
  }

  _onFocusOut(e) {
    const to = e.relatedTarget;
    if (this._isOpen && to && to !== this && !this.contains(to) && !this.shadowRoot.contains(to)) {
      this.close({ focusButton: false });
    }
  }

  _onItemClick(e) {
    const a = e.target.closest('a.link');
    if (!a) return;
    const id = a.closest('li').dataset.id;
    const n = this._items.find((x) => x.id === id);
    if (!n) return;
    this._current = this._items.indexOf(n);
    const wasClicked = isRead(n);
    this._markOpened(n); // not bold any more, at once
    this._renderList();
    const stored = wasClicked ? Promise.resolve() : this._storeOpened(n).catch(() => {});
    const go = this._emit('budstikke-bell-navigate', { notifikasjon: structuredClone(n), lenke: n.lenke }, true);
    if (!go) {
      e.preventDefault(); // the host navigates itself (e.g. a client-side router)
      return;
    }
    const plain = e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;
    if (!plain || wasClicked) return; // new tab, or nothing to store: the browser follows the link
    e.preventDefault();
    const href = a.href;
    Promise.race([stored, new Promise((r) => { setTimeout(r, CLICK_WAIT_MS); })])
      .then(() => { window.location.assign(href); });
  }

  _markOpened(n) {
    if (n.__typename === 'Dialogvarsel') n.lest = true;
    else n.brukerKlikk = { ...n.brukerKlikk, klikketPaa: true };
  }

  /** A click on a notification, or a message read (the dialog page marks it too). */
  _storeOpened(n) {
    return n.__typename === 'Dialogvarsel' ? this._client.markDialog(n.dialogId, 'LEST') : this._client.markClicked(n.id);
  }

  _emit(type, detail, cancelable = false) {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }
}

if (!customElements.get('budstikke-bell')) customElements.define('budstikke-bell', BudstikkeBell);
