#!/usr/bin/env bash
# Integration test of `load` against real Redis and PostgreSQL on loopback (a few seconds of load).
# Needs REDIS_URL and POSTGRES_URL (eval "$(scripts/services.sh start)" sets them). Prints one line
# per check ("ok - ..." / "not ok - ...") and exits non-zero if any check failed.
set -uo pipefail
cd "$(dirname "$0")/.."
: "${REDIS_URL:?set REDIS_URL (eval \"\$(scripts/services.sh start)\")}"
: "${POSTGRES_URL:?set POSTGRES_URL (eval \"\$(scripts/services.sh start)\")}"
BB_SERVICES_DIR=${BB_SERVICES_DIR:-${TMPDIR:-/tmp}/backfill-bench-services}

KEYS=20000
TABLE=bb_source_ci
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
check() { # description, then a command; the command's status decides
  local what=$1; shift
  if "$@" >"$work/last.out" 2>"$work/last.err"; then echo "ok - $what"; else
    echo "not ok - $what"; sed 's/^/    /' "$work/last.err" | tail -5; fails=$((fails + 1)); fi
}
cli() { npm run -s cli -- "$@"; }
load() { cli load --keys "$KEYS" --table "$TABLE" --redis "$REDIS_URL" --postgres "$POSTGRES_URL" --no-progress "$@"; }
json() { node -e "$1" "$work/$2"; }
keys_text=$(node -e 'console.log(Number(process.argv[1]).toLocaleString("en-US"))' "$KEYS")

seed() { # expected summary text
  cli load seed --postgres "$POSTGRES_URL" --table "$TABLE" --keys "$KEYS" >"$work/seed.out" || return 1
  grep -qF "$1" "$work/seed.out" || { echo "seed said: $(cat "$work/seed.out")" >&2; return 1; }
}
check "seed creates and fills the table" seed "$keys_text keys"
check "seed again changes nothing (idempotent)" seed "(0 inserted, 0 updated, $keys_text unchanged"

refused() { # message regexp, then the full load arguments
  local re=$1; shift
  local t0=$SECONDS
  cli load --duration 1s --no-progress "$@" >"$work/refused.out" 2>"$work/refused.err"
  local s=$?
  [ $s -eq 2 ] || { echo "exit $s, expected 2: $(cat "$work/refused.err")" >&2; return 1; }
  [ "$(wc -l <"$work/refused.err")" -eq 1 ] || { echo "not one line: $(cat "$work/refused.err")" >&2; return 1; }
  grep -Eq "$re" "$work/refused.err" || { echo "message: $(cat "$work/refused.err")" >&2; return 1; }
  [ ! -s "$work/refused.out" ] && [ $((SECONDS - t0)) -lt 30 ]
}
check "a table that does not match the key space is refused, saying how to seed it" \
  refused 'seed it with: npm run -s cli -- load seed' --keys 30000 --table "$TABLE" --redis "$REDIS_URL" --postgres "$POSTGRES_URL"
check "connection refused: one line, exit 2" refused 'ECONNREFUSED' --keys "$KEYS" --table "$TABLE" --redis redis://127.0.0.1:1 --postgres "$POSTGRES_URL"
check "bad password: one line, exit 2" refused 'password authentication failed' --keys "$KEYS" --table "$TABLE" --redis "$REDIS_URL" --postgres "${POSTGRES_URL/:bench@/:wrong@}"
check "non-loopback URL refused" refused 'not a loopback address' --keys "$KEYS" --table "$TABLE" --redis redis://10.255.255.1:6379 --postgres "$POSTGRES_URL"

# A short run of both strategies: complete, decisions equal the simulator's, client counters equal
# the servers' own.
run_ok() {
  load --strategies none,lru-backfill --duration 2s --rate 500 --format json --out "$work/run" >"$work/run.json" 2>"$work/run.err" \
    || { cat "$work/run.err" >&2; return 1; }
  json '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const bad = [];
    if (d.status !== "complete") bad.push("status " + d.status);
    if (d.results.length !== 2) bad.push(d.results.length + " results");
    for (const r of d.results) {
      const l = r.live, s = l.server;
      if (!r.decisionsMatchSimulator) bad.push(r.strategy + ": decisions differ from the simulator");
      if (l.errors + l.timeouts > 0) bad.push(r.strategy + ": errors/timeouts");
      if (l.achievedRate < 0.8 * l.targetRate) bad.push(r.strategy + ": achieved " + l.achievedRate);
      if (l.hitRatio <= 0 || Math.abs(l.hitRatio - r.simulator.hitRatio) > 0.05) bad.push(r.strategy + ": hit ratio " + l.hitRatio + " vs " + r.simulator.hitRatio);
      if (!s.source || s.source.rowsFetched !== l.sourceRows) bad.push(r.strategy + ": pg rows " + (s.source && s.source.rowsFetched) + " vs client " + l.sourceRows);
      if (s.cacheCommandsTotal !== l.cacheCommandsTotal) bad.push(r.strategy + ": redis commands " + s.cacheCommandsTotal + " vs client " + l.cacheCommandsTotal);
      if (l.wrongValues !== 0) bad.push(r.strategy + ": wrong values");
      // The pool: every source call measured, as many as the client sent; within the pool size; the
      // model replaying the measured query times with c = the pool size serves every call.
      const p = l.pool, m = r.poolReplay && r.poolReplay.figures;
      if (!p || p.calls !== l.sourceQueries) bad.push(r.strategy + ": pool calls " + (p && p.calls) + " vs sent " + l.sourceQueries);
      else {
        if (!(l.poolMaxInUse >= 1 && l.poolMaxInUse <= p.poolSize)) bad.push(r.strategy + ": connections in use " + l.poolMaxInUse);
        if (!(p.serviceMs.mean > 0) || !(p.utilisation > 0 && p.utilisation <= 1)) bad.push(r.strategy + ": pool service " + p.serviceMs.mean + ", utilisation " + p.utilisation);
        if (!m || m.calls !== p.calls || m.waitTimeouts !== 0 || !/^(fits|model (under|over))/.test(r.poolReplayVerdict)) bad.push(r.strategy + ": pool model " + JSON.stringify(m && m.calls) + " " + r.poolReplayVerdict);
      }
    }
    if (bad.length) { console.error(bad.join("\n")); process.exit(1); }' run.json
}
check "2 s at 500/s of none and lru-backfill against Redis and PostgreSQL: complete, cross-checks agree, every source call measured in the pool and replayed by the model" run_ok

# Freshness, live (issue 14): writes at the source as UPDATEs of the version column, TTLs as SET PX,
# write modes invalidate (DEL) and none; complete, every cross-check agrees (the strategy's stale
# reads equal the simulator's, UPDATEs equal the table's n_tup_upd, rows read plus UPDATEs equal the
# rows PostgreSQL fetched, client commands equal Redis's), stale reads measured live beside the
# simulator's: none with invalidate but for races (at most 5 % of reads), close to the simulator's
# ratio with mode none.
fresh_run() { # write mode, then the output name
  load --strategies ttl --ttl 2s --writes 200/s --write-mode "$1" --duration 3s --rate 500 --format json --out "$work/$2" >"$work/$2.json" 2>"$work/$2.err" \
    || { cat "$work/$2.err" >&2; return 1; }
  MODE=$1 json '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const bad = [];
    if (d.status !== "complete") bad.push("status " + d.status);
    for (const r of d.results) {
      const l = r.live, f = l.freshness, s = r.simulator.freshness;
      if (!f || !s) { bad.push(r.strategy + ": no freshness figures"); continue; }
      if (l.failedChecks.length) bad.push(r.strategy + ": " + l.failedChecks.join("; "));
      if (!r.decisionsMatchSimulator) bad.push(r.strategy + ": decisions differ");
      if (!(f.writes > 300)) bad.push(r.strategy + ": writes " + f.writes);
      if (f.writeErrors !== 0) bad.push(r.strategy + ": write errors " + f.writeErrors);
      if (l.server.source.rowsUpdated !== f.writes) bad.push(r.strategy + ": n_tup_upd " + l.server.source.rowsUpdated + " vs " + f.writes);
      if (!(f.ttlSets > 0)) bad.push(r.strategy + ": no SET PX");
      if (f.decidedStaleReads !== s.staleReads) bad.push(r.strategy + ": decided stale " + f.decidedStaleReads + " vs sim " + s.staleReads);
      if (process.env.MODE === "invalidate") {
        if (f.dels !== f.writes) bad.push(r.strategy + ": DELs " + f.dels + " for " + f.writes + " writes");
        if (s.staleReads !== 0 || f.staleReadRatio > 0.05) bad.push(r.strategy + ": stale " + f.staleReadRatio + " (sim " + s.staleReads + ")");
      } else {
        if (f.dels !== 0 || !(s.staleReads > 0) || !(f.staleReads > 0)) bad.push(r.strategy + ": mode none dels " + f.dels + ", stale " + f.staleReads + " / sim " + s.staleReads);
        if (Math.abs(f.staleReadRatio - s.staleReadRatio) > 0.05) bad.push(r.strategy + ": stale ratio " + f.staleReadRatio + " vs sim " + s.staleReadRatio);
      }
    }
    if (bad.length) { console.error(bad.join("\n")); process.exit(1); }' "$2.json"
}
check "freshness: writes as UPDATEs (version column), TTLs as SET PX, invalidate = DEL; cross-checks agree, stale reads only from races" fresh_run invalidate fresh-invalidate
check "freshness: write mode none: stale reads measured live, close to the simulator's ratio" fresh_run none fresh-none

# Redis evicting by itself (maxmemory + allkeys-lru, then allkeys-lfu): complete, about `capacity`
# keys held (255 .. 360: maxmemory is corrected every 250 ms, so a loaded machine can end a period
# off), client hits equal the server's keyspace_hits, close to exact LRU / LFU; settings put back.
redis_evicts() {
  local port=${REDIS_URL##*:} before after
  before=$(redis-cli -p "$port" config get 'maxmemory*' | tr '\n' ' ')
  load --redis-evicts allkeys-lru,allkeys-lfu --maxmemory-samples 10 --capacity 300 --duration 4s --rate 500 --format json --out "$work/evicts" >"$work/evicts.json" 2>"$work/evicts.err" \
    || { cat "$work/evicts.err" >&2; return 1; }
  after=$(redis-cli -p "$port" config get 'maxmemory*' | tr '\n' ' ')
  [ "$before" = "$after" ] || { echo "settings not restored: $before -> $after" >&2; return 1; }
  json '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const bad = [];
    if (d.status !== "complete") bad.push("status " + d.status);
    if (d.results.map((r) => r.policy + "/" + r.exact.policy).join() !== "allkeys-lru/lru,allkeys-lfu/lfu") bad.push("runs " + d.results.map((r) => r.policy).join());
    for (const r of d.results) {
      if (r.serverHits !== r.clientHits || r.serverMisses !== r.clientMisses) bad.push(r.policy + ": client/server hits differ");
      if (!(r.evictedKeys > 0)) bad.push(r.policy + ": Redis evicted nothing");
      if (r.keysAtEnd < 255 || r.keysAtEnd > 360) bad.push(r.policy + ": keys held " + r.keysAtEnd + " for capacity 300");
      if (Math.abs(r.hitRatio - r.exact.hitRatio) > 0.05) bad.push(r.policy + ": hit ratio " + r.hitRatio + " vs exact " + r.exact.hitRatio);
    }
    if (bad.length) { console.error(bad.join("\n")); process.exit(1); }' evicts.json
}
check "--redis-evicts allkeys-lru,allkeys-lfu: maxmemory measured, ~capacity keys held, hits from Redis, beside exact lru/lfu, settings restored" redis_evicts
check "the real-Redis test of the --redis-evicts runner (src/load/redis-eviction.test.ts; required, not skipped)" env BB_REQUIRE_REDIS=1 npx vitest run src/load/redis-eviction.test.ts

# Redis killed mid-run: errors counted, partial report, exit 1, the run ends on schedule.
kill_redis() {
  local pid port; pid=$(cat "$BB_SERVICES_DIR/redis/redis.pid") || return 1
  port=${REDIS_URL##*:}
  local t0=$SECONDS
  load --strategies none --duration 4s --rate 500 --timeout 500ms --format json --out "$work/kill" >"$work/kill.json" 2>"$work/kill.err" &
  local lp=$!
  # Kill Redis once the load is flowing (GETs counted by the server), not while the CLI starts up.
  local base; base=$(redis-cli -p "$port" info commandstats | sed -n 's/^cmdstat_get:calls=\([0-9]*\).*/\1/p')
  for _ in $(seq 1 300); do
    local now; now=$(redis-cli -p "$port" info commandstats | sed -n 's/^cmdstat_get:calls=\([0-9]*\).*/\1/p')
    [ "${now:-0}" -gt $((${base:-0} + 300)) ] && break
    sleep 0.1
  done
  kill -9 "$pid"
  wait "$lp"
  local s=$?
  [ $s -eq 1 ] || { echo "exit $s, expected 1 (partial)" >&2; cat "$work/kill.err" >&2; return 1; }
  [ $((SECONDS - t0)) -lt 40 ] || { echo "took $((SECONDS - t0)) s" >&2; return 1; }
  json '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const l = d.results[0].live;
    if (d.status !== "partial" || l.status !== "partial" || l.errors + l.timeouts === 0 || l.ok === 0) { console.error(JSON.stringify({status: d.status, ok: l.ok, errors: l.errors, timeouts: l.timeouts})); process.exit(1); }' kill.json \
    && grep -q 'PARTIAL' "$work/kill/summary.md"
}
check "Redis killed mid-run: clean partial report, exit 1, on schedule" kill_redis

echo "load integration: $fails failed"
[ "$fails" -eq 0 ]
