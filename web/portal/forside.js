// The front page: the development login, then the case overview (a
// citizen's messages are on their own page).
import { homeOf, startPage } from './header.js';
import { renderSaksoversikt } from './saksoversikt.js';

startPage((session, main) => {
  if (session.innbygger) window.location.replace(homeOf(session));
  else renderSaksoversikt(main, session);
});
