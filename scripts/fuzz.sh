#!/usr/bin/env bash
# Runs a libFuzzer target for a given time on a copy of its seed corpus.
#
#   scripts/fuzz.sh query SECONDS     # the query parser and the store's SQL compiler (TupuFuzzQuery)
#   scripts/fuzz.sh extract SECONDS   # the extractor (TupuFuzzExtract)
#
# Builds the target in release mode with -sanitize=fuzzer,address and -DTUPU_FUZZ (the entry point
# hands the command line to LLVMFuzzerRunDriver) into .build-fuzz (never .build),
# copies Tests/TupuFuzzTests/Corpus/TARGET to a temporary folder so the committed corpus does not
# grow, runs libFuzzer with the target's dictionary, and prints libFuzzer's final stat line
# (`#N DONE cov: … exec/s: …`): N is the number of inputs run.
# A crashing or hanging input is saved under .build-fuzz/artifacts/TARGET/ and the script exits 1;
# replay it with `swift run TupuFuzzQuery FILE` / `swift run TupuFuzzExtract FILE` (no fuzzer needed),
# then add it to Tests/TupuFuzzTests as a regression case.
# Extra arguments after SECONDS go to libFuzzer (e.g. -seed=1, -max_len=20000).
set -euo pipefail

usage() { echo "usage: scripts/fuzz.sh query|extract SECONDS [libFuzzer flags…]" >&2; exit 64; }
[[ $# -ge 2 ]] || usage
target=$1
seconds=$2
shift 2
[[ $seconds =~ ^[0-9]+$ ]] || usage
case $target in
    query | TupuFuzzQuery) name=query product=TupuFuzzQuery max_len=1024 ;;
    extract | TupuFuzzExtract) name=extract product=TupuFuzzExtract max_len=8192 ;;
    *) usage ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scratch=${TUPU_FUZZ_SCRATCH:-$root/.build-fuzz}
flags=(-c release --scratch-path "$scratch"
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DTUPU_FUZZ -Xswiftc -enable-experimental-feature -Xswiftc Extern -Xswiftc -use-ld=lld)

echo "building $product (fuzzer + address sanitizer) in $scratch" >&2
swift build "${flags[@]}" --product "$product" >&2
binary="$(swift build "${flags[@]}" --show-bin-path)/$product"

work=$(mktemp -d "${TMPDIR:-/tmp}/tupu-fuzz-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "Tests/TupuFuzzTests/Corpus/$name" "$work/corpus"
artifacts="$scratch/artifacts/$name"
mkdir -p "$artifacts"

echo "fuzzing $product for $seconds s on a copy of Tests/TupuFuzzTests/Corpus/$name" >&2
status=0
"$binary" "$work/corpus" \
    -dict="Tests/TupuFuzzTests/Corpus/$name.dict" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" \
    >"$work/log" 2>&1 || status=$?

grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$work/log" || tail -n 40 "$work/log"
grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added)' "$work/log" || true
echo "corpus: $(find "$work/corpus" -type f | wc -l) inputs after the run"
if [[ $status -ne 0 ]]; then
    echo "libFuzzer exited with $status; the log:" >&2
    grep -vE '^#[0-9]+' "$work/log" | tail -n 60 >&2
    echo "artifacts in $artifacts:" >&2
    ls -l "$artifacts" >&2
    exit 1
fi
