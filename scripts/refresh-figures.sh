#!/usr/bin/env bash
# Exit code, peak RSS and wall time of `xtask refresh-registry` on hostile
# inputs, one Markdown table row per case, each on a fresh scratch copy of
# registry/ and the generated code.
#
# Usage: scripts/refresh-figures.sh XTASK_BINARY [ADVERSARIAL_REGISTRY_DIR] [TIMEOUT_S]
#   e.g. scripts/refresh-figures.sh target/debug/xtask ../shared/adversarial/registry 120
# Needs GNU time (/usr/bin/time; apt-get install -y time). Generated cases:
# the registry with 500/1,000/2,000 extra codes, with 1 MiB and 4 MiB of
# filler elements, /dev/zero, a pipe of 100 MiB of zeros, --timeout 1e20,
# --max-bytes u64::MAX. A case over TIMEOUT_S (default 120) is stopped;
# virtual memory is capped at 4 GiB so an unbounded read cannot take the
# machine down.
set -uo pipefail
xtask=$(realpath "$1")
adv=${2:-}
limit=${3:-120}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xml=$repo/registry/smtp-enhanced-status-codes.xml

grow() { # grow OUT N_RECORDS FILLER_BYTES
    python3 - "$xml" "$1" "$2" "$3" <<'PY'
import sys
src, out, n, filler = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
xml = open(src).read()
recs = "".join(
    f'\n    <record date="2026-01-01">\n      <code>X.{1 + i // 900}.{100 + i % 900}</code>\n'
    f'      <sample>Extra code number {i}</sample>\n      <basic_code>550</basic_code>\n'
    f'      <description>Filler record {i}.</description>\n'
    f'      <reference><xref type="rfc" data="rfc3463"/></reference>\n'
    f'      <submitter>Test</submitter>\n      <change_controller>IESG</change_controller>\n    </record>'
    for i in range(n))
one = "\n    <note>filler filler filler filler filler filler filler</note>"
at = xml.rindex("</record>") + len("</record>")
open(out, "w").write(xml[:at] + recs + one * (filler // len(one)) + xml[at:])
PY
}

run() { # run NAME ARGS...
    local name=$1; shift
    local ws=$work/ws
    rm -rf "$ws"; mkdir -p "$ws/crates/smtp-status/src"
    cp -r "$repo/registry" "$ws/"; rm -f "$ws"/registry/.xtask*
    cp -r "$repo/crates/smtp-status/src/generated" "$ws/crates/smtp-status/src/"
    ( ulimit -v 4194304
      /usr/bin/time -v -o "$work/time" timeout -s KILL "$limit" \
          "$xtask" refresh-registry --root "$ws" "$@" >"$work/out" 2>"$work/err" )
    local code=$?
    local rss wall
    rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2/1024}' "$work/time")
    wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$work/time")
    [ "$code" = 137 ] && wall="> ${limit} s (stopped)"
    local said
    said=$(grep -m1 '^error' "$work/err" | cut -c1-110)
    [ -z "$said" ] && said=$(grep -v '^\s*$' "$work/err" | tail -1 | cut -c1-110)
    [ -z "$said" ] && said=$(tail -1 "$work/out" | cut -c1-110)
    echo "| $name | $code | $rss | $wall | ${said//|/\\|} |"
}

echo "| case | exit | peak RSS | wall | last line |"
echo "|---|---|---|---|---|"
if [ -n "$adv" ]; then
    for f in "$adv"/*.xml; do run "$(basename "$f")" --source "$f"; done
fi
for n in 500 1000 2000; do grow "$work/extra$n.xml" "$n" 0; run "+$n codes" --source "$work/extra$n.xml"; done
grow "$work/f1.xml" 0 1048576; run "1 MiB filler" --source "$work/f1.xml"
grow "$work/f4.xml" 0 4100000; run "4 MiB filler" --source "$work/f4.xml"
run "/dev/zero" --source /dev/zero
run "pipe of 100 MiB zeros" --source <(head -c 100M /dev/zero)
run "--timeout 1e20" --source "$xml" --timeout 1e20
run "--max-bytes u64::MAX" --source "$xml" --max-bytes 18446744073709551615
run "/dev/zero, --max-bytes u64::MAX" --source /dev/zero --max-bytes 18446744073709551615
