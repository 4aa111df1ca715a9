-- wrk's requests for tools/bench.py: `wrk -s tools/bench.lua URL -- MODE KEY`.
-- MODE "new": every request posts streaming.new. MODE "mix": session lifecycles, new -> start ->
-- task -> stop, each call with the session id new answered; a refused step starts over.
-- The lifecycle state is the thread's, so bench.py runs one connection per thread (-t N -c N).
local mode, key, step, id = "new", "mock-key", 1, ""
local steps = { "new", "start", "task", "stop" }
local new_body = '{"quality": "high", "avatar_id": "Wayne_20240711", "activity_idle_timeout": 300}'

function init(args)
  mode, key = args[1] or "new", args[2] or "mock-key"  -- the mock's default key
end

function request()
  local name = mode == "mix" and steps[step] or "new"
  local body = new_body
  if name == "task" then
    body = '{"session_id": "' .. id .. '", "text": "Hello there, how are you today?"}'
  elseif name ~= "new" then
    body = '{"session_id": "' .. id .. '"}'
  end
  local headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }
  return wrk.format("POST", "/v1/streaming." .. name, headers, body)
end

function response(status, headers, body)
  if mode ~= "mix" then return end
  if status ~= 200 then step = 1 return end
  if step == 1 then id = body:match('"session_id"%s*:%s*"([^"]+)"') or "" end
  step = step % #steps + 1
end

-- One JSON line for bench.py (wrk's own summary goes before it on stdout).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\n{"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
