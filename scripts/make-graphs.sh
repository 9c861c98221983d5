#!/usr/bin/env bash
# The main job: installs what is missing, builds tupu, ingests seeds/ into Graphs/seeds.sqlite
# (rebuilt from scratch so the outputs are reproducible) and draws the whole graph into Graphs/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --product tupu
tupu="$(swift build --show-bin-path)/tupu"
db=Graphs/seeds.sqlite
mkdir -p Graphs
rm -f "$db" "$db-wal" "$db-shm"
"$tupu" ingest --db "$db" seeds
"$tupu" render --db "$db" -o Graphs/seeds.dot
"$tupu" render --db "$db" -o Graphs/seeds.svg
"$tupu" render --db "$db" -o Graphs/seeds.png
"$tupu" stats --db "$db"
echo "Wrote $db, Graphs/seeds.dot, Graphs/seeds.svg and Graphs/seeds.png"
