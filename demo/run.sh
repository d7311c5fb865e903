#!/usr/bin/env bash
# `make demo`: the user guide's failover on this machine.
#
# Starts Spillway on examples/failover, the blue (127.0.0.1:10001) and green (127.0.0.1:10002) apps and,
# when an Envoy binary is at hand (ENVOY_BIN, else `envoy` on PATH), the local and remote gateway proxies
# from envoy-configs/; then runs the guide's curl commands and prints their answers. Without Envoy it
# says what is missing and shows what Spillway serves each proxy (`bin/spillway render`).
# Everything it starts is stopped when it exits. DEMO_KEEP=1 keeps it all running until Ctrl-C.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
config_dir=examples/failover
work="$(mktemp -d "${TMPDIR:-/tmp}/spillway-demo.XXXXXX")"
pids=()

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in ${pids[@]+"${pids[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in ${pids[@]+"${pids[@]}"}; do
    wait "$pid" 2>/dev/null || true
  done
  if [ "$status" -ne 0 ]; then
    echo "demo: failed; logs are in $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf '\n== %s\n' "$*"; }
die() { echo "demo: $*" >&2; exit 1; }

# Starts a command in the background with its output in $work/<name>.log.
start() {
  local name=$1; shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  echo "started $name (pid $!): $*"
}

# Waits until a URL answers 2xx, or fails naming the log to read.
wait_for() {
  local what=$1 url=$2 log=$3 seconds=${4:-60}
  for _ in $(seq $((seconds * 4))); do
    if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.25
  done
  echo "demo: $what not ready at $url after ${seconds}s; last lines of $log:" >&2
  tail -n 20 "$log" >&2 || true
  exit 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Milliseconds since the epoch, also where `date +%N` is not supported (macOS).
now_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo $((10#$t / 1000))
  else
    echo $(( $(date +%s) * 1000 ))
  fi
}

command -v curl >/dev/null || die "curl is needed (the guide's commands use it)"
command -v java >/dev/null || die "java 17 is needed"

envoy_bin=""
envoy_missing=""
if [ -n "${ENVOY_BIN:-}" ]; then
  if [ -x "$ENVOY_BIN" ] && [ -f "$ENVOY_BIN" ]; then
    envoy_bin=$ENVOY_BIN
  else
    envoy_missing="ENVOY_BIN=$ENVOY_BIN is not an executable file"
  fi
elif command -v envoy >/dev/null; then
  envoy_bin=$(command -v envoy)
else
  envoy_missing="no envoy on PATH and ENVOY_BIN unset"
fi

ports=(9977 9091 10001 10002)
if [ -n "$envoy_bin" ]; then
  ports+=(8080 8081 15443 19000 19001)
fi
for port in "${ports[@]}"; do
  if port_in_use "$port"; then
    die "port $port is already in use (the example needs 9977 9091 10001 10002, and 8080 8081 15443 19000 19001 for Envoy)"
  fi
done

if [ ! -f server/app/target/spillway.jar ]; then
  say "Building (mvn -q -B package -DskipTests)"
  mvn -q -B package -DskipTests
fi

say "Starting Spillway and the guide's two apps"
# mTLS on the xDS port with the certificates envoy-configs/ names (created once, as `make run` does).
certs=envoy-configs/xds-certs
if [ ! -f "$certs/server.crt" ]; then
  bin/spillway create xds-certs --out-dir "$certs" --group local/gateway-proxy --group remote/gateway-proxy >/dev/null
fi
start spillway bin/spillway serve --config-dir "$config_dir" --xds-address 127.0.0.1 \
  --xds-tls-cert "$certs/server.crt" --xds-tls-key "$certs/server.key" --xds-client-ca "$certs/ca.crt"
start blue java demo/ColorBackend.java blue 10001
start green java demo/ColorBackend.java green 10002
wait_for Spillway http://127.0.0.1:9091/readyz "$work/spillway.log"
wait_for blue http://127.0.0.1:10001/health "$work/blue.log"
wait_for green http://127.0.0.1:10002/health "$work/green.log"
echo "Spillway serves $config_dir over mTLS ADS on 127.0.0.1:9977 (admin http://127.0.0.1:9091/status)"
grep -Ev '^[0-9]{4}-' "$work/spillway.log" | sed 's/^/  /' || true

# Runs a command as the guide shows it, then prints its answer.
run() {
  printf '$ %s\n' "$*"
  "$@" || true
}

# `curl localhost:PORT/health`, showing the status code.
health() {
  printf '$ curl -s -o /dev/null -w %s localhost:%s/health\n' "'%{http_code}\\n'" "$1"
  curl -s -o /dev/null -w '%{http_code}\n' "localhost:$1/health" || true
}

# Health checks Envoy made of blue's cluster (blue, and green through the failover gateway).
hc_attempts() {
  curl -s --max-time 2 --get --data-urlencode \
    'filter=^cluster\.default-service-blue-10000_gloo-system\.health_check\.attempt$' \
    http://127.0.0.1:19000/stats | awk -F': ' '{print $2}' || true
}

# Envoy checks a cluster that never carried traffic only every no_traffic_interval (60 s by default); once
# traffic flows, the Upstream's 1 s interval applies from the next check on. Failing blue before that
# would make the failover wait for that next check.
await_hc_cadence() {
  local start first now
  echo "# Waiting for Envoy to health-check every second (a cluster that has carried no traffic is checked"
  echo "# only every 60 s, Envoy's default no_traffic_interval; the guide's Upstream sets none) ..."
  start=$(now_ms)
  first=$(hc_attempts)
  for _ in $(seq 900); do
    curl -s -o /dev/null --max-time 2 localhost:8080 || true
    now=$(hc_attempts)
    if [ -n "$first" ] && [ -n "$now" ] && [ "$now" -ge $((first + 4)) ]; then
      echo "# ... after $(( ($(now_ms) - start) / 1000 )) s"
      return 0
    fi
    sleep 0.1
  done
  echo "# ... not seen after 90 s; going on"
}

# Repeats `curl localhost:8080` until the answer is $1, then says how long that took.
curl_until() {
  local want=$1 start answer="" elapsed
  start=$(now_ms)
  printf '$ curl localhost:8080          # repeated until it answers %s\n' "$want"
  for _ in $(seq 900); do
    answer=$(curl -sS --max-time 2 localhost:8080 2>&1 || true)
    if [ "$answer" = "$want" ]; then
      elapsed=$(( $(now_ms) - start ))
      printf '%s        (after %d ms)\n' "$answer" "$elapsed"
      return 0
    fi
    sleep 0.1
  done
  echo "demo: still '$answer' after 90 s; Envoy logs: $work/envoy-local.log" >&2
  return 1
}

if [ -n "$envoy_bin" ]; then
  say "Starting the local and remote gateway proxies ($envoy_bin)"
  start envoy-remote "$envoy_bin" -c envoy-configs/remote-gateway-proxy.yaml --base-id 1917 --log-level warn
  start envoy-local "$envoy_bin" -c envoy-configs/local-gateway-proxy.yaml --base-id 1916 --log-level warn
  wait_for "remote Envoy" http://127.0.0.1:19001/ready "$work/envoy-remote.log"
  wait_for "local Envoy" http://127.0.0.1:19000/ready "$work/envoy-local.log"

  say "Test that everything works (the guide's commands; PROXY_URL is localhost:8080)"
  curl_until blue-pod
  await_hc_cadence
  echo
  echo "# Fail blue's health check (the guide posts to the pod's port 19000; here the app takes it)"
  run curl -sS -X POST localhost:10001/healthcheck/fail
  curl_until green-pod
  echo "  (green answers from the remote cluster, through the failover gateway on 15443 over mTLS)"
  echo
  echo "# Make blue healthy again"
  run curl -sS -X POST localhost:10001/healthcheck/ok
  curl_until blue-pod
else
  say "No Envoy here: $envoy_missing"
  echo "Set ENVOY_BIN=/path/to/envoy (or put envoy on PATH) to run the guide's curl commands through the"
  echo "two gateway proxies. The apps and Spillway run; this is what Spillway serves each proxy:"
  trim=""
  if command -v jq >/dev/null; then
    trim=jq
  elif command -v python3 >/dev/null; then
    trim=python3
  fi
  for cluster in local remote; do
    say "bin/spillway render --config-dir $config_dir --cluster $cluster --proxy gateway-proxy"
    bin/spillway render --config-dir "$config_dir" --cluster "$cluster" --proxy gateway-proxy \
      >"$work/render-$cluster.json" 2>"$work/render-$cluster.log"
    case "$trim" in
      jq)
        jq -r '
          "listeners:", (.listeners[]? | "  \(.name)" + ([.filter_chains[]?.filter_chain_match.server_names[]?]
            | if length > 0 then "  (SNI: \(join(", ")))" else "" end)),
          "routes:", (.routes[]? | "  \(.name)" + ([.virtual_hosts[]?.routes[]?
            | " \(.match.prefix // .match.path // "regex") -> \(.route.cluster // "weighted")"] | join(","))),
          "clusters:", (.clusters[]? | "  \(.name)" + (if .health_checks then "  (health checked)" else "" end)),
          "endpoints:", (.endpoints[]? | "  \(.cluster_name)", (.endpoints[]? | "    priority \(.priority // 0): "
            + ([.lb_endpoints[]?.endpoint | "\(.address.socket_address.address):\(.address.socket_address.port_value)"
            + (if .hostname then " (SNI \(.hostname))" else "" end)] | if length == 0 then "(none)"
            else join(", ") end))),
          "secrets:", (.secrets[]? | "  \(.name)")' "$work/render-$cluster.json"
        ;;
      python3)
        python3 - "$work/render-$cluster.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("listeners:")
for l in d.get("listeners", []):
    snis = [s for c in l.get("filter_chains", []) for s in c.get("filter_chain_match", {}).get("server_names", [])]
    print("  " + l["name"] + ("  (SNI: " + ", ".join(snis) + ")" if snis else ""))
print("routes:")
for r in d.get("routes", []):
    rs = [" %s -> %s" % (x["match"].get("prefix", x["match"].get("path", "regex")), x.get("route", {}).get("cluster", "weighted"))
          for v in r.get("virtual_hosts", []) for x in v.get("routes", [])]
    print("  " + r["name"] + ",".join(rs))
print("clusters:")
for c in d.get("clusters", []):
    print("  " + c["name"] + ("  (health checked)" if c.get("health_checks") else ""))
print("endpoints:")
for e in d.get("endpoints", []):
    print("  " + e["cluster_name"])
    for loc in e.get("endpoints", []):
        eps = []
        for lb in loc.get("lb_endpoints", []):
            ep = lb["endpoint"]
            sa = ep["address"]["socket_address"]
            eps.append("%s:%s" % (sa["address"], sa["port_value"]) + (" (SNI %s)" % ep["hostname"] if ep.get("hostname") else ""))
        print("    priority %d: %s" % (loc.get("priority", 0), ", ".join(eps) or "(none)"))
print("secrets:")
for s in d.get("secrets", []):
    print("  " + s["name"])
PY
        ;;
      *)
        cat "$work/render-$cluster.json"
        ;;
    esac
  done
  say "The apps answer directly, as the guide's pods do"
  run curl -sS localhost:10001
  run curl -sS localhost:10002
  health 10001
  run curl -sS -X POST localhost:10001/healthcheck/fail
  health 10001
  run curl -sS -X POST localhost:10001/healthcheck/ok
  health 10001
fi

if [ "${DEMO_KEEP:-}" = 1 ]; then
  say "Everything keeps running (DEMO_KEEP=1); Ctrl-C stops it. Logs: $work"
  wait
fi
say "Done; stopping what the demo started"
