#!/usr/bin/env bash
# Fuzzes the Sync format parsers (DocumentParser and every format parser) with libFuzzer and
# AddressSanitizer for a bounded time.
#
#   scripts/fuzz-parsers.sh [seconds] [extra libFuzzer flags...]     (default: 60 seconds)
#
# Builds Sources/Sync/**/*.swift (with its C part, Sources/CSHA256) + Fuzz/ParserFuzz.swift with
# `swiftc -sanitize=fuzzer,address -parse-as-library -O` into .build-fuzz/ (git-ignored),
# seeds the corpus from Tests/SyncTests/Fixtures/formats/ (and replays every saved regression),
# and saves crashing / timing-out / memory-hungry inputs under
# Tests/SyncTests/Fixtures/formats/fuzz-regressions/ so they can become test fixtures.
# Exit status is libFuzzer's: 0 when nothing was found in the time given.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
[[ $# -gt 0 ]] && shift
work="${FUZZ_WORK_DIR:-$root/.build-fuzz}"
fixtures="$root/Tests/SyncTests/Fixtures/formats"
regressions="$fixtures/fuzz-regressions"
corpus="$work/corpus"

mkdir -p "$corpus" "$regressions"
# Seed from the fixtures (copied, so libFuzzer's generated inputs never land in Tests/).
while IFS= read -r -d '' file; do
    cp "$file" "$corpus/seed-$(basename "$(dirname "$file")")-$(basename "$file")"
done < <(find "$fixtures" -type f ! -path "$regressions/*" ! -name '*.md' -print0)

# A dictionary of the formats' tokens helps the mutator reach deep states quickly.
cat > "$work/formats.dict" <<'DICT'
"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
"<!DOCTYPE"
"<!ENTITY"
"<![CDATA["
"]]>"
"<!--"
"-->"
"&#x"
"&#"
"&amp;"
"xmlns:"
"<nitf>"
"<body.content>"
"<newsItem"
"<newsMessage>"
"<inlineXML>"
"<p>"
"</p>"
"\"uri\""
"\"headlines\""
"\"bodies\""
"\"versioncreated\""
"\"pubStatus\""
"\x16\x16\x01"
"\x02"
"\x03"
"^BC-"
"1stLd-Writethru"
"11-24-26 1015EST"
"\xff\xfe"
"\xef\xbb\xbf"
DICT

binary="$work/parser-fuzz"
sources=()
while IFS= read -r -d '' file; do sources+=("$file"); done < <(find "$root/Sources/Sync" -name '*.swift' -print0 | sort -z)
echo "fuzz-parsers: compiling ${#sources[@]} Sync sources + Fuzz/ParserFuzz.swift" >&2
# Sync's one C dependency (SHA-256 blocks with the CPU's SHA instructions).
clang -O2 -fsanitize=address -I "$root/Sources/CSHA256/include" -c "$root/Sources/CSHA256/CSHA256.c" -o "$work/csha256.o"
# (gold's "Cannot export local symbol '__asan_…'" warnings are harmless noise; dropped.)
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name Sync \
    -I "$root/Sources/CSHA256/include" "${sources[@]}" "$root/Fuzz/ParserFuzz.swift" "$work/csha256.o" -o "$binary" \
    2> >(grep -v "Cannot export local symbol '__asan" >&2)

echo "fuzz-parsers: running for ${seconds}s (corpus $corpus, regressions -> $regressions)" >&2
exec "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict="$work/formats.dict" -artifact_prefix="$regressions/" -print_final_stats=1 \
    "$@" "$corpus" "$regressions"
