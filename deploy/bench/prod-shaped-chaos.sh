#!/usr/bin/env bash
# Chaos on the production-shaped run (deploy/README.md): the four service jars as separate processes, two replicas
# each, on the machine's PostgreSQL (127.0.0.1:5432, database acp_shaped) and a broker in a process of its own.
# Two agents' worth of load, one per gateway replica (an open model, RATE checkouts/s each for DURATION s), while
# every KILL_EVERY s a random service process is killed with kill -9 (the run starts it again, as Kubernetes would);
# a third of the way in the broker is stopped for 10 s and started again (its log kept), two thirds of the way in
# the machine's PostgreSQL is restarted (pg_ctlcluster). Then the nothing-lost checks on the database, and the order
# of each order's webhooks as the agent's receiver verified them. Prints figures; asserts nothing.
# Needs the built jars (./mvnw -B -q -DskipTests install) and nothing on ports 8180-8283, 9180-9283.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-target/bench/prod-shaped}; mkdir -p "$OUT"
RATE=${RATE:-2}; DURATION=${DURATION:-120}; KILL_EVERY=${KILL_EVERY:-8}
JAR=deploy/target/acp-local-stack-exec.jar
run_main() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$JAR" -Dloader.main="$1" \
  org.springframework.boot.loader.launch.PropertiesLauncher "${@:2}"; }

echo "### starting the production-shaped run (8 service processes, a broker process)"
run_main org.acpmerchant.deploy.ProductionShapedRun > "$OUT/run.log" 2>&1 &
RUN=$!
trap 'kill $RUN 2>/dev/null; wait $RUN 2>/dev/null' EXIT
for _ in $(seq 1 400); do grep -q "production-shaped run ready" "$OUT/run.log" && break
  kill -0 $RUN 2>/dev/null || { echo "it did not start:"; tail -5 "$OUT/run.log"; exit 1; }; sleep 1; done
grep "production-shaped run ready" "$OUT/run.log" || { echo "not ready in time"; exit 1; }

echo "### load: ${RATE}/s on each gateway for ${DURATION} s; kill -9 of a random service process every ${KILL_EVERY} s"
for g in 8180 8280; do
  run_main org.acpmerchant.deploy.CheckoutBenchmark --base "http://127.0.0.1:$g" --rate "$RATE" --warmup 0 \
    --duration "$DURATION" --timeout 20 --progress 0 --json "$OUT/load-$g.json" > "$OUT/load-$g.txt" 2>&1 &
done
kills=0
start=$SECONDS
end=$((SECONDS + DURATION))
broker_done=0; db_done=0
while [ $SECONDS -lt $end ]; do
  sleep "$KILL_EVERY"
  if [ $broker_done = 0 ] && [ $((SECONDS - start)) -ge $((DURATION / 3)) ]; then
    echo "  $(date +%T) broker: stop, 10 s, start"; touch deploy/target/prod-shaped/restart-broker; broker_done=1
  fi
  if [ $db_done = 0 ] && [ $((SECONDS - start)) -ge $((2 * DURATION / 3)) ]; then
    echo "  $(date +%T) PostgreSQL: restart"; pg_ctlcluster 15 main restart -m fast && db_done=1
  fi
  victim=$(pgrep -f -- '-SNAPSHOT-exec.jar' | shuf -n 1)
  [ -n "$victim" ] || continue
  echo "  $(date +%T) kill -9 $victim ($(tr '\0' ' ' < /proc/$victim/environ 2>/dev/null | grep -o 'ACP_INSTANCE_ID=[^ ]*'))"
  kill -9 "$victim" && kills=$((kills + 1))
done
wait $(jobs -p | grep -v "^$RUN$") 2>/dev/null
echo "processes killed: $kills; restarts seen: $(grep -c 'starting it again' "$OUT/run.log")"
for g in 8180 8280; do echo "gateway $g:"; grep -E "completed checkouts/s|^complete |^end-to-end|checkouts:|errors:|^  " "$OUT/load-$g.txt" | head -12; done

echo "### after 60 s to settle: nothing lost (every count of the second table must be 0)"
sleep 60
psql -h 127.0.0.1 -U postgres -d acp_shaped -f deploy/bench/nothing-lost.sql
psql -h 127.0.0.1 -U postgres -d acp_shaped -c "select status, count(*) from checkout.session_view group by 1 order by 1"
grep -E "broker (stopping|back)" deploy/target/prod-shaped/infrastructure.log
echo "### the agent's receiver: each order's webhooks in order (order_create first, once)"
python3 - deploy/target/prod-shaped/infrastructure.log <<'PY'
import re, sys
seen = {}
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"\[agent webhook\] verified (\S+) order=(\S+) status=\S* request_id=(\S+)", line)
    if m:
        types = seen.setdefault(m.group(2), [])
        if (m.group(1), m.group(3)) not in types:  # a redelivery of the same Request-Id is the same event
            types.append((m.group(1), m.group(3)))
bad = [o for o, types in seen.items()
       if types[0][0] != "order_create" or [t for t, _ in types].count("order_create") != 1]
print(f"orders seen by the agent: {len(seen)}; distinct deliveries: {sum(map(len, seen.values()))}; "
      f"orders whose first webhook was not order_create, or with two different order_create: {len(bad)}")
PY
