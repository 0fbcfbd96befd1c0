-- Durable dialog creates (POST /api/dialog/v1/dialoger) by jobcenter 14700:
-- a VARSEL to one of its three citizens of the test fixture, a fresh
-- eksternId per request. Token in BUDSTIKKE_TOKEN.
-- usage: wrk -s dialog-create.lua URL [-- check]
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "../../shared/bench/load/report.lua")
local token = os.getenv("BUDSTIKKE_TOKEN") or ""
local citizens = { "0101901234", "0303903456", "0404904567" }
local prefix, counter = "", 0
bad = 0
local threads = {}
function setup(thread) thread:set("tid", #threads + 1); table.insert(threads, thread) end
function init(args)
  math.randomseed(os.time() + (tid or 0) * 7919)
  prefix = string.format("%x-%d-%06x", os.time(), tid or 0, math.random(0, 0xffffff))
  if args[1] == "check" then
    response = function(status, headers, body)
      if status ~= 201 then
        bad = bad + 1
        if bad <= 3 then io.stderr:write("unexpected response: ", status, " ", body, "\n") end
      end
    end
  end
end
function request()
  counter = counter + 1
  local body = string.format(
    '{"eksternId":"%s-%d","innbyggere":["%s"],"kanal":"VARSEL","tittel":"Møde om din plan %d",' ..
    '"tekst":"Se [din plan](https://jobnet.example/plan/%d) før mødet."}',
    prefix, counter, citizens[counter % #citizens + 1], counter, counter)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json",
                                   ["Authorization"] = "Bearer " .. token }, body)
end
function done(summary, latency, requests)
  report_done(summary, latency, requests)
  local total_bad = 0
  for _, t in ipairs(threads) do total_bad = total_bad + (t:get("bad") or 0) end
  if total_bad > 0 then io.write(string.format("CHECK bad_responses=%d\n", total_bad)) end
end
