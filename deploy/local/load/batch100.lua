-- wrk script for a quick ingest load: each request is a batch of 100 unique message events.
-- Usage: INGEST_KEY=... TENANT=... wrk -t2 -c16 -d30s -s batch100.lua http://127.0.0.1:8081
local counter = 0
local thread_id = 0
local key = os.getenv("INGEST_KEY")
local tenant = os.getenv("TENANT")
local run = tostring(os.time())

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function request()
  local events = {}
  for i = 1, 100 do
    counter = counter + 1
    local id = run .. "-" .. tid .. "-" .. counter
    events[i] = string.format(
      '{"id":"%s","type":"message.created","occurredAt":"2026-11-26T10:00:00Z","conversationId":"c-%d","data":{"sender":"visitor","text":"您好,请问订单什么时候发货?"}}',
      id, counter % 5000)
  end
  local body = '{"events":[' .. table.concat(events, ",") .. ']}'
  return wrk.format("POST", "/v1/tenants/" .. tenant .. "/events",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end

local non202 = 0
function response(status, headers, body)
  if status ~= 202 then non202 = non202 + 1 end
end

function done(summary, latency, requests)
  io.write(string.format("requests: %d, events: %d, events/s: %.0f, non-202 in last thread: %d\n",
    summary.requests, summary.requests * 100, summary.requests * 100 / (summary.duration / 1e6), non202))
  io.write(string.format("latency p50 %.1f ms, p99 %.1f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
