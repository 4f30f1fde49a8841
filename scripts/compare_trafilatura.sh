#!/usr/bin/env bash
# Side-by-side extraction speed and quality: chisogioi (Rust) vs Python trafilatura, one run,
# same pages, same scoring, single-threaded on both sides, extraction time only.
#
#   scripts/compare_trafilatura.sh [N_VOLUME_PAGES]      (default 1000)
#
# Page sets:
#   gold   — tests/fixtures/extract/aeb-vi (22 fictional pages written by the project)
#   volume — N Dân Trí article texts wrapped into three CMS templates in a temp dir
#            (scripts/wrap_dantri.py; never committed)
# Needs: python3 with `pip install trafilatura lxml_html_clean` (a venv is created in
# $TRAF_VENV, default /tmp/trafenv, if trafilatura is not importable).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000}"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import trafilatura' 2>/dev/null; then
  VENV="${TRAF_VENV:-/tmp/trafenv}"
  [ -x "$VENV/bin/python" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" -q install trafilatura lxml_html_clean; }
  PY="$VENV/bin/python"
fi
cargo build --release --quiet
BIN=target/release/chisogioi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 scripts/wrap_dantri.py "$TMP/volume" "$N"
cat > "$TMP/row.py" <<'EOF'
import json, sys
r = json.load(sys.stdin)
with open(sys.argv[2], "a") as f:
    f.write(json.dumps(r) + "\n")
print("  %-4s %-30s pages %5d  P %.4f  R %.4f  F1 %.4f  %9.1f pages/s" % (
    sys.argv[1], r["extractor"], r["pages"], r["precision"], r["recall"], r["f1"], r["pages_per_sec"]))
EOF

for set in gold volume; do
  dir=tests/fixtures/extract/aeb-vi
  [ "$set" = volume ] && dir="$TMP/volume"
  echo "== $set ($dir)"
  for ex in vietcms auto trafilatura; do
    "$BIN" eval extract --aeb "$dir" --extractor "$ex" --format json | python3 "$TMP/row.py" rust "$TMP/$set.jsonl"
  done
  for fast in "" --fast; do
    "$PY" scripts/trafilatura_aeb.py "$dir" $fast | python3 "$TMP/row.py" py "$TMP/$set.jsonl"
  done
  python3 - "$TMP/$set.jsonl" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
default = next(r for r in rows if r["extractor"] == "vietcms")
for r in rows:
    if r["extractor"].startswith("python"):
        print(f"  speed ratio vietcms / {r['extractor']}: {default['pages_per_sec'] / r['pages_per_sec']:.1f}x")
EOF
done
