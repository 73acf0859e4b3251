-- wrk script: queries from bench/load-queries.txt, URL-encoded, drawn with a heavy head (log-
-- uniform ranks: a few queries are frequent, most are rare), as real search traffic is.
local queries = {}
local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
for line in io.lines(os.getenv("DMKM_QUERIES") or "bench/load-queries.txt") do
  if #line > 0 then table.insert(queries, "/api/search?top=10&q=" .. encode(line)) end
end
math.randomseed(42)
request = function()
  local rank = math.floor((#queries) ^ math.random())
  return wrk.format("GET", queries[math.max(1, math.min(#queries, rank))])
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors connect %d read %d write %d status %d timeout %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("requests/s %.1f\n", summary.requests / (summary.duration / 1e6)))
end
