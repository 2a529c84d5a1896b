#!/usr/bin/env bash
# Property-based API tests: a real `verbinding serve --demo` on a free port,
# and schemathesis with every check against the OpenAPI document it serves,
# authenticated as a demo coordinator and decision maker.
#
# Usage: scripts/schemathesis.sh DATABASE_URL LABEL
# Needs target/debug/verbinding and target/pyenv/bin/schemathesis (scripts/test.sh
# builds and installs both). The database is written to: give a throwaway one.
set -euo pipefail
cd "$(dirname "$0")/.."

url=$1
label=$2
# Bounded and repeatable: a fixed seed, a few examples per operation, one worker.
max_examples=${SCHEMATHESIS_MAX_EXAMPLES:-20}
seed=${SCHEMATHESIS_SEED:-20261202}

log_dir=$(mktemp -d /tmp/verbinding-schemathesis.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"

target/debug/verbinding serve --demo --listen "127.0.0.1:$port" --database "$url" >"$log_dir/server.log" 2>&1 &
server=$!
stop_server() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
trap stop_server EXIT

for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$log_dir/server.log" >&2; exit 1; }
  sleep 0.2
done

token() {
  curl -fsS -X POST -H 'content-type: application/json' \
    -d '{"email": "directeur@tfc.example", "password": "verbinding-demo-2026", "name": "schemathesis"}' \
    "$base/api/v1/tokens" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
bearer=$(token)

# The stateful phase chains real responses (an incident created, then its
# consultations answered, …); its requests follow the seed as far as the
# responses allow.
echo "schemathesis on $label ($base, seed $seed, at most $max_examples examples per operation)"
status=0
SCHEMATHESIS_HOOKS=scripts/schemathesis_hooks.py target/pyenv/bin/schemathesis --config-file scripts/schemathesis.toml run "$base/api/v1/openapi.json" \
  --checks all \
  --phases ${SCHEMATHESIS_PHASES:-examples,coverage,fuzzing,stateful} \
  --max-examples "$max_examples" \
  --seed "$seed" \
  --workers 1 \
  --request-timeout 30 \
  -H "Authorization: Bearer $bearer" || status=$?

# Writes by schemathesis must leave a working server.
curl -fsS "$base/readyz" >/dev/null
test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $bearer" "$base/api/v1/me")" = 200
if [ "$status" -ne 0 ]; then
  echo "schemathesis failed on $label; server log: $log_dir/server.log" >&2
  exit "$status"
fi
rm -rf "$log_dir"
