// The front page: the development login, then the case overview.
import { startPage } from './header.js';
import { renderSaksoversikt } from './saksoversikt.js';

startPage((session, main) => renderSaksoversikt(main, session));
