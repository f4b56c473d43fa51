-- wrk script: POST /consume {"consumer_id": C} on every request; every
-- connection polls the same registered consumer, as the classroom consumer
-- does. Counts statuses: a 204 means the consumer caught up with the topic,
-- which run.sh treats as an invalid measurement (the topic was not filled
-- enough) and repeats after filling it further.
-- Usage: wrk ... -s consume.lua URL -- <consumer_id>
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local report = dofile(dir .. "report.lua")

function init(args)
  local consumer = args[1] or "bench-consumer"
  wrk.method = "POST"
  wrk.body = string.format('{"consumer_id":"%s"}', consumer)
  wrk.headers["Content-Type"] = "application/json"
  req = wrk.format()
end

function setup(thread) report.setup(thread) end

function request() return req end

function response(status, headers, body) report.count(status) end

done = report.done
