#!/usr/bin/env bash
# Soak test of `jobwarden serve`: scripts/soak.sh [SECONDS] (default 300)
# wrk (2 threads, 8 keep-alive connections) POSTs reviews to /validate for SECONDS while the
# serving certificate and the config are replaced every RELOAD seconds (30; SECONDS/4 when
# shorter than 2 minutes) and 200 idle TLS connections are opened and dropped every IDLE seconds
# (60; SECONDS/3 when short). Passes when no request failed (no socket error, no non-2xx), every
# reload was applied, and RSS at the end is within 10% of RSS after the first minute (after the
# first idle burst was dropped: 67 s in the full run). Loopback only; needs wrk, openssl, python3 (installed
# by scripts/install-test-tools.sh) and build/jobwarden.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
binary=${JOBWARDEN_BINARY:-build/jobwarden}
reload=30 idle_every=60
if (( seconds < 120 )); then reload=$((seconds / 4)) idle_every=$((seconds / 3)); fi
warm=$((idle_every + 7))
work=$(mktemp -d)
server_pid=""
helpers=()
cleanup() {
  for pid in "${helpers[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cert() {  # cert NAME: a P-256 certificate for localhost signed by the soak CA
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost \
    -keyout "$work/$1.key" -out "$work/$1.csr" 2>/dev/null
  openssl x509 -req -in "$work/$1.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
    -set_serial "0x$RANDOM$RANDOM" -days 1 -out "$work/$1.crt" 2>/dev/null
}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=soak-ca -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
cert serving && cp "$work/serving.crt" "$work/tls.crt" && cp "$work/serving.key" "$work/tls.key"
printf 'rules:\n  job-missing-ttl: warning\n' > "$work/config.yaml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
metrics=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$binary" serve --tls-cert "$work/tls.crt" --tls-key "$work/tls.key" --config "$work/config.yaml" \
  --addr "127.0.0.1:$port" --metrics-addr "127.0.0.1:$metrics" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do
  curl -sk "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  python3 -c "import socket; socket.create_connection(('127.0.0.1',$port)).close()" 2>/dev/null && break
  sleep 0.1
done
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }

cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"soak",' ..
  '"kind":{"group":"batch","version":"v1","kind":"Job"},"resource":{"group":"batch","version":"v1",' ..
  '"resource":"jobs"},"namespace":"default","operation":"CREATE","userInfo":{"username":"soak"},' ..
  '"object":{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi","namespace":"default"},' ..
  '"spec":{"backoffLimit":3,"template":{"spec":{"restartPolicy":"Always","containers":[{"name":"pi",' ..
  '"image":"perl:5.34.0","command":["perl","-e","print 1"]}]}}}}}}'
local failures = 0
response = function(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("soak: %d requests, %d errors (connect %d read %d write %d timeout %d status %d), p50 %.2f ms, p99 %.2f ms\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout + summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

# Certificate and config replaced every $reload s (rename, as kubelet swaps Secret/ConfigMap).
(
  n=0
  while sleep "$reload"; do
    n=$((n + 1))
    cert "next$n"
    mv "$work/next$n.key" "$work/tls.key.new" && mv "$work/next$n.crt" "$work/tls.crt.new"
    mv "$work/tls.key.new" "$work/tls.key" && mv "$work/tls.crt.new" "$work/tls.crt"
    printf 'rules:\n  job-missing-ttl: %s\n' "$([[ $((n % 2)) == 1 ]] && echo info || echo warning)" \
      > "$work/config.new" && mv "$work/config.new" "$work/config.yaml"
    echo "$n" > "$work/reloads"
  done
) &
helpers+=($!)
# 200 idle TLS connections opened, held, and dropped every $idle_every s.
(
  while sleep "$idle_every"; do
    python3 - "$port" <<'PY'
import socket, ssl, sys, time
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
held = [ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1])))) for _ in range(200)]
time.sleep(5)
for s in held: s.close()
PY
  done
) &
helpers+=($!)
(sleep "$warm"; rss > "$work/rss_warm") &
helpers+=($!)

wrk -t2 -c8 -d"${seconds}s" --latency -s "$work/post.lua" "https://127.0.0.1:$port/validate" \
  > "$work/wrk.out" 2>&1 || true
sleep 1
rss_end=$(rss)
rss_warm=$(cat "$work/rss_warm" 2>/dev/null || echo 0)
reloads=$(cat "$work/reloads" 2>/dev/null || echo 0)
page=$(curl -s "http://127.0.0.1:$metrics/metrics" 2>/dev/null || python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$metrics/metrics').read().decode())")
cert_reloads=$(grep '^jobwarden_certificate_reloads_total ' <<<"$page" | awk '{print $2}')
config_reloads=$(grep '^jobwarden_config_reloads_total ' <<<"$page" | awk '{print $2}')
summary=$(grep '^soak:' "$work/wrk.out" || true)
echo "$summary"
echo "soak: ${seconds}s, reloads done $reloads (certificate reloads $cert_reloads, config reloads $config_reloads), RSS after warm-up ${rss_warm} KiB, at the end ${rss_end} KiB"
fail=0
if [[ -z $summary ]] || ! grep -q ', 0 errors' <<<"$summary"; then
  echo "soak: FAILED: requests failed"; cat "$work/wrk.out"; fail=1
fi
if (( cert_reloads < reloads || config_reloads < reloads )); then
  echo "soak: FAILED: not every reload was applied"; fail=1
fi
if (( rss_warm == 0 || rss_end * 10 > rss_warm * 11 )); then
  echo "soak: FAILED: RSS grew more than 10% after warm-up"; fail=1
fi
if (( fail )); then tail -20 "$work/serve.log"; exit 1; fi
echo "soak: passed"
