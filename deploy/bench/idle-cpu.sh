#!/usr/bin/env bash
# The running local stack at rest: its JVM's and PostgreSQL's CPU over WINDOW seconds (default 60), and the JVM's
# threads that used it, grouped (JIT, Kafka broker and clients, Axon processors, ...), from two jstack snapshots.
# Start the stack, leave it alone for a few minutes (the JIT keeps compiling), then run this from the repository root.
# TOP (default 20) is how many thread groups to list. STACK_PATTERN (default acp-local-stack-exec.jar) picks the stack
# by its command line, e.g. a copy of the jar kept for an A/B.
set -euo pipefail
WINDOW=${WINDOW:-60}
TOP=${TOP:-20}
PID=$(pgrep -f "${STACK_PATTERN:-acp-local-stack-exec.jar}" | head -1) || { echo "no local stack running"; exit 1; }
threads() { jstack "$PID" | grep -E '^"' | sed -E 's/^"([^"]+)".* cpu=([0-9.]+)ms.*/\2 \1/'; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# The stack's own PostgreSQL: the postmaster serving PGPORT (the local stack's 54329) and its children, not another
# server on the machine (a shared PostgreSQL on 5432 busy with someone's tests would count otherwise).
PGPORT=${ACP_LOCAL_PG_PORT:-54329}
POSTMASTER=$(pgrep -f "postgres -D .* -p $PGPORT" | head -1 || true)
pg() { for p in $POSTMASTER $(pgrep -P "${POSTMASTER:-0}" || true); do awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null; done | awk '{s+=$1} END {print s+0}'; }
HZ=$(getconf CLK_TCK)
before=$(mktemp); after=$(mktemp)
threads > "$before"; c1=$(ticks "$PID"); p1=$(pg)
sleep "$WINDOW"
threads > "$after"; c2=$(ticks "$PID"); p2=$(pg)
awk -v hz="$HZ" -v w="$WINDOW" -v c=$((c2 - c1)) -v p=$((p2 - p1)) 'BEGIN {
  printf "JVM %.2f s of CPU in %d s = %.1f%% of one core; PostgreSQL processes %.2f s = %.1f%%; together %.1f%%\n",
    c/hz, w, 100*c/hz/w, p/hz, 100*p/hz/w, 100*(c+p)/hz/w }'
python3 - "$before" "$after" "$TOP" <<'PY'
import re, sys
def load(path):
    d = {}
    for line in open(path):
        ms, _, name = line.strip().partition(' ')
        try:
            d[name] = d.get(name, 0) + float(ms)
        except ValueError:
            pass
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
groups = {}
for name, ms in b.items():
    group = re.sub(r'[-#]?\d+(-\d+)*', '#', name)
    groups[group] = groups.get(group, 0) + ms - a.get(name, 0)
jit = sum(ms for g, ms in groups.items() if 'CompilerThread' in g)
print(f"JVM threads {sum(groups.values()):.0f} ms, of which the JIT's compiler threads {jit:.0f} ms")
print("JVM threads (ms of CPU in the window, grouped by name):")
for group, ms in sorted(groups.items(), key=lambda t: -t[1])[:int(sys.argv[3])]:
    print(f"{ms:8.0f}  {group}")
PY
rm -f "$before" "$after"
