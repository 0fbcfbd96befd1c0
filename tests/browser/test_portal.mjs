// The portal's case page and case overview, against the real server.

import {
  ago, beskjed, bell, check, checkEqual, citizen, groupPerson, loggedInPage, nyStatus, oppgave, person, sak, Server,
} from './harness.mjs';

const texts = (locator) => locator.evaluateAll((els) => els.map((e) => e.textContent.trim()));

export const tests = [
  {
    name: 'case_page_shows_the_timeline',
    person: person(10),
    async run({ server, browser, person: p, shot }) {
      const s = await sak(server, p, { tittel: 'Søknad om tiltak for Kari', grupperingsid: 'p10-sak', tidspunkt: ago(5), ressurser: ['test-ressurs', 'annen-ressurs'] });
      await nyStatus(server, s.id, { status: 'UNDER_BEHANDLING', tekst: 'Søknaden behandles', tidspunkt: ago(3) });
      await beskjed(server, p, { tekst: 'Søknaden er mottatt', grupperingsid: 'p10-sak', opprettet: ago(5), lenke: `/sak?saksid=${s.id}` });
      await oppgave(server, p, { tekst: 'Send dokumentasjon', grupperingsid: 'p10-sak', opprettet: ago(2), lenke: '/tjeneste?tjeneste=Dokumentasjon' });
      // addressed to a right the person lacks: the timeline must not show it (the reference did)
      await beskjed(server, p, { tekst: 'Bare for andre', grupperingsid: 'p10-sak', opprettet: ago(1), ressurs: 'annen-ressurs' });

      const page = await loggedInPage(browser, server, p);
      await page.goto(`${server.base}/sak?saksid=${s.id}`);
      const title = page.getByRole('heading', { level: 1, name: 'Søknad om tiltak for Kari' });
      await title.waitFor();
      checkEqual(new URL(page.url()).search, '', 'the parameters are taken out of the address');
      const items = page.locator('ol.tidslinje > li .hendelse-tekst');
      checkEqual(await texts(items), ['Send dokumentasjon', 'Søknaden er mottatt'], 'timeline, newest first, only what the person may see');
      checkEqual(await page.locator('.sak-status strong').textContent(), 'Søknaden behandles', 'latest status');
      check((await page.locator('ol.tidslinje > li').first().textContent()).includes('Uløst oppgave'), 'open task tag in the timeline');
      checkEqual(await page.getByRole('link', { name: 'Send dokumentasjon' }).getAttribute('href'), '/tjeneste?tjeneste=Dokumentasjon', 'an element with its own link');
      checkEqual(await page.getByRole('link', { name: 'Søknaden er mottatt' }).count(), 0, 'an element pointing to the case page is no link');
      await shot(page, 'by-id');
      await page.reload();
      await title.waitFor(); // kept in sessionStorage

      await page.goto(`${server.base}/sak?merkelapp=Tiltak&grupperingsid=p10-sak`);
      await title.waitFor();
      await page.goto(`${server.base}/sak?saksid=00000000-0000-4000-8000-000000000000`);
      await page.getByText('Fant ikke saken').waitFor();
      await page.getByRole('link', { name: 'Se alle saker' }).click();
      await page.waitForURL(`${server.base}/`);
      // a sak without its own link links to the case page from the overview
      await page.getByRole('link', { name: 'Søknad om tiltak for Kari' }).click();
      await title.waitFor();
    },
  },
  {
    name: 'case_overview_search_filters_paging',
    person: person(11),
    async run({ server, browser, person: p, shot }) {
      for (let i = 1; i <= 30; i++) {
        await sak(server, p, { tittel: `Avtale om tiltak nr ${i}`, grupperingsid: `p11-t${i}`, tidspunkt: ago(40 - i) });
      }
      await sak(server, p, { tittel: 'Avtale for Åse Hansen', grupperingsid: 'p11-ase', tidspunkt: ago(50) });
      await oppgave(server, p, { tekst: 'Signer avtalen', grupperingsid: 'p11-ase', opprettet: ago(50) });
      for (let i = 1; i <= 2; i++) {
        await sak(server, p, { tittel: `Permitteringsvarsel ${i}`, grupperingsid: `p11-p${i}`, merkelapp: 'Permittering', tidspunkt: ago(45) });
      }
      const page = await loggedInPage(browser, server, p);
      const cards = page.locator('ul.saker > li.sakskort');
      const sortLabel = page.locator('label[for="sortering"]');
      await page.getByText('33 saker sortert på').waitFor();
      checkEqual(await cards.count(), 30, 'page size');
      checkEqual((await cards.first().locator('h3').textContent()).trim(), 'Avtale om tiltak nr 30', 'newest first');
      await shot(page, 'page-1');
      await page.getByRole('navigation', { name: 'Sidenavigering' }).getByRole('button', { name: 'Side 2' }).click();
      await page.getByRole('button', { name: 'Side 2' }).and(page.locator('[aria-current="page"]')).waitFor();
      checkEqual(await cards.count(), 3, 'the last page');

      await page.getByLabel('Søk i tittel').fill('åse hansen');
      await page.getByRole('button', { name: 'Søk', exact: true }).click();
      await page.getByText('1 saker sortert på').waitFor(); // and back to page 1
      checkEqual(await texts(cards.locator('h3')), ['Avtale for Åse Hansen'], 'search result');
      await page.getByRole('button', { name: 'Tøm' }).click();
      await page.getByText('33 saker sortert på').waitFor();

      await page.getByLabel('Permittering (2)').check();
      await page.getByText('2 saker sortert på').waitFor();
      checkEqual((await texts(cards.locator('h3'))).sort(), ['Permitteringsvarsel 1', 'Permitteringsvarsel 2'], 'theme filter');
      await page.getByLabel('Permittering (2)').uncheck();
      await page.getByText('33 saker sortert på').waitFor();

      await page.getByLabel('Uløste oppgaver (1)').check();
      await page.getByText('1 saker sortert på').waitFor();
      checkEqual(await texts(cards.locator('h3')), ['Avtale for Åse Hansen'], 'open task filter');
      check(await cards.first().evaluate((c) => c.classList.contains('har-oppgave')), 'a sak with an open task has the orange edge');
      await page.getByLabel('Med påminnelse (0)').waitFor(); // the sub-option appears with its count
      await page.getByLabel('Uløste oppgaver (1)').uncheck();
      await page.getByText('33 saker sortert på').waitFor();

      await page.getByLabel('33 saker sortert på').selectOption('ELDSTE');
      await page.waitForFunction(() => document.querySelector('ul.saker h3')?.textContent.trim() === 'Avtale for Åse Hansen');
      checkEqual(await sortLabel.textContent(), '33 saker sortert på', 'count in the sort label');
      await page.reload(); // the filter state survives
      await page.waitForFunction(() => document.querySelector('ul.saker h3')?.textContent.trim() === 'Avtale for Åse Hansen');
      checkEqual(await page.locator('#sortering').inputValue(), 'ELDSTE', 'sorting kept after reload');
    },
  },
  {
    name: 'login_picker_shows_names_and_organisation_trees',
    async run({ server, browser, shot }) {
      const g = groupPerson(30);
      const page = browser.context.pages()[0] || await browser.context.newPage();
      await page.goto(`${server.base}/`);
      const employers = page.getByRole('group', { name: 'Arbeidsgivere' });
      const button = employers.locator(`button.person[data-fnr="${g.fnr}"]`);
      checkEqual((await button.locator('.person-navn').textContent()).trim(), g.personnavn, 'the name from the access file');
      checkEqual((await button.locator('.person-orgs').textContent()).trim(),
        `${g.main.navn}: ${g.subs[0].navn}, ${g.subs[1].navn}`, 'the main unit with its sub-units');
      const c = citizen(6);
      const citizens = page.getByRole('group', { name: 'Innbyggere' });
      checkEqual((await citizens.locator(`button.person[data-fnr="${c.fnr}"] .person-navn`).textContent()).trim(), c.navn, 'a citizen by name');
      await shot(page, 'picker');
      await button.click();
      await page.getByText(g.personnavn, { exact: true }).waitFor(); // the header names the person
    },
  },
  {
    name: 'organisation_menu_shows_main_units_with_sub_units',
    async run({ server, browser, shot }) {
      const g = groupPerson(30);
      const at = (org) => ({ ...g, org });
      await sak(server, at(g.main.org), { tittel: 'Sak i konsernet', grupperingsid: 'g30-main', tidspunkt: ago(3) });
      await sak(server, at(g.subs[0].org), { tittel: 'Sak i avdeling A', grupperingsid: 'g30-a', tidspunkt: ago(2) });
      await sak(server, at(g.subs[1].org), { tittel: 'Sak i avdeling B', grupperingsid: 'g30-b', tidspunkt: ago(1) });
      const page = await loggedInPage(browser, server, g);
      await page.getByText('3 saker sortert på').waitFor();
      const menu = page.getByRole('group', { name: 'Virksomheter' });
      const main = menu.getByLabel(g.main.navn, { exact: true });
      const subs = menu.getByRole('group', { name: `Underenheter i ${g.main.navn}` });
      checkEqual(await texts(subs.locator('label')), [g.subs[0].navn, g.subs[1].navn], 'the sub-units under their main unit');
      await shot(page, 'meny');
      await subs.getByLabel(g.subs[0].navn).check(); // a sub-unit: it and its main unit
      await page.getByText('2 saker sortert på').waitFor();
      check(await main.isChecked(), 'choosing a sub-unit chooses its main unit');
      checkEqual((await texts(page.locator('ul.saker h3'))).sort(), ['Sak i avdeling A', 'Sak i konsernet'], 'the main unit and the chosen sub-unit');
      await main.uncheck(); // leaving the main unit leaves its sub-units: nothing chosen is everything
      await page.getByText('3 saker sortert på').waitFor();
      check(!(await subs.getByLabel(g.subs[0].navn).isChecked()), 'the sub-unit is left too');
      await main.check(); // a main unit alone is it and all its sub-units
      await page.waitForFunction(() => document.querySelector('input[name="virksomhet"]:checked'));
      await page.getByText('3 saker sortert på').waitFor();
      checkEqual(await page.locator('ul.saker > li.sakskort').count(), 3, 'all three');
    },
  },
  {
    name: 'demo_portal_is_usable_at_once',
    async run({ browser, shot }) {
      const demo = await Server.start({ demo: true }); // what `make run` serves
      try {
        const page = browser.context.pages()[0] || await browser.context.newPage();
        await page.goto(`${demo.base}/`);
        checkEqual(await page.locator('button.person').count(), 4, 'the demo persons and the demo citizen to pick from');
        check((await page.locator('button.person[data-fnr="16120101181"]').textContent()).includes('Kari Nordmann (daglig leder)'), 'names from the access file');
        await shot(page, 'login');
        const kari = { fnr: '16120101181' };
        await loggedInPage(browser, demo, kari);
        await page.getByText('6 saker sortert på').waitFor();
        await page.getByRole('heading', { name: 'Kommende avtaler' }).waitFor();
        await bell(page).badge.waitFor(); // shown only with unread notifications
        check(/^([1-9]|9\+)$/.test((await bell(page).badge.textContent()).trim()), 'the bell counts unread notifications');
        await bell(page).button.click();
        await bell(page).item('Send inntektsmelding for Kari Hansen.').waitFor();
        check((await bell(page).item('Send inntektsmelding for Kari Hansen.').textContent()).includes('Oppgave utført'), 'a done task');
        await shot(page, 'bell');
        await page.keyboard.press('Escape');
        await page.getByRole('link', { name: 'Inntektsmelding for Ola Nordmann (f. 010190)' }).click();
        await page.getByRole('heading', { level: 1, name: 'Inntektsmelding for Ola Nordmann (f. 010190)' }).waitFor();
        checkEqual(await page.locator('ol.tidslinje > li').count(), 2, 'the case page timeline');
        await shot(page, 'sak');
        await page.getByRole('button', { name: 'Logg ut' }).click();
        await loggedInPage(browser, demo, { fnr: '07098400116' });
        await page.getByText('35 saker sortert på').waitFor();
        await page.getByRole('navigation', { name: 'Sidenavigering' }).waitFor();
        // the demo citizen's messages
        await page.getByRole('button', { name: 'Logg ut' }).click();
        await page.locator('button.person[data-fnr="1505851234"]').click();
        await page.waitForURL(`${demo.base}/meldinger`);
        await page.getByRole('button', { name: 'Uleste (3)' }).waitFor();
        checkEqual(await page.locator('li.melding').count(), 5, 'her messages');
        check(/^3$/.test((await bell(page).badge.textContent()).trim()), 'her bell counts the unread ones');
        await page.locator('.meldinger').getByRole('link', { name: 'Book din næste samtale' }).click();
        await page.locator('.lenke-boks').getByRole('link', { name: 'Book samtale' }).waitFor();
        await shot(page, 'melding');
      } finally {
        checkEqual(await demo.stop(), 0, 'the demo server exits cleanly');
      }
    },
  },
];
