#!/usr/bin/env bash
# Installs the Debian packages Tupu needs to build, run and test; skips those already there.
#   libgraphviz-dev  Graphviz's libgvc/libcgraph and headers (rendering in process)
#   graphviz         the layout plugins' configuration and the `dot` tool for readers
#   libsqlite3-dev   SQLite for GRDB
#   zlib1g-dev, liblz4-dev  zlib and LZ4, for stored document text
#   fonts-noto-cjk   a font with Chinese glyphs for labels
#   pkg-config       lets SwiftPM find libgvc
#   chromium, chromium-driver  the headless browser the HTML page is tested in (with Selenium,
#                    below); TUPU_SKIP_BROWSER_TESTS=1 skips that test where no browser can be had
set -euo pipefail
packages=(libgraphviz-dev graphviz libsqlite3-dev zlib1g-dev liblz4-dev fonts-noto-cjk pkg-config)
if [ "${TUPU_SKIP_BROWSER_TESTS:-}" != "1" ]; then packages+=(chromium chromium-driver); fi
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]} > 0)); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# rdflib, pyoxigraph, pyshacl and networkx: the independent readers the export tests parse RDF
# (and check it against the SHACL shapes in vocab/shapes.ttl) and GraphML with; selenium drives
# Chromium in the browser test.
modules=(rdflib pyoxigraph pyshacl networkx)
if [ "${TUPU_SKIP_BROWSER_TESTS:-}" != "1" ]; then modules+=(selenium); fi
for module in "${modules[@]}"; do
  if command -v python3 >/dev/null 2>&1 && ! python3 -c "import $module" 2>/dev/null; then
    echo "Installing: $module (Python)"
    python3 -m pip install --quiet "$module"
  fi
done
