-- wrk script: POST /produce {"topic": T, "value": <~100 bytes>} on every request.
-- Usage: wrk ... -s produce.lua URL -- <topic> [value_bytes=100]
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(dir .. "report.lua")

local topic, size = "bench-produce", 100

function init(args)
  topic = args[1] or topic
  size = tonumber(args[2] or size)
  -- A printable value of exactly `size` bytes; JSON needs no escaping for it.
  local alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
  local chars = {}
  for i = 1, size do
    local j = (i * 7) % #alphabet + 1
    chars[i] = alphabet:sub(j, j)
  end
  local body = string.format('{"topic":"%s","value":"%s"}', topic, table.concat(chars))
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
  req = wrk.format()
end

function setup(thread) report.setup(thread) end

function request() return req end

function response(status, headers, body) report.count(status) end

done = report.done
