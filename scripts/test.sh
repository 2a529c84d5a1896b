#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing
# (PostgreSQL, Chromium, Node), starts a throwaway PostgreSQL server, then runs
# formatting and lint gates, every Rust test against SQLite *and* PostgreSQL,
# and the browser tests with axe-core.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# --- Install what is missing -------------------------------------------------
source scripts/lib.sh
step "Checking the machine"
pg_initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
ensure_packages "${pg_initdb:-/usr/lib/postgresql/none/bin/initdb}:postgresql" /usr/bin/chromium:chromium /usr/bin/xmllint:libxml2-utils \
  node:nodejs npm:npm python3:python3
python3 -c "import ensurepip, venv" 2>/dev/null || ensure_packages /nonexistent:python3-venv
pg_bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
command -v cargo-nextest >/dev/null 2>&1 || cargo install --locked cargo-nextest

# --- A throwaway PostgreSQL server ---------------------------------------------
pg_dir=$(mktemp -d /tmp/verbinding-pg.XXXXXX)
pg_port=${VERBINDING_TEST_PG_PORT:-55432}
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
stop_pg() { as_pg "$pg_bin/pg_ctl -D $pg_dir/data -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap stop_pg EXIT
step "Starting PostgreSQL on port $pg_port"
as_pg "$pg_bin/initdb -D $pg_dir/data -A trust -U postgres --no-sync" >/dev/null
as_pg "$pg_bin/pg_ctl -D $pg_dir/data -l $pg_dir/log -w -o \"-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300\" start" >/dev/null
export VERBINDING_TEST_POSTGRES="postgres://postgres@127.0.0.1:$pg_port/postgres"

# --- Gates ---------------------------------------------------------------------
step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# --- Rust tests on SQLite and PostgreSQL ----------------------------------------
step "Rust tests (unit, integration on SQLite and PostgreSQL, authorization matrix)"
cargo nextest run --workspace --no-fail-fast

# --- The OpenAPI document against the OpenAPI project's own validator ------------
step "OpenAPI 3.1 document (openapi-spec-validator)"
cargo build --quiet --bin verbinding
[ -x target/pyenv/bin/pip ] || python3 -m venv target/pyenv
if ! target/pyenv/bin/pip freeze 2>/dev/null | grep -qx 'openapi-spec-validator==0.7.1' \
  || ! target/pyenv/bin/pip freeze 2>/dev/null | grep -qx 'schemathesis==4.32.5'; then
  target/pyenv/bin/pip install --quiet --disable-pip-version-check openapi-spec-validator==0.7.1 schemathesis==4.32.5
fi
target/debug/verbinding openapi > target/openapi.json
target/pyenv/bin/openapi-spec-validator target/openapi.json

# --- The running server against its own OpenAPI document (schemathesis) ---------
# Every check and phase, a fixed seed, a few examples per operation, no baseline:
# the cross-field rules no JSON Schema can state are told to schemathesis by
# scripts/schemathesis_hooks.py.
step "schemathesis on SQLite"
st_dir=$(mktemp -d /tmp/verbinding-st.XXXXXX)
bash scripts/schemathesis.sh "sqlite://$st_dir/schemathesis.db" SQLite
rm -rf "$st_dir"
step "schemathesis on PostgreSQL"
as_pg "$pg_bin/psql -h 127.0.0.1 -p $pg_port -U postgres -qc 'CREATE DATABASE vb_schemathesis'" >/dev/null
bash scripts/schemathesis.sh "postgres://postgres@127.0.0.1:$pg_port/vb_schemathesis" PostgreSQL

# --- Browser tests ---------------------------------------------------------------
step "Browser tests (headless Chromium, axe-core)"
VERBINDING_BIN="$PWD/target/debug/verbinding" bash scripts/browser-tests.sh

step "All tests passed"
