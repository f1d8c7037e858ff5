-- wrk script: every response must be a 200 carrying the page's marker text.
-- Usage: wrk ... -s bench/check.lua URL -- "<cookie header>" "<marker>"
-- A redirect (e.g. to the sign-in page) or a missing marker counts as an error.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrk.headers["Cookie"] = args[1]
  marker = args[2]
  checked = 0
  errors = 0
end

function response(status, headers, body)
  checked = checked + 1
  if status ~= 200 or not string.find(body, marker, 1, true) then
    errors = errors + 1
  end
end

function done(summary, latency, requests)
  local total_checked, total_errors = 0, 0
  for _, thread in ipairs(threads) do
    total_checked = total_checked + thread:get("checked")
    total_errors = total_errors + thread:get("errors")
  end
  io.write(string.format("BENCH_CHECKED %d\nBENCH_ERRORS %d\n", total_checked, total_errors))
end
