#!/usr/bin/env bash
# `npm run test:load`: the whole suite, several times in a row, on a machine kept busy, the way a
# shared CI runner or a laptop doing other work is. It fails at the first run that does not pass.
#
#   RUNS=3          how many runs in a row must pass
#   LOAD=stress-ng  every core busy with stress-ng (--cpu per core, plus an I/O and a memory worker)
#   LOAD=suite      a second copy of the suite running alongside, over and over
#   LOAD=none       no extra load (a baseline to compare with)
# The default is stress-ng where it is installed (Debian: apt-get install stress-ng), else suite.
# DATABASE_URL and REDIS_URL are passed on, so the tests that need them run as in CI.
# Each run's report is kept in test-artifacts/load/ with its ten slowest tests and files.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
load=${LOAD:-$(command -v stress-ng >/dev/null 2>&1 && echo stress-ng || echo suite)}
out=test-artifacts/load
mkdir -p "$out"
rm -f "$out"/run-* "$out"/second-copy* # an earlier try's reports would read as this one's
PATH="$PWD/node_modules/.bin:$PATH"

if [ ! -x node_modules/.bin/vitest ]; then
  echo "run npm install first (node_modules/.bin/vitest is missing)" >&2
  exit 2
fi
case "$load" in
  stress-ng | suite | none) ;;
  *)
    echo "LOAD must be stress-ng, suite or none, not '$load'" >&2
    exit 2
    ;;
esac

echo "building once; the runs below test the build and the sources"
npm run build >"$out/build.log" 2>&1 || {
  cat "$out/build.log"
  exit 1
}

loader=""
stop_load() {
  if [ -n "$loader" ]; then
    kill -- "-$loader" 2>/dev/null || true
    wait "$loader" 2>/dev/null || true
    loader=""
  fi
}
trap stop_load EXIT INT TERM

set -m # the load runs in its own process group, so all of it stops with it
case "$load" in
  stress-ng)
    stress-ng --cpu "$(nproc)" --io 1 --vm 1 --vm-bytes 512M --quiet >"$out/stress-ng.log" 2>&1 &
    loader=$!
    echo "load: stress-ng, $(nproc) CPU workers + 1 I/O + 1 memory (pid $loader)"
    ;;
  suite)
    (
      n=0
      while true; do
        n=$((n + 1))
        if vitest run >"$out/second-copy-$n.log" 2>&1; then
          echo "second copy, run $n: passed" >>"$out/second-copy.txt"
        else
          echo "second copy, run $n: FAILED (see $out/second-copy-$n.log)" >>"$out/second-copy.txt"
        fi
      done
    ) &
    loader=$!
    echo "load: a second copy of the suite, over and over (pid $loader; $out/second-copy.txt)"
    ;;
  none) echo "load: none" ;;
esac
set +m

for run in $(seq 1 "$runs"); do
  started=$(date +%s)
  report="$out/run-$run.json"
  if vitest run --reporter=dot --reporter=json --outputFile="$report" >"$out/run-$run.log" 2>&1; then
    status=passed
  else
    status=FAILED
  fi
  echo "run $run of $runs under load=$load: $status in $(($(date +%s) - started)) s"
  [ -f "$report" ] && tsx scripts/slowest-tests.ts "$report" 10 >"$out/run-$run-slowest.md"
  if [ "$status" = FAILED ]; then
    grep -E "FAIL|AssertionError|Error:" "$out/run-$run.log" | head -40 || true
    echo "the suite failed under load: $out/run-$run.log" >&2
    exit 1
  fi
done
[ -f "$out/second-copy.txt" ] && cat "$out/second-copy.txt"
echo "the suite passed $runs times in a row under load=$load (reports in $out/)"
