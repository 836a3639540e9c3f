-- wrk prints p50/75/90/99 only; bench/pages.py needs p95 and the error counts, in one line.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f p50=%d p95=%d p99=%d errors=%d non2xx=%d bytes=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors, summary.errors.status, summary.bytes))
end
