#!/usr/bin/env bash
# Packs the release `tupu` for Spark executors that have no Swift toolchain:
#   tupu-spark.tar.gz: tupu (a launcher), bin/tupu with the resource bundles beside it (lexicons,
#   surnames, the name model), lib/ with the shared libraries it loads besides the C library's.
# Ship it with `spark-submit --archives tupu-spark.tar.gz#tupu … extract_jsonl.py --tupu tupu/tupu …`
# (Spark unpacks it in each executor's working folder under the name after #).
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-tupu-spark.tar.gz}"
swift build -c release --product tupu
bin="$(swift build -c release --show-bin-path)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/lib"
cp "$bin/tupu" "$stage/bin/"
cp -R "$bin"/*.resources "$stage/bin/"
# Every library ldd resolves, except those of the C runtime every Linux machine has.
ldd "$bin/tupu" | awk '$3 ~ /^\// {print $3}' | while read -r library; do
  case "$(basename "$library")" in
    libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|ld-linux*) ;;
    *) cp -L "$library" "$stage/lib/" ;;
  esac
done
cat > "$stage/tupu" <<'LAUNCHER'
#!/bin/sh
here="$(cd "$(dirname "$0")" && pwd)"
LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" exec "$here/bin/tupu" "$@"
LAUNCHER
chmod +x "$stage/tupu"
case "$out" in /*) target="$out" ;; *) target="$PWD/$out" ;; esac
tar -C "$stage" -czf "$target" .
echo "$target: $(du -h "$target" | cut -f1)"
