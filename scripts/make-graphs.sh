#!/usr/bin/env bash
# The main job: installs what is missing, builds tupu, ingests seeds/ into Graphs/seeds.sqlite
# (rebuilt from scratch so the outputs are reproducible) and draws into Graphs/:
#   seeds.{dot,svg,png}      the whole graph
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

draw seeds "dot svg png"
# The meeting: the event someone presided over (the seed article has one event).
meeting="$("$tupu" query --db "$db" --format tsv '?person presided ?event' | awk -F '\t' 'NR == 2 { print $2 }')"
if [ -z "$meeting" ]; then
  echo "make-graphs: no event with a presiding person in $db" >&2
  exit 1
fi
draw seeds-meeting "dot svg" --event "$meeting"
draw seeds-ego-lixi "dot svg" --center 李希 --depth 1

"$tupu" stats --db "$db"
echo "Wrote $db, Graphs/seeds.{dot,svg,png} and Graphs/{seeds-meeting,seeds-ego-lixi}.{dot,svg}"
