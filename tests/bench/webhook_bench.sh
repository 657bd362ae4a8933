#!/usr/bin/env bash
# Load test of `jobwarden serve` on loopback with wrk: 8 keep-alive connections, POST
# /validate?timeout=10s with an AdmissionReview of a Job (allowed, one warning), for DURATION
# seconds. Prints requests/s, latency percentiles and the server's RSS (from /proc) under load.
#   usage: tests/bench/webhook_bench.sh [JOBWARDEN_BINARY] [DURATION_SECONDS]
# Needs wrk and openssl (scripts/install-test-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=${1:-build/jobwarden}
duration=${2:-10}
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-8}
for tool in wrk openssl python3; do
  command -v "$tool" >/dev/null || { echo "webhook_bench: $tool is missing (scripts/install-test-tools.sh)" >&2; exit 1; }
done
[[ -x "$binary" ]] || { echo "webhook_bench: no binary at $binary" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=bench-ca -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -subj /CN=jobwarden.jobwarden.svc -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
printf 'subjectAltName=DNS:jobwarden.jobwarden.svc\nextendedKeyUsage=serverAuth\n' >"$work/ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -set_serial 1 \
  -days 1 -extfile "$work/ext" -out "$work/tls.crt" 2>/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$binary" serve --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" \
  --addr "127.0.0.1:$port" --metrics-addr off 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  curl_ok=$(python3 - "$port" <<'EOF' 2>/dev/null || true
import socket, ssl, sys
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1) as s:
    with ctx.wrap_socket(s) as t:
        t.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        print("ok" if b" 200 " in t.recv(100) else "no")
EOF
)
  [[ "$curl_ok" == ok ]] && break
  sleep 0.1
done
[[ "$curl_ok" == ok ]] || { echo "webhook_bench: server did not start" >&2; cat "$work/server.log" >&2; exit 1; }

# A realistic review: a Job missing ttlSecondsAfterFinished (allowed with one warning).
python3 - "$work/review.json" <<'EOF'
import json, sys
job = {"apiVersion": "batch/v1", "kind": "Job",
       "metadata": {"name": "pi", "namespace": "default", "labels": {"app": "pi"}},
       "spec": {"activeDeadlineSeconds": 600, "backoffLimit": 3, "parallelism": 1,
                "completions": 1, "completionMode": "NonIndexed", "suspend": False,
                "template": {"metadata": {"labels": {"app": "pi"}},
                             "spec": {"restartPolicy": "Never",
                                      "containers": [{"name": "pi", "image": "registry.example.com/perl:5.34.0",
                                                      "command": ["perl", "-e", "print 1"],
                                                      "resources": {"requests": {"cpu": "100m", "memory": "64Mi"},
                                                                    "limits": {"cpu": "500m", "memory": "64Mi"}}}]}}}}
review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
          "request": {"uid": "705ab4f5-6393-11e8-b7cc-42010a800002",
                      "kind": {"group": "batch", "version": "v1", "kind": "Job"},
                      "resource": {"group": "batch", "version": "v1", "resource": "jobs"},
                      "name": "pi", "namespace": "default", "operation": "CREATE",
                      "userInfo": {"username": "alice", "groups": ["system:authenticated"]},
                      "object": job, "oldObject": None, "dryRun": False}}
open(sys.argv[1], "w").write(json.dumps(review))
EOF
cat >"$work/post.lua" <<EOF
local f = io.open("$work/review.json", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = "jobwarden.jobwarden.svc"
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors=%d rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
EOF

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
rss_idle=$(rss_kib)
( sleep $((duration / 2)); rss_kib >"$work/rss_load" ) &
sampler_pid=$!
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" \
  "https://127.0.0.1:$port/validate?timeout=10s" | tee "$work/wrk.out"
wait "$sampler_pid"
rss_load=$(cat "$work/rss_load")
rss_peak=$(awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status")
echo "BENCH rss_idle_kib=$rss_idle rss_under_load_kib=$rss_load rss_peak_kib=$rss_peak"
grep -q '^BENCH requests=' "$work/wrk.out"
grep -q 'errors=0 ' "$work/wrk.out" || { echo "webhook_bench: wrk saw errors" >&2; exit 1; }
