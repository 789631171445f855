#!/usr/bin/env bash
# Starts a real Prometheus (Debian's `prometheus` package) against the running local stack, lets it scrape the four
# services, and checks that every metric the alert rules and the dashboard refer to exists there, and that every
# expression evaluates. Usage: deploy/observability/check-against-stack.sh [gateway-port=8080]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
gateway="${1:-8080}"
ports=("$gateway" "$((gateway + 1))" "$((gateway + 2))" "$((gateway + 3))")
token="${ACP_LOCAL_AGENT_TOKEN:-acp_local_test_token}"
work="$(mktemp -d)"
trap 'kill "${prom_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
if ! command -v prometheus >/dev/null; then # Debian's prometheus, fetched into the tools cache the first time
  PATH="$(dirname "$(bash "$here/../k8s/check/tools.sh" | sed -n 's/^PROMTOOL=//p')"):$PATH"
fi

{
  echo "global: {scrape_interval: 2s}"
  echo "scrape_configs:"
  for p in "${ports[@]}"; do
    echo "  - job_name: port-$p"
    echo "    metrics_path: /actuator/prometheus"
    echo "    static_configs: [{targets: ['127.0.0.1:$p']}]"
  done
} > "$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address=127.0.0.1:19090 > "$work/prometheus.log" 2>&1 &
prom_pid=$!

# A few checkouts and one refused request, so that every series has been written at least once.
for i in 1 2 3; do
  id=$(curl -s -X POST "http://127.0.0.1:$gateway/checkout_sessions" -H "Authorization: Bearer $token" \
    -H "API-Version: 2026-04-17" -H "Content-Type: application/json" -H "Idempotency-Key: obs-$$-$i" \
    -d '{"currency":"usd","capabilities":{},"line_items":[{"id":"ebook-trail-guide","quantity":1}]}' \
    | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
  curl -s -o /dev/null -X POST "http://127.0.0.1:$gateway/checkout_sessions/$id/complete" \
    -H "Authorization: Bearer $token" -H "API-Version: 2026-04-17" -H "Content-Type: application/json" \
    -H "Idempotency-Key: obs-$$-$i-c" \
    -d '{"payment_data":{"handler_id":"card_tokenized","instrument":{"type":"card","credential":{"type":"spt","token":"spt_test_success"}}}}'
done
curl -s -o /dev/null "http://127.0.0.1:$gateway/checkout_sessions/x"
sleep 12

query() { curl -s --get "http://127.0.0.1:19090/api/v1/query" --data-urlencode "query=$1"; }

metrics=$(cat "$here/prometheus/acp-alerts.rules.yml" "$here/grafana/acp-checkout-dashboard.json" \
  | grep -oE '\b(acp_[a-z_]+|http_server_requests_seconds_[a-z]+|payment_stripe_requests_seconds_[a-z]+|spring_kafka_listener_seconds_[a-z]+)\b' \
  | grep -vx 'acp_version' | sort -u) # acp_version is a label
missing=0
for m in $metrics; do
  n=$(query "count($m)" | sed -n 's/.*"value":\[[^,]*,"\([0-9]*\)"\].*/\1/p')
  if [ -z "$n" ]; then echo "MISSING  $m"; missing=$((missing + 1)); else echo "ok       $m ($n series)"; fi
done

exprs=$(python3 - "$here" <<'PY'
import json, re, sys
here = sys.argv[1]
text = open(here + "/prometheus/acp-alerts.rules.yml").read()
for block in re.findall(r"expr: \|\n((?:\s{10,}.*\n)+)|expr: (.*)\n", text):
    print(" ".join((block[0] or block[1]).split()))
for panel in json.load(open(here + "/grafana/acp-checkout-dashboard.json"))["panels"]:
    for t in panel["targets"]:
        print(t["expr"].replace("$__rate_interval", "1m"))
PY
)
bad=0
while IFS= read -r e; do
  status=$(query "$e" | sed -n 's/^{"status":"\([a-z]*\)".*/\1/p')
  if [ "$status" != "success" ]; then echo "ERROR    $e"; bad=$((bad + 1)); fi
done <<< "$exprs"
echo "$(echo "$metrics" | wc -w) metrics referenced, $missing missing; $(echo "$exprs" | wc -l) expressions, $bad failing"
[ "$missing" -eq 0 ] && [ "$bad" -eq 0 ]
