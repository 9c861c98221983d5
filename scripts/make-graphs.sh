#!/usr/bin/env bash
# The main job: installs what is missing, builds tupu, ingests seeds/ into Graphs/seeds.sqlite
# (rebuilt from scratch so the outputs are reproducible) and draws into Graphs/:
#   seeds.{dot,svg,png,html} the whole graph; the HTML page to explore it in a browser
#   seeds-browser.png        a screenshot of that page in headless Chromium, a node and an
#                            edge clicked (scripts/browser-check.py; skipped with a note when
#                            TUPU_SKIP_BROWSER_TESTS=1)
#   seeds-meeting.{dot,svg}  the meeting: its participants, their roles, place and date
#   seeds-ego-lixi.{dot,svg} everything one step from 李希
# TUPU_SCRATCH_PATH, when set, is passed to `swift build --scratch-path`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
build=(swift build)
if [ -n "${TUPU_SCRATCH_PATH:-}" ]; then build+=(--scratch-path "$TUPU_SCRATCH_PATH"); fi
"${build[@]}" --product tupu
tupu="$("${build[@]}" --show-bin-path)/tupu"
db=Graphs/seeds.sqlite
mkdir -p Graphs
rm -f "$db" "$db-wal" "$db-shm"
"$tupu" ingest --db "$db" seeds

# draw NAME "EXTENSIONS" [render options…]: Graphs/NAME.EXT for each extension.
draw() {
  local name="$1" extensions="$2"
  shift 2
  for ext in $extensions; do
    "$tupu" render --db "$db" "$@" -o "Graphs/$name.$ext"
  done
}

draw seeds "dot svg png html"
if [ "${TUPU_SKIP_BROWSER_TESTS:-}" != "1" ]; then
  python3 scripts/browser-check.py Graphs/seeds.html --screenshot Graphs/seeds-browser.png >/dev/null
else
  echo "make-graphs: TUPU_SKIP_BROWSER_TESTS=1, Graphs/seeds-browser.png not redrawn" >&2
fi
# The meeting: the event someone presided over (the seed article has one event).
meeting="$("$tupu" query --db "$db" --format tsv '?person presided ?event' | awk -F '\t' 'NR == 2 { print $2 }')"
if [ -z "$meeting" ]; then
  echo "make-graphs: no event with a presiding person in $db" >&2
  exit 1
fi
draw seeds-meeting "dot svg" --event "$meeting"
draw seeds-ego-lixi "dot svg" --center 李希 --depth 1

"$tupu" stats --db "$db"
echo "Wrote $db, Graphs/seeds.{dot,svg,png,html}, Graphs/seeds-browser.png and Graphs/{seeds-meeting,seeds-ego-lixi}.{dot,svg}"
