#!/usr/bin/env bash
# First-run smoke: what a newcomer does after `npm install`, on a temporary copy of this checkout.
# `npm start` with no configuration (embedded Postgres, queue on its Postgres backend), the curl it prints with
# smr_20.jpg, `completed` within 60 s of the upload, then Ctrl-C as a terminal sends it (SIGINT to the whole
# process group): the launcher must exit 0, stop the API and worker before Postgres, and log no error line.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SHARED="$(cd "$ROOT/../shared" && pwd)"
WORK="$(mktemp -d /tmp/face-first-run.XXXXXX)"
chmod 755 "$WORK" # as root the embedded Postgres runs as `postgres`, which must reach the copy
LOG="$WORK/start.log"
PGID=""
cleanup() {
  if [ -n "$PGID" ] && kill -0 -- "-$PGID" 2>/dev/null; then kill -KILL -- "-$PGID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "first-run smoke FAILED: $*" >&2
  echo "--- npm start log ---" >&2
  cat "$LOG" >&2 || true
  exit 1
}

# the committed tree (no .data, no .env) beside a shared/ of its own, so the printed ../shared/… path resolves;
# node_modules as hard links (the README's `npm install` already ran on this checkout)
ln -s "$SHARED" "$WORK/shared"
git clone -q "$ROOT" "$WORK/app"
cp -al "$ROOT/node_modules" "$WORK/app/node_modules"
cd "$WORK/app"

# no variables but the ones a shell always has; its own session, so the group can get Ctrl-C's SIGINT
env -i PATH="$PATH" HOME="$HOME" setsid npm start >"$LOG" 2>&1 &
PGID=$!

deadline=$((SECONDS + 300))
until grep -q "\[start\] try: curl" "$LOG"; do
  kill -0 "$PGID" 2>/dev/null || fail "npm start exited before printing the example curl"
  [ $SECONDS -lt $deadline ] || fail "no example curl within 300 s"
  sleep 1
done
CURL="$(grep -m1 "\[start\] try: curl" "$LOG" | sed 's/^.*\[start\] try: //')"
echo "== first-run smoke: $CURL"
started=$SECONDS
RESPONSE="$(eval "$CURL -sS")" || fail "the printed curl failed"
ID="$(node -e 'const r = JSON.parse(process.argv[1]); if (!r.id) process.exit(1); console.log(r.id)' "$RESPONSE")" || fail "no analysis id in: $RESPONSE"
KEY="$(cat .data/admin-api-key)"
status=""
while [ $((SECONDS - started)) -le 60 ]; do
  status="$(curl -sS -H "Authorization: Bearer $KEY" "http://localhost:8080/v1/analyses/$ID" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).status))')"
  [ "$status" = completed ] && break
  [ "$status" = failed ] && fail "analysis $ID failed"
  sleep 1
done
[ "$status" = completed ] || fail "analysis $ID not completed within 60 s (status: $status)"
echo "== first-run smoke: $ID completed in $((SECONDS - started)) s"

kill -INT -- "-$PGID"
deadline=$((SECONDS + 90))
while kill -0 "$PGID" 2>/dev/null; do
  [ $SECONDS -lt $deadline ] || fail "npm start still running 90 s after Ctrl-C"
  sleep 0.5
done
wait "$PGID" && code=0 || code=$?
PGID_LEFT="$PGID"
PGID=""
# tsx's esbuild helpers end when their parents' pipes close, a moment after them
for _ in $(seq 1 20); do pgrep -g "$PGID_LEFT" >/dev/null 2>&1 || break; sleep 0.5; done
if pgrep -g "$PGID_LEFT" >/dev/null 2>&1; then fail "processes of npm start's group still run 10 s after it exited: $(pgrep -a -g "$PGID_LEFT")"; fi
pgrep -f "$WORK/app/.data/pg" >/dev/null 2>&1 && fail "the embedded Postgres still runs after npm start exited"
[ "$code" = 0 ] || fail "npm start exited with $code after Ctrl-C"
# API and worker stop before Postgres: their last lines come before the launcher's, and nothing lost its database
grep -q '"message":"worker stopped"' "$LOG" || fail "the worker did not log a clean stop"
[ "$(grep -n '"message":"worker stopped"' "$LOG" | tail -1 | cut -d: -f1)" -lt "$(grep -n '\[start\] stopped' "$LOG" | tail -1 | cut -d: -f1)" ] \
  || fail "Postgres stopped before the worker"
if grep -inE '"level":"error"|\berror\b|terminating connection|ECONNREFUSED|unhandled' "$LOG"; then fail "error lines in the log"; fi
echo "== first-run smoke passed (Ctrl-C: clean exit, no error lines)"
