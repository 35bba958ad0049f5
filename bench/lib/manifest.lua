-- wrk script: manifest HEAD or GET by tag with the OCI manifest Accept header.
-- BENCH_METHOD=HEAD|GET picks the method; done() prints one machine-readable line.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.headers["Accept"] = "application/vnd.oci.image.manifest.v1+json"

done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  -- BENCH requests seconds req_per_s connect_err read_err write_err status_err timeouts p50_us p99_us
  io.write(string.format("BENCH %d %.3f %.1f %d %d %d %d %d %.0f %.0f\n",
    summary.requests, secs, summary.requests / secs,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
