-- 1,000 instances per request, read from batch-1000.json beside this script.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
local file = assert(io.open(here .. "batch-1000.json", "r"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = file:read("*a")
file:close()
