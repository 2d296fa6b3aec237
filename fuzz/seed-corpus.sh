#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ (gitignored) with seed inputs:
# - parse_page, pipeline: the committed pages in fuzz/seeds/pages/ plus every Nth page of
#   specs/**/*.md no larger than MAX_BYTES (defaults: N=10, MAX_BYTES=65536, the -max_len
#   the runs use), and the `:::html`-flavour fixture pages;
# - html_block: fuzz/seeds/html/ plus the content of each `:::html` block of those pages;
# - emit_ir: the IR fixtures codegen/tests/fixtures/ir/*.json.
# Usage: fuzz/seed-corpus.sh [N] [MAX_BYTES]   (from anywhere; idempotent)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
every=${1:-10}
max=${2:-65536}

# Staged apart so that a re-run copies only seeds, not one target's grown corpus into another.
pages=$(mktemp -d)
trap 'rm -rf "$pages"' EXIT
mkdir -p "$here/corpus/parse_page" "$here/corpus/pipeline" "$here/corpus/html_block"
cp "$here"/seeds/pages/* "$pages/"
cp "$here"/seeds/html/* "$here/corpus/html_block/"
mkdir -p "$here/corpus/emit_ir"
cp "$root"/codegen/tests/fixtures/ir/*.json "$here/corpus/emit_ir/"
{
  find "$root/specs" -name '*.md' -size -"$((max + 1))"c | LC_ALL=C sort | awk -v n="$every" 'NR % n == 1'
  find "$root/codegen/tests/fixtures/flavours/feishu-raw" -name '*.md' -size -"$((max + 1))"c | LC_ALL=C sort
} | while read -r f; do
  rel=${f#"$root"/}
  cp "$f" "$pages/$(echo "$rel" | tr '/' '_')"
done
cp "$pages"/* "$here/corpus/parse_page/"
cp "$pages"/* "$here/corpus/pipeline/"

# The lines between `:::html` and `:::`, one file per block (empty blocks skipped).
for f in "$pages"/*; do
  awk -v out="$here/corpus/html_block/$(basename "$f" .md)" '
    /^:::html[[:space:]]*$/ { inb = 1; n++; buf = ""; next }
    inb && /^:::[[:space:]]*$/ { inb = 0; if (buf ~ /[^[:space:]]/) printf "%s", buf > (out "." n ".html"); next }
    inb { buf = buf $0 "\n" }
  ' "$f"
done
for t in parse_page pipeline html_block emit_ir; do
  echo "$t: $(find "$here/corpus/$t" -type f | wc -l) seeds"
done
