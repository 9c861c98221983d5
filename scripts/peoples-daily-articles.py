#!/usr/bin/env python3
"""Writes the People's Daily January 1998 corpus (199801.txt, word/tag lines) back as plain-text
articles, one file each, so that `tupu extract FOLDER` can be run on real 1998 news and its output
read by hand. The corpus has no article boundaries: a new article starts at a short line (under 40
characters) that does not end a sentence, i.e. a headline. The tags are dropped.

    scripts/peoples-daily-articles.py 199801.txt OUT [--part all|train|test] [--genre]

--part train / test: the first 90% / last 10% of the non-blank lines, the split `tupu eval
--peoples-daily` and the name model use (read the test part's articles only to find faults; never
tune rules to them). --genre keeps only articles with a meeting, visit or talks word.
"""
import argparse
import os
import re

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("corpus")
parser.add_argument("out")
parser.add_argument("--part", choices=["all", "train", "test"], default="all")
parser.add_argument("--genre", action="store_true")
args = parser.parse_args()

with open(args.corpus, encoding="utf-8") as f:
    lines = [line.strip() for line in f if line.strip()]
cut = int(len(lines) * 0.9)
lines = {"all": lines, "train": lines[:cut], "test": lines[cut:]}[args.part]


def plain(line):
    return "".join(re.sub(r"/[A-Za-z]+$", "", word) for word in line.split("  ") if word)


articles, current = [], []
for line in lines:
    text = plain(line)
    headline = len(text) < 40 and not re.search(r"[。！？”）)]$", text)
    if headline and current and not (len(current) == 1 and len(current[0]) < 40):
        articles.append(current)
        current = []
    current.append(text)
if current:
    articles.append(current)

os.makedirs(args.out, exist_ok=True)
written = 0
for number, article in enumerate(articles):
    text = "\n".join(article)
    if args.genre and (len(text) < 150 or not re.search(r"会见|出席|主持|会谈|座谈会|团拜会|仪式|考察|视察|调研", text)):
        continue
    with open(os.path.join(args.out, "%04d.txt" % number), "w", encoding="utf-8") as f:
        f.write(text + "\n")
    written += 1
print(f"{written} of {len(articles)} articles written to {args.out}")
