#!/usr/bin/env bash
# The check of issue 19 on a generated corpus, with timings (not part of `swift test`: Spark's
# start alone takes longer than most suites, and it needs a JDK and pyspark):
#   1. a plain `tupu ingest` of the corpus;
#   2. the Spark job in local mode with 2 executor threads, then `tupu ingest --from-jsonl`;
#   3. 4 shard stores, each ingested from a quarter of the files, then `tupu merge`, twice;
# and the sorted `export --format jsonl` of 2 and 3 compared with 1, byte for byte.
#   scripts/spark/check.sh [ARTICLES] [FOLDER]      (20000 articles in a temporary folder by default)
set -euo pipefail
repository="$(cd "$(dirname "$0")/../.." && pwd)"
articles="${1:-20000}"
folder="${2:-$(mktemp -d)}"
mkdir -p "$folder"
cd "$repository"
swift build -c release --product tupu >/dev/null
swift build -c release --product tupu-bench >/dev/null
bin="$(swift build -c release --show-bin-path)"
tupu="$bin/tupu"
python3 -c 'import pyspark' 2>/dev/null || python3 -m pip install --quiet pyspark
command -v java >/dev/null || { echo "needs Java 17 or later (Debian: apt-get install default-jre-headless)" >&2; exit 1; }
cd "$folder"
rm -rf corpus shards ./*.sqlite* quarter-*
"$bin/tupu-bench" generate --articles "$articles" --seed 1 --out corpus >/dev/null
timed() {
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  printf '%8.1f s  %s\n' "$(echo "$end - $start" | bc)" "$*" >&2
}
echo "corpus: $articles articles, $(cat corpus/*.txt | wc -c) bytes of text, in $folder" >&2
timed "$tupu" ingest --quiet --db plain.sqlite corpus
timed spark-submit --master 'local[2]' --files "$tupu" "$repository/scripts/spark/extract_jsonl.py" corpus shards 2>spark.log
timed "$tupu" ingest --quiet --db records.sqlite --from-jsonl shards
"$tupu" export --db plain.sqlite --format jsonl | sort >plain.jsonl
"$tupu" export --db records.sqlite --format jsonl | sort | cmp - plain.jsonl
echo "Spark + ingest --from-jsonl: identical to the plain ingest ($(wc -l <plain.jsonl) lines)" >&2
find corpus -name '*.txt' | LC_ALL=C sort >files.txt
split -n l/4 -d files.txt quarter-
for quarter in quarter-0*; do
  timed xargs "$tupu" ingest --quiet --db "$quarter.sqlite" <"$quarter"
done
timed "$tupu" merge --quiet merged.sqlite quarter-0*.sqlite
"$tupu" export --db merged.sqlite --format jsonl | sort | cmp - plain.jsonl
echo "merge of 4 shards: identical to the plain ingest" >&2
timed "$tupu" merge --quiet merged.sqlite quarter-0*.sqlite
"$tupu" export --db merged.sqlite --format jsonl | sort | cmp - plain.jsonl
echo "merge again: unchanged" >&2
