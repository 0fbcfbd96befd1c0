-- One dialog by id (GET /api/dialog/v1/dialoger/ID), read by the
-- organisation of BUDSTIKKE_TOKEN; ID in BUDSTIKKE_DIALOG.
-- usage: wrk -s dialog-get.lua URL_PREFIX
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(dir .. "../../shared/bench/load/report.lua")
local token = os.getenv("BUDSTIKKE_TOKEN") or ""
local id = os.getenv("BUDSTIKKE_DIALOG") or ""
function request()
  return wrk.format("GET", wrk.path .. id, { ["Authorization"] = "Bearer " .. token })
end
function done(summary, latency, requests) report_done(summary, latency, requests) end
