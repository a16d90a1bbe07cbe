#!/usr/bin/env bash
# Contract test: schemathesis runs every operation of spec/openapi.yaml against the running
# sandbox (release build, a free loopback port, known credentials) with all of its checks,
# negative_data_rejection included. It fails on any 5xx, any response that breaks the spec, a crash of
# the sandbox, and any failure that is not in sandbox/contract-baseline.json (the accepted
# failures: rules OpenAPI 3.0 cannot express, x-require-any-of, each with its reason; see the
# README).
#
# negative_data_rejection passes since the generated server checks the rules of list items
# and map values (`projectIds` of POST /offer/project/list, each at most 32 long) and refuses a
# required nullable key missing; text fields take only strings, `null` only where declared.
#
# Environment: CONTRACT_MAX_EXAMPLES (default 80), CONTRACT_SEED (default 20240601),
# CONTRACT_WORKERS (default 2), CONTRACT_CHECKS (a --checks list instead of the default);
# CARGO_TARGET_DIR is honoured (the release binary is looked up there).
set -euo pipefail
cd "$(dirname "$0")/.."

ST_VERSION=4.32.5
VENV=target/contract-venv
OUT=target/contract
MAX_EXAMPLES=${CONTRACT_MAX_EXAMPLES:-80}
SEED=${CONTRACT_SEED:-20240601}
WORKERS=${CONTRACT_WORKERS:-2}
CLIENT_ID=contract-client
CLIENT_SECRET="contract-secret-$RANDOM$RANDOM"
mkdir -p "$OUT"

# (a) schemathesis, pinned, in a venv under target/.
if ! "$VENV/bin/st" --version 2>/dev/null | grep -qF "$ST_VERSION"; then
    echo "-- installing schemathesis $ST_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

# (b) the sandbox, release build, on a free loopback port; every answer is also checked
# against the spec by the generated server (--validate-responses: a violation answers 500).
echo "-- building the sandbox (release)"
cargo build --quiet --release -p sandbox --bin crm-sandbox
BIN="${CARGO_TARGET_DIR:-target}/release/crm-sandbox"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
LOG="$OUT/sandbox.log"
"$BIN" --listen "127.0.0.1:$PORT" --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" \
    --validate-responses >"$LOG" 2>&1 &
SANDBOX=$!
stop_sandbox() {
    if kill -0 "$SANDBOX" 2>/dev/null; then
        kill -TERM "$SANDBOX" 2>/dev/null || true
        wait "$SANDBOX" 2>/dev/null || true
    fi
}
trap stop_sandbox EXIT
for _ in $(seq 1 100); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $PORT), 0.2).close()" 2>/dev/null; then
        break
    fi
    kill -0 "$SANDBOX" 2>/dev/null || { echo "the sandbox did not start:"; cat "$LOG"; exit 1; }
    sleep 0.1
done
echo "-- sandbox pid $SANDBOX on 127.0.0.1:$PORT"

if [ -n "${CONTRACT_CHECKS:-}" ]; then
    CHECKS=(--checks "$CONTRACT_CHECKS")
else
    CHECKS=(--checks all)
fi

# (c) every operation, every check, a fixed seed (reproducible; override with CONTRACT_SEED).
set +e
"$VENV/bin/st" run spec/openapi.yaml \
    --url "http://127.0.0.1:$PORT" \
    -H "client_id: $CLIENT_ID" -H "client_secret: $CLIENT_SECRET" \
    "${CHECKS[@]}" \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$SEED" \
    --workers "$WORKERS" \
    --request-timeout 10 \
    --baseline sandbox/contract-baseline.json \
    --report junit --report-dir "$OUT" \
    --no-color
STATUS=$?
set -e

# (d) the summary is schemathesis' own (above); then the sandbox must still be alive, must not
# have panicked, and must stop cleanly.
if ! kill -0 "$SANDBOX" 2>/dev/null; then
    echo "FAIL: the sandbox crashed during the run; its log:"
    tail -50 "$LOG"
    exit 1
fi
if grep -E "panicked|the response breaks the spec|request failed" "$LOG" >/dev/null; then
    echo "FAIL: the sandbox logged failures:"
    grep -E "panicked|the response breaks the spec|request failed" "$LOG" | head -20
    STATUS=1
fi
stop_sandbox
trap - EXIT
if [ "$STATUS" -ne 0 ]; then
    echo "FAIL: schemathesis found failures (exit $STATUS); report in $OUT"
    exit "$STATUS"
fi
echo "contract: OK (seed $SEED, at most $MAX_EXAMPLES examples per operation and phase)"
