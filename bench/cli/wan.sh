#!/usr/bin/env bash
# Simulated WAN for the multiput benchmark (bench/cli/README.md): a private network namespace whose
# loopback is rate-limited with `tc qdisc … tbf` (netem is not available on these machines), and
# the server's latency fault on every request. Runs wan.mjs inside it for each link:
#   100 Mbit/s with 25 ms per request, 400 Mbit/s with 40 ms per request (override with LINKS).
# Needs root (ip netns, tc). The namespace is deleted on exit, also on error or Ctrl-C.
# Usage: sudo bash bench/cli/wan.sh [wan.mjs options, e.g. --runs 3 --sweep 2,4,8,16 --no-python]
#   env LINKS="100:25 400:40" (Mbit/s:ms pairs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ $(id -u) -ne 0 ]]; then
  echo "wan.sh: needs root (it creates a network namespace and a tc qdisc); run it with sudo" >&2
  exit 1
fi
for tool in ip tc; do
  command -v "$tool" >/dev/null || { echo "wan.sh: '$tool' is missing (apt-get install iproute2)" >&2; exit 1; }
done
ns="wcs-bench-wan-$$"
cleanup() { ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
if ! ip netns add "$ns" 2>/dev/null; then
  echo "wan.sh: cannot create a network namespace here (a container without CAP_SYS_ADMIN?)" >&2
  exit 1
fi
ip netns exec "$ns" ip link set lo up
for link in ${LINKS:-100:25 400:40}; do
  rate=${link%%:*}
  latency=${link##*:}
  # burst: at least two 64 KiB loopback packets, and ~5 ms of the rate (timer granularity).
  burst=$(( rate * 1000000 / 8 / 200 ))
  (( burst < 131072 )) && burst=131072
  if ! ip netns exec "$ns" tc qdisc replace dev lo root tbf rate "${rate}mbit" burst "$burst" latency 100ms; then
    echo "wan.sh: tc tbf is not available here" >&2
    exit 1
  fi
  echo "== $(ip netns exec "$ns" tc qdisc show dev lo)"
  ip netns exec "$ns" node "$here/wan.mjs" --rate-mbit "$rate" --latency-ms "$latency" "$@"
done
