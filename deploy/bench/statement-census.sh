#!/usr/bin/env bash
# What one checkout asks of PostgreSQL: starts the local stack on a fresh data directory with pg_stat_statements
# loaded, warms it up under AGENTS agents (default 16) for WARMUP s (default 120), resets the statistics, runs the
# benchmark for DURATION s (default 40) and prints, per completed checkout, the statements, the transactions and the
# statements with most calls. Needs the built stack (./mvnw -B -q -DskipTests install), psql, and nothing on the
# stack's ports. Asserts nothing.
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-target/bench/census}; mkdir -p "$OUT"
AGENTS=${AGENTS:-16}; WARMUP=${WARMUP:-120}; DURATION=${DURATION:-40}; TOP=${TOP:-30}
PGPORT=${ACP_LOCAL_PG_PORT:-54329}
JAR=deploy/target/acp-local-stack-exec.jar
DATA=$(mktemp -d "${TMPDIR:-/tmp}/acp-census.XXXXXX")
SQL=(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d acp -Atq)
PRIO=(); [ "$(id -u)" = 0 ] && PRIO=(nice -n -10) # the generator above the stack's priority (ADR 0042)
BENCH=("${PRIO[@]}" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$JAR"
  -Dloader.main=org.acpmerchant.deploy.CheckoutBenchmark org.springframework.boot.loader.launch.PropertiesLauncher
  --pid-pattern 'acp-local-stack-exec.jar|embedded-pg' --progress 0 --agents "$AGENTS")

start() { # the stack on $DATA, keeping its database between starts
  ACP_LOCAL_DATA_DIR=$DATA ACP_LOCAL_KEEP_DATA=true java -jar "$JAR" > "$OUT/stack-$1.log" 2>&1 &
  STACK=$!
  for _ in $(seq 1 180); do grep -q "local stack ready" "$OUT/stack-$1.log" && return 0; sleep 1; done
  echo "the stack did not start: $OUT/stack-$1.log"; kill $STACK; exit 1
}
stop() { kill "$STACK"; wait "$STACK" 2>/dev/null; }

start first
"${SQL[@]}" -c "alter system set shared_preload_libraries = 'pg_stat_statements'"
stop
start census
"${SQL[@]}" -c "create extension if not exists pg_stat_statements"
curl -s -o /dev/null -X POST "http://127.0.0.1:${PRICING_PORT:-8081}/merchant/catalog/variants/ebook-trail-guide/stock" \
  -H "Authorization: Bearer merchant_local_token" -H "Content-Type: application/json" -d '{"on_hand": 1000000}'
echo "warm-up: $AGENTS agents for $WARMUP s"
"${BENCH[@]}" --warmup "$WARMUP" --duration 5 > "$OUT/warmup.txt" 2>&1
"${SQL[@]}" -c "select pg_stat_statements_reset()" > /dev/null
commits0=$("${SQL[@]}" -c "select sum(xact_commit + xact_rollback) from pg_stat_database where datname = 'acp'")
"${BENCH[@]}" --warmup 0 --duration "$DURATION" > "$OUT/run.txt" 2>&1
commits1=$("${SQL[@]}" -c "select sum(xact_commit + xact_rollback) from pg_stat_database where datname = 'acp'")
grep -E "completed checkouts/s|CPU over|checkouts:" "$OUT/run.txt"
checkouts=$(sed -n 's/^checkouts: \([0-9]*\) passed.*/\1/p' "$OUT/run.txt")
[ -n "$checkouts" ] && [ "$checkouts" -gt 0 ] || { echo "no completed checkout: $OUT/run.txt"; stop; exit 1; }
echo
echo "per completed checkout ($checkouts in ${DURATION} s):"
"${SQL[@]}" -F ' ' -c "select round(sum(calls)::numeric / $checkouts, 1), round(sum(total_exec_time)::numeric / $checkouts, 2)
    from pg_stat_statements where query not like '%pg_stat_statements%'" \
  | awk '{print "  statements " $1 ", their execution " $2 " ms"}'
echo "  transactions $(( (commits1 - commits0) / checkouts )) (pg_stat_database, every client of the database)"
echo
echo "by what issues them, per checkout (calls, execution ms, kind):"
"${SQL[@]}" -F ' | ' -c "select to_char(sum(calls)::numeric / $checkouts, 'FM990.0'),
    to_char(sum(total_exec_time) / $checkouts, 'FM990.00'), kind from (select calls, total_exec_time, case
      when query in ('BEGIN', 'COMMIT', 'ROLLBACK') then 'transaction control'
      when query like 'SELECT global_index%FROM domain_event_entry%' then 'event-store reads (tracking processors)'
      when query like 'SELECT min(global_index)%' then 'event-store gap checks after an empty read'
      when query like '%token_entry%' then 'processor tokens and claims'
      when query like 'INSERT INTO domain_event_entry%' then 'event appends'
      when query like '%FROM domain_event_entry WHERE aggregate_identifier%'
        or query like '%snapshot_event_entry%' then 'aggregate loads and snapshots'
      when query like 'select coalesce(%' then 'the session-lookup index expression, per append'
      when query like '%session_view%' then 'session view'
      when query like '%association_value_entry%' or query like '%saga_entry%' then 'saga store'
      when query like '%webhook_%' or query like '%order_view%' then 'order view and webhook outbox'
      when query like '%inbox_message%' then 'Kafka inbox'
      when query like '%idempotency_record%' then 'idempotency records'
      when query like '%scheduled_tasks%' then 'db-scheduler (deadlines)'
      when query like '%stock_%' or query like '%catalog_%' or query like '%discount%' then 'pricing: catalog and stock'
      else 'other' end as kind from pg_stat_statements where query not like '%pg_stat_statements%') k
    group by kind order by sum(calls) desc" | sed 's/^/  /'
echo
echo "the $TOP statements with most calls, per checkout (calls, execution ms, statement):"
"${SQL[@]}" -F ' | ' -c "select to_char(calls::numeric / $checkouts, 'FM990.0'), to_char(total_exec_time / $checkouts, 'FM990.00'),
    left(regexp_replace(query, '\s+', ' ', 'g'), 110) from pg_stat_statements
    where query not like '%pg_stat_statements%' order by calls desc limit $TOP" | sed 's/^/  /'
stop
rm -rf "$DATA"
