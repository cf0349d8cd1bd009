-- wrk script of benchmarks/webhook_throughput.py: replays pre-signed Twilio webhook bodies.
-- args: <file of "signature<TAB>urlencoded body" lines> <path> <threads>. Each wrk thread takes
-- every n-th line (n = threads), so every request is a distinct MessageSid (no redelivery short cuts)
-- until a thread runs out and starts over (counted in `wrapped`, printed by done()).
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local file, path, total = args[1], args[2], tonumber(args[3])
  requests, index, wrapped, line_no = {}, 0, 0, 0
  for line in io.lines(file) do
    if line_no % total == id then
      local signature, body = line:match("^([^\t]*)\t(.*)$")
      table.insert(requests, wrk.format("POST", path, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = signature,
      }, body))
    end
    line_no = line_no + 1
  end
end

function request()
  index = index + 1
  if index > #requests then
    index, wrapped = 1, wrapped + 1
  end
  return requests[index]
end

function done(summary, latency, requests)
  local wraps = 0
  for _, thread in ipairs(threads) do
    wraps = wraps + (thread:get("wrapped") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "WRK {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d, \"status_errors\": %d, " ..
    "\"socket_errors\": %d, \"wrapped\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout, wraps))
end
