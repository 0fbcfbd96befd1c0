-- The load script of ../shared/bench/load/graphql-mutation.lua with the
-- producer's bearer token (BUDSTIKKE_TOKEN) added: POST nyBeskjed with a fresh
-- eksternId on every request. usage: wrk -s nybeskjed-auth.lua URL [-- check]
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "../../shared/bench/load/report.lua")
local token = os.getenv("BUDSTIKKE_TOKEN") or ""
local query = "mutation NyBeskjed($nyBeskjed: NyBeskjedInput!) { nyBeskjed(nyBeskjed: $nyBeskjed) { " ..
  "__typename ... on NyBeskjedVellykket { id } ... on DuplikatEksternIdOgMerkelapp { feilmelding } } }"
local orgs = { "910825526", "910825527", "910825528", "910825529", "910825530" }
local prefix, counter = "", 0
bad = 0
local threads = {}
function setup(thread) thread:set("tid", #threads + 1); table.insert(threads, thread) end
function init(args)
  -- two wrk processes started in the same second (one per node) must not send
  -- the same eksternIds: the prefix takes its randomness from the kernel
  local f = io.open("/dev/urandom", "rb")
  local bytes = f:read(6)
  f:close()
  local r = 0
  for i = 1, #bytes do r = r * 256 + bytes:byte(i) end
  prefix = string.format("%x-%d-%012x", os.time(), tid or 0, r)
  if args[1] == "check" then
    response = function(status, headers, body)
      if status ~= 200 or not body:find("NyBeskjedVellykket", 1, true) then
        bad = bad + 1
        if bad <= 3 then io.stderr:write("unexpected response: ", status, " ", body, "\n") end
      end
    end
  end
end
function request()
  counter = counter + 1
  local body = string.format(
    '{"query":"%s","variables":{"nyBeskjed":{' ..
    '"metadata":{"eksternId":"%s-%d","virksomhetsnummer":"%s","grupperingsid":"sak-%d"},' ..
    '"mottakere":[{"altinn":{"serviceCode":"4936","serviceEdition":"1"}}],' ..
    '"notifikasjon":{"merkelapp":"tiltak","tekst":"Du har en ny beskjed om tiltak nummer %d",' ..
    '"lenke":"https://tiltak.example/beskjed/%d"}}}}',
    query, prefix, counter, orgs[counter % #orgs + 1], counter % 1000, counter, counter)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json",
                                   ["Authorization"] = "Bearer " .. token }, body)
end
function done(summary, latency, requests)
  report_done(summary, latency, requests)
  local total_bad = 0
  for _, t in ipairs(threads) do total_bad = total_bad + (t:get("bad") or 0) end
  if total_bad > 0 then io.write(string.format("CHECK bad_responses=%d\n", total_bad)) end
end
