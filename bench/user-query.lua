-- wrk script for the user API (bench/run-user.sh): POSTs one of the queries
-- below with the person's bearer token (BUDSTIKKE_TOKEN).
--   BENCH_QUERY=bell   notifikasjoner as the bell asks for it (every field, 200 newest)
--   BENCH_QUERY=page   notifikasjoner(first: 20), the bell's first page
--   BENCH_QUERY=page10 notifikasjoner(first: 10), the peer's page size
--   BENCH_QUERY=saker  saker over the person's 1,000 organisations, page of 30, with counters
-- usage: wrk -s user-query.lua URL [-- check]
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "../../shared/bench/load/report.lua")
local token = os.getenv("BUDSTIKKE_TOKEN") or ""
local which = os.getenv("BENCH_QUERY") or "bell"
local fields = "id merkelapp tekst lenke opprettetTidspunkt sorteringTidspunkt brukerKlikk { id klikketPaa } " ..
  "virksomhet { navn virksomhetsnummer } sak { tittel tilleggsinformasjon }"
local bell = "query hentNotifikasjoner($first: Int) { notifikasjoner(first: $first) { feilAltinn feilDigiSyfo antallUleste " ..
  "notifikasjoner { __typename ... on Beskjed { " .. fields .. " } ... on Oppgave { " .. fields ..
  " tilstand paaminnelseTidspunkt utgaattTidspunkt utfoertTidspunkt frist } ... on Kalenderavtale { " ..
  fields .. " avtaletilstand startTidspunkt sluttTidspunkt lokasjon { adresse postnummer poststed } digitalt } } } }"
local saker = "query hentSaker($v: [String!]!) { saker(virksomhetsnumre: $v, limit: 30, sortering: NYESTE) { " ..
  "totaltAntallSaker feilAltinn sakstyper { navn antall } oppgaveFilterInfo { filterType antall } saker { " ..
  "id merkelapp tittel tilleggsinformasjon lenke nesteSteg virksomhet { navn virksomhetsnummer } " ..
  "sisteStatus { type tekst tidspunkt } frister oppgaver { tilstand frist paaminnelseTidspunkt } tidslinje { " ..
  "__typename ... on OppgaveTidslinjeElement { id tekst tilstand opprettetTidspunkt frist lenke } " ..
  "... on BeskjedTidslinjeElement { id tekst opprettetTidspunkt lenke } } } } }"
local body
if which == "saker" then
  local orgs = {}
  for o = 0, 99900, 100 do orgs[#orgs + 1] = string.format('"8%08d"', o) end
  body = string.format('{"query":"%s","variables":{"v":[%s]}}', saker, table.concat(orgs, ","))
elseif which == "page" then
  body = string.format('{"query":"%s","variables":{"first":20}}', bell)
elseif which == "page10" then -- the size of the graphql-js peer's mineNotifikasjoner(first: 10)
  body = string.format('{"query":"%s","variables":{"first":10}}', bell)
else
  body = string.format('{"query":"%s","variables":{}}', bell)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = body
bad = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  if args[1] == "check" then
    response = function(status, headers, b)
      if status ~= 200 or b:find('"errors"', 1, true) or not b:find('"feilAltinn":false', 1, true) then
        bad = bad + 1
        if bad <= 3 then io.stderr:write("unexpected response: ", status, " ", b:sub(1, 300), "\n") end
      end
    end
  end
end
function done(summary, latency, requests)
  report_done(summary, latency, requests)
  local total_bad = 0
  for _, t in ipairs(threads) do total_bad = total_bad + (t:get("bad") or 0) end
  if total_bad > 0 then io.write(string.format("CHECK bad_responses=%d\n", total_bad)) end
end
