#!/usr/bin/env bash
# What tracing costs, in one run (ADR 0026): the local stack is started four times, alternating tracing off
# (ACP_TRACE_SAMPLING=0: context still propagated, no span recorded) and on (100 % sampled, every span exported by
# OTLP/HTTP to the stack's receiver in counting mode, which reads and drops the bytes); each time a warm-up, then a
# closed model of AGENTS agents (default 16) for DURATION s (default 45) and one agent for 20 s. Prints CPU per
# completed checkout (JVM + PostgreSQL), throughput and p50/p99 of complete and end to end, and the on/off ratios.
# Needs the built stack (./mvnw -B -q -DskipTests install) and nothing running on its ports. Asserts nothing.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-target/bench/tracing}; mkdir -p "$OUT"
AGENTS=${AGENTS:-16}; DURATION=${DURATION:-45}; WARMUP=${WARMUP:-60}
JAR=deploy/target/acp-local-stack-exec.jar
BENCH=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$JAR"
  -Dloader.main=org.acpmerchant.deploy.CheckoutBenchmark org.springframework.boot.loader.launch.PropertiesLauncher
  --pid-pattern 'acp-local-stack-exec.jar|embedded-pg' --progress 0)

run() { # $1 = label, $2 = sampling, $3 = local traces mode
  local label=$1
  echo; echo "### $label: ACP_TRACE_SAMPLING=$2 ACP_LOCAL_TRACES=$3"
  ACP_TRACE_SAMPLING=$2 ACP_LOCAL_TRACES=$3 java -jar "$JAR" > "$OUT/$label-stack.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do grep -q "local stack ready" "$OUT/$label-stack.log" && break; sleep 1; done
  grep "local stack ready" "$OUT/$label-stack.log" || { echo "the stack did not start"; kill $pid; return 1; }
  curl -s -o /dev/null -X POST "http://127.0.0.1:8081/merchant/catalog/variants/ebook-trail-guide/stock" \
    -H "Authorization: Bearer merchant_local_token" -H "Content-Type: application/json" -d '{"on_hand": 1000000}'
  "${BENCH[@]}" --agents "$AGENTS" --warmup "$WARMUP" --duration 5 > "$OUT/$label-warmup.txt" 2>&1
  "${BENCH[@]}" --agents "$AGENTS" --warmup 5 --duration "$DURATION" --json "$OUT/$label-c$AGENTS.json" \
    > "$OUT/$label-c$AGENTS.txt" 2>&1
  "${BENCH[@]}" --agents 1 --warmup 5 --duration 20 --json "$OUT/$label-c1.json" > "$OUT/$label-c1.txt" 2>&1
  kill $pid; wait $pid 2>/dev/null
  sleep 3
}

run off-1 0.0 off
run on-1 1.0 count
run off-2 0.0 off
run on-2 1.0 count

echo; echo "### summary (CPU = the stack's JVM and PostgreSQL per completed checkout)"
python3 - "$OUT" "$AGENTS" <<'PY'
import json, sys, statistics
out, agents = sys.argv[1], sys.argv[2]
def load(label, c):
    return json.load(open(f"{out}/{label}-c{c}.json"))
rows = {}
for c in (agents, "1"):
    print(f"\n{c} agent(s)     checkouts/s  CPU ms/checkout  complete p50/p99 ms   e2e p50/p99 ms")
    for label in ("off-1", "on-1", "off-2", "on-2"):
        d = load(label, c)
        lat = d["latency_ms"]
        cpu = d["cpu"]["stack"].get("ms_per_checkout")
        rows[(label, c)] = (d["checkouts_per_second"], cpu, lat["complete"]["p50"], lat["complete"]["p99"],
                            lat["end-to-end"]["p50"], lat["end-to-end"]["p99"])
        r = rows[(label, c)]
        print(f"  {label:8} {r[0]:12.1f} {r[1]:16.1f} {r[2]:10.0f} /{r[3]:6.0f} {r[4]:11.0f} /{r[5]:6.0f}")
    for name, i in (("checkouts/s", 0), ("CPU ms/checkout", 1), ("complete p50", 2), ("complete p99", 3),
                    ("e2e p50", 4), ("e2e p99", 5)):
        on = statistics.mean(rows[(l, c)][i] for l in ("on-1", "on-2"))
        off = statistics.mean(rows[(l, c)][i] for l in ("off-1", "off-2"))
        print(f"  on/off {name:16} {on/off:5.2f}  (mean of two runs each: {on:.1f} vs {off:.1f})")
PY
