-- Shared by the bench/http wrk scripts: counts response statuses per thread
-- (when a script asks for it) and prints one machine-readable line at the end:
--   WRKJSON {"requests":..,"duration_us":..,"latency_us":{...},"status":{...},...}
-- run.sh parses that line; wrk's own human-readable report is kept alongside.

local M = {}
local threads = {}

function M.setup(thread)
  table.insert(threads, thread)
end

-- Call from response(): counts statuses in this thread's Lua state.
function M.count(status)
  statuses = statuses or {}
  local k = tostring(status)
  statuses[k] = (statuses[k] or 0) + 1
end

local function num(x)
  if x ~= x or x == math.huge or x == -math.huge then return "null" end
  return string.format("%.1f", x)
end

function M.done(summary, latency, requests)
  local status = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if s then
      for k, v in pairs(s) do status[k] = (status[k] or 0) + v end
    end
  end
  local parts = {}
  for k, v in pairs(status) do table.insert(parts, string.format('"%s":%d', k, v)) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%s,"mean":%s,"stdev":%s,"max":%s,"p50":%s,"p75":%s,"p90":%s,"p99":%s,"p999":%s},' ..
    '"status":{%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    num(latency.min), num(latency.mean), num(latency.stdev), num(latency.max),
    num(latency:percentile(50)), num(latency:percentile(75)), num(latency:percentile(90)),
    num(latency:percentile(99)), num(latency:percentile(99.9)),
    table.concat(parts, ",")))
end

return M
