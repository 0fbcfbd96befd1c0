// A citizen's messages (dialog.md 3.3) in the bell and on the Meldinger and
// dialog pages, against the real server; the dialogs are made through the
// dialog API over HTTP.

import fs from 'node:fs';
import {
  AKASSE, bell, check, checkEqual, citizen, citizenMarked, citizenPage, citizenView, historiskMelding,
  melding, pdfVedlegg,
} from './harness.mjs';

const texts = (locator) => locator.evaluateAll((els) => els.map((e) => e.textContent.trim()));
const weight = (locator) => locator.evaluate((e) => getComputedStyle(e).fontWeight);
const osloYear = (d) => Number(d.toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' }).slice(0, 4));

/** Waits (bounded) until fn() resolves truthy. */
async function until(fn, what, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function waitForBadge(b, text, ms = 5000) {
  const until = Date.now() + ms;
  for (;;) {
    const hidden = await b.badge.isHidden();
    const t = hidden ? '' : (await b.badge.textContent()).trim();
    if (t === text) return;
    if (Date.now() > until) throw new Error(`badge: expected "${text}", still "${t}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const tests = [
  {
    name: 'dialogs_in_the_bell_count_and_mark_read',
    async run({ server, browser, shot }) {
      const c = citizen(1);
      const first = await melding(server, c, { tittel: 'Første melding', tekst: 'Hei' });
      await melding(server, c, { tittel: 'Andre melding', tekst: 'Hei igjen' }, AKASSE);
      const page = await citizenPage(browser, server, c);
      const b = bell(page);
      await waitForBadge(b, '2');
      await b.button.click();
      await b.panel.waitFor();
      checkEqual(await b.items.count(), 2, 'dialog items in the panel');
      checkEqual(await b.host.locator('li.item[data-type="Dialogvarsel"]').count(), 2, 'shown as messages');
      const item = b.item('Første melding');
      check((await item.textContent()).includes('JOBCENTER FREDERIKSBERG'), 'the sender');
      check(Number(await weight(item.locator('.tekst'))) >= 600, 'unread is bold');
      check(Number(await weight(b.item('Andre melding').locator('.tekst'))) >= 600, 'both unread');
      await page.getByRole('region', { name: 'Varsler' }).getByRole('link', { name: /^Melding, ikke lest: .*Første melding/ }).waitFor();
      await shot(page, 'open');
      await page.keyboard.press('Escape');
      await waitForBadge(b, '2'); // the last-read mark does not read messages
      // rendering them in the panel showed them to the person (VIST), reading is another thing
      await until(async () => citizenMarked(await citizenView(server, c, first), 'VIST'), 'VIST once the panel showed it');
      check(!citizenMarked(await citizenView(server, c, first), 'LEST'), 'shown is not read');

      await b.button.click();
      await item.locator('a').click();
      await page.waitForURL(`${server.base}/meldinger/dialog?id=${first}`);
      await page.getByRole('heading', { level: 1, name: 'Første melding' }).waitFor();
      await waitForBadge(bell(page), '1');
      check(citizenMarked(await citizenView(server, c, first), 'LEST'), 'the click is stored as LEST');
      await bell(page).button.click();
      await bell(page).item('Første melding').waitFor();
      check(Number(await weight(bell(page).item('Første melding').locator('.tekst'))) < 600, 'read is not bold');
      await page.keyboard.press('Escape');

      // a new one arrives live: item and badge without a reload
      await melding(server, c, { tittel: 'Tredje melding' });
      await waitForBadge(bell(page), '2');
      await bell(page).button.click();
      await bell(page).item('Tredje melding').waitFor();
      await shot(page, 'live');
    },
  },
  {
    name: 'high_level_dialog_hides_its_content_from_a_low_login',
    async run({ server, browser, shot }) {
      const c = citizen(2);
      const id = await melding(server, c, { tittel: 'Hemmelig afgørelse', tekst: 'HEMMELIG-INNHOLD', sikkerhetsniva: 'high' });
      const page = await citizenPage(browser, server, c);
      const b = bell(page);
      await waitForBadge(b, '1'); // it rings, without its content
      await b.button.click();
      const item = b.items.first();
      await item.waitFor();
      const itemText = await item.textContent();
      check(itemText.includes('Du må logge inn med høyere sikkerhetsnivå') && itemText.includes('Krever høyere sikkerhetsnivå'), 'the bell says why');
      check(!itemText.includes('Hemmelig'), 'no title in the bell');
      await page.keyboard.press('Escape');
      const list = page.locator('ul.meldinger');
      await list.waitFor();
      check(!(await page.locator('main').textContent()).includes('Hemmelig'), 'no title on Meldinger');
      await list.getByRole('link').first().click();
      await page.getByRole('heading', { level: 1, name: 'Du må logge inn med høyere sikkerhetsnivå' }).waitFor();
      const main = await page.locator('main').textContent();
      check(!main.includes('HEMMELIG-INNHOLD') && !main.includes('Hemmelig'), 'no content on the page');
      await shot(page, 'low');
      await page.waitForTimeout(300); // the page's mark, if any, is stored
      check(!citizenMarked(await citizenView(server, c, id), 'LEST'), 'not read while withheld');

      await page.getByRole('button', { name: 'Logg inn med høyt sikkerhetsnivå' }).click();
      await page.getByRole('heading', { level: 1, name: 'Hemmelig afgørelse' }).waitFor();
      await page.getByText('HEMMELIG-INNHOLD').waitFor();
      await page.getByText('høyt sikkerhetsnivå', { exact: true }).waitFor(); // the header says so
      await until(async () => citizenMarked(await citizenView(server, c, id), 'LEST'), 'read once shown in full');
      await shot(page, 'high');
    },
  },
  {
    name: 'meldinger_page_filters_unread_and_groups_by_year',
    async run({ server, browser, shot }) {
      const c = citizen(3);
      const lastYear = new Date(Date.UTC(osloYear(new Date()) - 1, 5, 15, 10)).toISOString();
      await historiskMelding(server, c, { tittel: 'Fjorårets melding', opprettet: lastYear, synligFra: lastYear });
      const read = await melding(server, c, { tittel: 'Åpnet melding' });
      await server.dialogApi('POST', `/meg/dialoger/${read}/markeringer`, { innbygger: c.fnr, body: { type: 'LEST' } });
      await melding(server, c, { tittel: 'Ny melding' });
      const page = await citizenPage(browser, server, c);
      const uleste = page.getByRole('button', { name: 'Uleste (1)' });
      await uleste.waitFor();
      checkEqual(await texts(page.locator('.meldingsaar h2')), [String(osloYear(new Date())), String(osloYear(new Date()) - 1)], 'grouped by year, newest first');
      checkEqual(await texts(page.locator('.meldingsaar').first().locator('.melding-tittel')), ['Ulest: Ny melding', 'Åpnet melding'], 'this year, newest first');
      check(Number(await weight(page.locator('li.melding.ulest .melding-tittel'))) >= 700, 'unread is bold');
      check(Number(await weight(page.locator('li.melding', { hasText: 'Åpnet melding' }).locator('.melding-tittel'))) < 700, 'read is not');
      await shot(page, 'alle');
      await uleste.click();
      await page.waitForFunction(() => document.querySelectorAll('li.melding').length === 1);
      checkEqual(await texts(page.locator('.melding-tittel')), ['Ulest: Ny melding'], 'only the unread');
      checkEqual(await uleste.getAttribute('aria-pressed'), 'true', 'the filter is pressed');
      await page.getByRole('button', { name: 'Alle' }).click();
      await page.waitForFunction(() => document.querySelectorAll('li.melding').length === 3);
    },
  },
  {
    name: 'dialog_page_text_links_attachments_and_replies',
    async run({ server, browser, shot }) {
      const c = citizen(4);
      const bytes = Buffer.from('%PDF-1.4\n% a test document\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
      const pdf = await pdfVedlegg(server, 'vedtak.pdf', bytes);
      const varsel = await melding(server, c, {
        tittel: 'Melding med lenker',
        tekst: 'Se [din plan](https://jobnet.dk/plan) og [x] (https://a.dk) og [y](javascript:alert(1)) <b>fed</b>',
        vedlegg: [pdf],
      });
      const traad = await melding(server, c, {
        kanal: 'MYNDIGHET_TIL_MYNDIGHET', svartype: 'INNBYGGER_OG_SAKSBEHANDLER', mottaker: { kode: '14700', type: 'JOBCENTER' },
        tittel: 'En tråd', tekst: 'A-kassen skriver',
      }, AKASSE);
      await server.dialogApi('POST', `/dialoger/${traad}/svar`, { body: { tekst: 'Jobcentret svarer' } });

      const page = await citizenPage(browser, server, c);
      await page.goto(`${server.base}/meldinger/dialog?id=${varsel}`);
      const text = page.locator('.melding-tekst');
      await text.waitFor();
      checkEqual(await text.locator('a').count(), 1, 'one link: the link part');
      checkEqual(await text.getByRole('link', { name: 'din plan' }).getAttribute('href'), 'https://jobnet.dk/plan', 'its url');
      checkEqual(await text.locator('b').count(), 0, 'no markup');
      check((await text.textContent()).includes('[y](javascript:alert(1)) <b>fed</b>'), 'the rest as text');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'vedtak.pdf' }).click()]);
      checkEqual(download.suggestedFilename(), 'vedtak.pdf', 'the file name');
      check(fs.readFileSync(await download.path()).equals(bytes), 'the same bytes as uploaded');
      await shot(page, 'lenker');

      await page.goto(`${server.base}/meldinger/dialog?id=${traad}`);
      await page.getByRole('heading', { level: 2, name: 'Svar (1)' }).waitFor();
      check((await page.locator('.svar-element').first().textContent()).includes('Jobcentret svarer'), 'the reply');
      await page.getByLabel('Skriv et svar').fill('Borgeren svarer');
      await page.getByRole('button', { name: 'Send svar' }).click();
      await page.getByRole('heading', { level: 2, name: 'Svar (2)' }).waitFor();
      checkEqual(await texts(page.locator('.svar-avsender')), ['Jobcenter Frederiksberg', 'Du'], 'authors in order');
      const view = await citizenView(server, c, traad);
      checkEqual(view.svar.map((s) => s.tekst), ['Jobcentret svarer', 'Borgeren svarer'], 'the reply is stored');
      await shot(page, 'traad');
    },
  },
  {
    name: 'lenke_element_is_a_button_with_description_and_deadline',
    async run({ server, browser, shot }) {
      const c = citizen(5);
      const frist = new Date(Date.now() + 30 * 86400000);
      frist.setUTCSeconds(0, 0);
      const id = await melding(server, c, {
        tittel: 'Svar på tilbudet',
        lenke: {
          url: 'https://www.avsender.no/svar',
          beskrivelse: { lang: 'nb', tekst: 'Vennligst svar på denne viktige meldingen for videre saksbehandling.' },
          knappTekst: { lang: 'nb', tekst: 'Svar på den viktige meldingen' },
          frist: frist.toISOString(),
        },
      });
      const yesterday = new Date(Date.now() - 86400000).toISOString();
      const old = await historiskMelding(server, c, {
        tittel: 'Utløpt tilbud', opprettet: new Date(Date.now() - 3 * 86400000).toISOString(), synligFra: new Date(Date.now() - 3 * 86400000).toISOString(),
        lenke: { url: 'https://www.avsender.no/gammel', knappTekst: { lang: 'nb', tekst: 'Svar her' }, frist: yesterday },
      });
      const page = await citizenPage(browser, server, c);
      await page.goto(`${server.base}/meldinger/dialog?id=${id}`);
      const box = page.locator('.lenke-boks');
      await box.waitFor();
      const button = box.getByRole('link', { name: 'Svar på den viktige meldingen' });
      checkEqual(await button.getAttribute('href'), 'https://www.avsender.no/svar', 'the button goes to the url');
      check(await button.evaluate((a) => a.classList.contains('knapp')), 'shown as a button');
      await box.getByText('Vennligst svar på denne viktige meldingen for videre saksbehandling.').waitFor();
      const when = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(frist).replace('.', ':');
      const fristText = await box.locator('.lenke-frist').textContent();
      check(fristText.startsWith('Frist: ') && fristText.endsWith(`kl. ${when}`), `the deadline in Oslo time (${fristText})`);
      await shot(page, 'lenke');
      await page.goto(`${server.base}/meldinger/dialog?id=${old}`);
      const expired = page.locator('.lenke-boks');
      await expired.waitFor();
      check(await expired.getByRole('button', { name: 'Svar her' }).isDisabled(), 'an expired link is a disabled button');
      await expired.getByText('Fristen er ute').waitFor();
      checkEqual(await expired.locator('a').count(), 0, 'and no link');
    },
  },
];
