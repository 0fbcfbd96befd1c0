// Icons as SVG markup (24x24, currentColor), drawn for this package.

const svg = (body) => `<svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const ICONS = {
  bjelle: svg('<path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z" fill="currentColor" stroke="none"/><path d="M10 20.5a2.2 2.2 0 0 0 4 0" />'),
  beskjed: svg('<path d="M4 5h16v11H9l-5 4z"/>'),
  oppgave: svg('<rect x="5" y="4" width="14" height="17" rx="2"/><path d="M9 4V3h6v1M8.5 10h7M8.5 14h7M8.5 18h4"/>'),
  utfoert: svg('<circle cx="12" cy="12" r="9"/><path d="m8 12.5 2.6 2.6L16 9.5"/>'),
  kalender: svg('<rect x="4" y="5" width="16" height="15" rx="2"/><path d="M4 10h16M8 3v4M16 3v4"/>'),
  melding: svg('<rect x="3.5" y="5.5" width="17" height="13" rx="1.5"/><path d="m4 6.5 8 6 8-6"/>'),
  laas: svg('<rect x="5" y="10.5" width="14" height="10" rx="1.5"/><path d="M8 10.5V8a4 4 0 0 1 8 0v2.5"/>'),
  klokke: svg('<circle cx="12" cy="12" r="8.5"/><path d="M12 7.5V12l3 2"/>'),
  pil: svg('<path d="m9 6 6 6-6 6"/>'),
  lukk: svg('<path d="M6 6l12 12M18 6 6 18"/>'),
  sok: svg('<circle cx="11" cy="11" r="6.5"/><path d="m16 16 4 4"/>'),
};
