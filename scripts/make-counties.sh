#!/usr/bin/env bash
# Writes Sources/TupuExtract/Resources/lexicons/counties.txt: China's county-level divisions
# (县, 自治县, 县级市, 市辖区, 旗) that places.txt does not already hold, with their parent division.
#
#   scripts/make-counties.sh
#
# Source: the administrative-division table of cpca 0.5.5 (MIT licence, © DQinYuan,
# https://github.com/DQinYuan/chinese_province_city_area_mapper), cpca/resources/adcodes.csv,
# downloaded through pip into a temporary folder. A county's code is SSPPCC000000: its parent is
# the prefecture SSPP00000000 when places.txt holds it, else the province SS0000000000.
# Deterministic: rows in the table's code order. Commit the file afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps cpca==0.5.5 -d "$work"
python3 -m zipfile -e "$work"/cpca-0.5.5-py3-none-any.whl "$work/cpca"

python3 - "$work/cpca/cpca/resources/adcodes.csv" Sources/TupuExtract/Resources/lexicons/places.txt \
  > Sources/TupuExtract/Resources/lexicons/counties.txt <<'PY'
import csv, sys
rows = sorted(csv.DictReader(open(sys.argv[1], encoding="utf-8")), key=lambda row: row["adcode"])
known = set()
for line in open(sys.argv[2], encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        known.add(line.split("\t")[0])
names = {row["adcode"]: row["name"] for row in rows}
print("# counties.txt — China's county-level divisions (县, 自治县, 县级市, 市辖区, 旗) that places.txt does not hold.")
print("# Fields: name<TAB>county<TAB>parent; parent is the prefecture (or, for counties under a province, the province).")
print("# Only the full name matches (上杭县, 昆山市); short forms are common words or given names (和平, 云龙).")
print("# From cpca 0.5.5 (MIT licence, (c) DQinYuan), cpca/resources/adcodes.csv. Made by scripts/make-counties.sh.")
seen = set()
for row in rows:
    code, name = row["adcode"], row["name"]
    if len(code) != 12 or code[4:6] == "00" or code[6:] != "000000" or name in known or name in seen:
        continue
    # 沛县 is a county; 城区, 郊区, 东区 and the placeholder 市辖区 are also common words.
    if not name.endswith(("县", "市", "区", "旗")) or name == "市辖区" or (len(name) < 3 and not name.endswith("县")):
        continue
    parent = names.get(code[:4] + "00000000")
    if parent not in known:
        parent = names.get(code[:2] + "0000000000", "")
    seen.add(name)
    print(f"{name}\tcounty\t{parent}")
PY
wc -l Sources/TupuExtract/Resources/lexicons/counties.txt
