#!/usr/bin/env bash
# Load benchmark (not a test, not in CI): wrk against the sandbox on loopback for 30 s, on a
# mix of reads (GET /member/query, GET /member/loyalty/point) and point changes
# (PUT /member/point, SEND 1 point, each with its own X-Business-Token, so every write is a
# real change and not an idempotent replay). Prints throughput and latency, then checks that
# no request failed and that the balance adds up: the balance equals the sum of the SEND
# records (read from the state the sandbox saves on shutdown), every record has a token of
# its own, the newest record carries the balance as totalPoint, and wrk's count of writes
# answered 204 is that number of records, less at most the writes still in flight when wrk
# stopped (one per connection).
#
# wrk comes from Debian's packages (apt-get install -y wrk) when it is missing.
# Environment: LOAD_DURATION (default 30s), LOAD_CONNECTIONS (default 32), LOAD_THREADS
# (default 2), LOAD_WRITE_EVERY (every Nth request is a write; default 4).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${LOAD_DURATION:-30s}
CONNECTIONS=${LOAD_CONNECTIONS:-32}
THREADS=${LOAD_THREADS:-2}
WRITE_EVERY=${LOAD_WRITE_EVERY:-4}
OUT=target/load
CLIENT_ID=load-client
CLIENT_SECRET="load-secret-$RANDOM$RANDOM"
mkdir -p "$OUT"
rm -f "$OUT/state.json"

if ! command -v wrk >/dev/null; then
    echo "-- installing wrk"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y wrk >/dev/null; }
fi

echo "-- building the sandbox (release)"
cargo build --quiet --release -p sandbox --bin crm-sandbox
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
target/release/crm-sandbox --listen "127.0.0.1:$PORT" --client-id "$CLIENT_ID" --client-secret "$CLIENT_SECRET" \
    --no-seed --state "$OUT/state.json" --save-interval 3600000 >"$OUT/sandbox.log" 2>&1 &
SANDBOX=$!
trap 'kill -TERM $SANDBOX 2>/dev/null; wait $SANDBOX 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -s -o /dev/null "$BASE/" && break
    sleep 0.1
done

AUTH=(-H "client_id: $CLIENT_ID" -H "client_secret: $CLIENT_SECRET")
MEMBER=$(curl -sf "${AUTH[@]}" -H 'Content-Type: application/json' -X POST "$BASE/member/register" \
    -d '{"memberType":"shuyun","channelType":"POS","customerNo":"load-member","mobile":"13500000000"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["memberId"])')
echo "-- member $MEMBER on $BASE; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, one write in $WRITE_EVERY requests"

cat >"$OUT/mix.lua" <<'LUA'
-- Reads and writes of one member; each write has a token of its own.
local member = os.getenv("LOAD_MEMBER")
local every = tonumber(os.getenv("LOAD_WRITE_EVERY"))
local nonce = os.getenv("LOAD_NONCE")
local threads = {}
tid, counter, writes, bad = 0, 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local auth = {
  ["client_id"] = os.getenv("LOAD_CLIENT_ID"),
  ["client_secret"] = os.getenv("LOAD_CLIENT_SECRET"),
}
local body = '{"memberId":"' .. member .. '","memberType":"shuyun","changeType":"SEND","point":1,'
  .. '"description":"load","channelType":"POS","KZZD3":"E0001"}'

function request()
  counter = counter + 1
  if counter % every == 0 then
    local headers = {
      ["client_id"] = auth.client_id,
      ["client_secret"] = auth.client_secret,
      ["Content-Type"] = "application/json",
      ["X-Business-Token"] = string.format("load-%s-%d-%d", nonce, tid, counter),
    }
    return wrk.format("PUT", "/member/point", headers, body)
  elseif counter % 2 == 0 then
    return wrk.format("GET", "/member/query?memberType=shuyun&memberId=" .. member, auth)
  else
    return wrk.format("GET", "/member/loyalty/point?memberType=shuyun&memberId=" .. member, auth)
  end
end

function response(status, headers, body)
  if status == 204 then
    writes = writes + 1
  elseif status ~= 200 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local w, b = 0, 0
  for _, thread in ipairs(threads) do
    w = w + thread:get("writes")
    b = b + thread:get("bad")
  end
  io.write(string.format("RESULT requests=%d rps=%.1f writes_ok=%d bad_status=%d socket_errors=%d timeouts=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.requests / (summary.duration / 1e6), w, b,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

LOAD_MEMBER=$MEMBER LOAD_WRITE_EVERY=$WRITE_EVERY LOAD_NONCE="$(date +%s)" \
LOAD_CLIENT_ID=$CLIENT_ID LOAD_CLIENT_SECRET=$CLIENT_SECRET \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/mix.lua" "$BASE" | tee "$OUT/wrk.txt"

RESULT=$(grep '^RESULT' "$OUT/wrk.txt")
value() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$RESULT"; }
WRITES=$(value writes_ok)
BAD=$(value bad_status)
ERRORS=$(value socket_errors)
BALANCE=$(curl -sf "${AUTH[@]}" "$BASE/member/loyalty/point?memberType=shuyun&memberId=$MEMBER" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["point"])')
NEWEST=$(curl -sf "${AUTH[@]}" "$BASE/member/point/records?memberType=shuyun&memberId=$MEMBER&pageSize=1" |
    python3 -c 'import json,sys; r = json.load(sys.stdin); print(r[0]["totalPoint"] if r else 0)')

# The state, saved by the sandbox as it shuts down, is the ground truth.
kill -TERM "$SANDBOX"
wait "$SANDBOX" || true
trap - EXIT
read -r RECORDS SUM TOKENS LOTS < <(python3 - "$OUT/state.json" "$MEMBER" <<'PY'
import json, sys
state = json.load(open(sys.argv[1]))["state"]
account = state["members"][sys.argv[2]]["accounts"]["POINT"]
sends = [r["record"] for r in account["records"] if r["record"]["changeType"] == "SEND"]
print(len(sends), sum(r["point"] for r in sends), len({r["traceId"] for r in sends}), sum(l["amount"] for l in account["lots"]))
PY
)

echo "-- throughput $(value rps) req/s, p50 $(value p50_ms) ms, p99 $(value p99_ms) ms, max $(value max_ms) ms"
echo "-- writes answered 204 (wrk): $WRITES; SEND records: $RECORDS (distinct tokens: $TOKENS, points: $SUM)"
echo "-- balance: $BALANCE (API), $LOTS (saved state); newest record's totalPoint: $NEWEST"
FAILED=0
if [ "$BAD" != 0 ] || [ "$ERRORS" != 0 ]; then
    echo "FAIL: $BAD answers were neither 200 nor 204, $ERRORS socket errors"
    FAILED=1
fi
if [ "$BALANCE" != "$SUM" ] || [ "$LOTS" != "$SUM" ] || [ "$NEWEST" != "$SUM" ] || [ "$TOKENS" != "$RECORDS" ]; then
    echo "FAIL: the balance does not add up"
    FAILED=1
fi
if [ "$RECORDS" -lt "$WRITES" ] || [ "$RECORDS" -gt $((WRITES + CONNECTIONS)) ]; then
    echo "FAIL: $RECORDS changes recorded for $WRITES writes answered (at most $CONNECTIONS in flight at the end)"
    FAILED=1
fi
[ "$FAILED" = 0 ] && echo "load: OK (zero errors; the balance adds up)"
exit "$FAILED"
