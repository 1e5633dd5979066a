#!/usr/bin/env bash
# The main job, end to end on a fresh machine (make demo): demo corpus, stack,
# index, example queries (normal vs deep, calibrated scores), a score-debug
# report, then the stack stops. DEMO_KEEP_RUNNING=1 leaves it running.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
DEMO=${DEMO_DIR:-demo-data}
mkdir -p "$DEMO"

if [ ! -f "$DEMO/corpus/ground_truth.json" ]; then
  echo "== generating the demo corpus into $DEMO/corpus"
  "$BIN/python" -m mediasearch.demo.corpus "$DEMO/corpus"
fi

# Busy default ports (another stack, another program) must not stop the demo or,
# worse, let it drive someone else's server: take free ports instead and say so.
eval "$("$BIN/python" -m mediasearch.cli.demo_ports)"

echo "== starting the stack (logs: $DEMO/stack.log)"
"$BIN/mediasearch" up --data-dir "$DEMO/store" > "$DEMO/stack.log" 2>&1 &
UP=$!
stop_stack() { kill -TERM "$UP" 2>/dev/null && wait "$UP" || true; }
if [ "${DEMO_KEEP_RUNNING:-0}" != "1" ]; then trap stop_stack EXIT; fi
if ! "$BIN/mediasearch" status --wait 300; then
  echo "the stack did not start; last log lines:" >&2
  tail -n 30 "$DEMO/stack.log" >&2
  exit 1
fi

run() { echo; echo "\$ mediasearch $*"; "$BIN/mediasearch" "$@"; }

run index "$DEMO/corpus"
run stats
# A trained concept: normal search finds it directly.
run search "a photo of a dog" -k 5
# Held-out words the model never saw in training: normal search is lost,
# deep search expands them into words the model knows and explains the match.
run search "puppy" -k 5
run search --deep "puppy" -k 5
run search "fruit" -k 5
run search --deep "fruit" -k 5
# Weighted query syntax: more dog, no cat.
run search '"2:dog" - cat' -k 5
# (a glob, not `ls | head`: under pipefail, head closing the pipe fails the script with SIGPIPE)
SCENES=("$DEMO"/corpus/scenes/*.png)
run similar "${SCENES[0]}" -k 5
run debug-scores "${SCENES[0]}" --top 10 --report "$DEMO/debug-scores.html"
echo; echo "\$ printf 'recommend\\nquit\\n' | mediasearch tune"
printf 'recommend\nquit\n' | "$BIN/mediasearch" tune

echo
if [ "${DEMO_KEEP_RUNNING:-0}" = "1" ]; then
  echo "== the stack keeps running (pid $UP); stop it with: kill $UP"
else
  echo "== done; stopping the stack (DEMO_KEEP_RUNNING=1 make demo leaves it running)"
fi
