-- wrk's requests for tools/bench.py: `wrk -s tools/bench.lua URL -- MODE KEY HEADER FIELD STEPS...`
-- STEPS are `PATH BODY` pairs (POST), a session's lifecycle read from the spec by bench.py: the
-- creating call first; `@id@` in a body is the session id (FIELD) the creating call answered.
-- MODE "new": every request is the first step. MODE "mix": the steps in turn; a refused step
-- starts over. The lifecycle state is the thread's, so bench.py runs one connection per thread.
local mode, key, header, field, step, id = "new", "", "", "", 1, ""
local paths, bodies = {}, {}

function init(args)
  mode, key, header, field = args[1], args[2], args[3], args[4]
  for i = 5, #args, 2 do
    paths[#paths + 1], bodies[#bodies + 1] = args[i], args[i + 1]
  end
end

function request()
  local at = mode == "mix" and step or 1
  local body = bodies[at]:gsub("@id@", id)
  local headers = { ["Content-Type"] = "application/json", [header] = key }
  return wrk.format("POST", paths[at], headers, body)
end

function response(status, headers, body)
  if mode ~= "mix" then return end
  if status ~= 200 then step = 1 return end
  if step == 1 then id = body:match('"' .. field .. '"%s*:%s*"([^"]+)"') or "" end
  step = step % #paths + 1
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
