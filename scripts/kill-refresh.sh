#!/usr/bin/env bash
# Kills `cargo xtask refresh-registry` at random points, KILLS times, with
# every rename held by strace (200 ms each: a refresh of the 2019 snapshot
# makes 4 renames, the journal and 3 files: about 1 s in all) so that kills land between the
# renames too, and checks after each kill that the next run (`xtask codegen`)
# leaves the tree whole: byte for byte the old tree or the new one, no
# temporary file, no journal, `codegen --check` clean.
#
# Usage: scripts/kill-refresh.sh [KILLS]   (default 100; needs strace:
#        apt-get install -y strace). Prints one line per kill and a tally.
# The test `a_refresh_killed_at_any_moment_is_whole_after_the_next_run`
# (tests/tests/refresh_safety.rs) is the small, strace-free version.
set -euo pipefail
kills=${1:-100}
repo=$(cd "$(dirname "$0")/.." && pwd)
command -v strace >/dev/null || { echo "error: strace is needed (apt-get install -y strace)" >&2; exit 2; }
cargo build -q -p xtask --manifest-path "$repo/Cargo.toml"
target=$(cargo metadata -q --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
xtask=$target/debug/xtask
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
new=$repo/registry/smtp-enhanced-status-codes.xml

# A whole old tree: the 2019-08-05 registry and its generated code.
base=$work/base
mkdir -p "$base/crates/smtp-status/src"
cp -r "$repo/registry" "$base/"
cp -r "$repo/crates/smtp-status/src/generated" "$base/crates/smtp-status/src/"
cp "$repo/tests/fixtures/refresh/2019-08-05.xml" "$base/registry/smtp-enhanced-status-codes.xml"
rm -f "$base"/registry/.xtask*
XTASK_ROOT=$base "$xtask" codegen >/dev/null

tree() { (cd "$1" && find registry crates -type f ! -name .xtask.lock | sort | xargs sha256sum); }
tree "$base" >"$work/old.sum"
cp -a "$base" "$work/ref"
"$xtask" refresh-registry --root "$work/ref" --source "$new" >/dev/null
tree "$work/ref" >"$work/new.sum"
cmp -s "$work/old.sum" "$work/new.sum" && { echo "error: the refresh changed nothing" >&2; exit 1; }

declare -A tally=()
failures=0
for i in $(seq 1 "$kills"); do
    ws=$work/ws
    rm -rf "$ws"
    cp -a "$base" "$ws"
    strace -f -qq -o /dev/null -e trace=rename,renameat,renameat2 \
        -e inject=rename,renameat,renameat2:delay_exit=200000 \
        "$xtask" refresh-registry --root "$ws" --source "$new" >/dev/null 2>&1 &
    tracer=$!
    ms=$((RANDOM % 1100))
    sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
    child=$(pgrep -P "$tracer" || true)
    [ -n "$child" ] && kill -KILL "$child" 2>/dev/null || true
    wait "$tracer" 2>/dev/null || true
    tree "$ws" >"$work/killed.sum"
    if cmp -s "$work/killed.sum" "$work/old.sum"; then state=old
    elif cmp -s "$work/killed.sum" "$work/new.sum"; then state=new
    elif [ -e "$ws/registry/.xtask-journal" ]; then state=journal
    else state=temporary-files
    fi
    said=$(XTASK_ROOT=$ws "$xtask" codegen 2>&1) || { echo "kill $i: codegen failed: $said"; failures=$((failures + 1)); continue; }
    said=${said%%$'\n'*}
    tree "$ws" >"$work/after.sum"
    if cmp -s "$work/after.sum" "$work/old.sum"; then result=old
    elif cmp -s "$work/after.sum" "$work/new.sum"; then result=new
    else result=MIXED
    fi
    leftovers=$(find "$ws" -name '.*.xtask-tmp' -o -name '.*.xtask-old' -o -name .xtask-journal | wc -l)
    check=ok
    XTASK_ROOT=$ws "$xtask" codegen --check >/dev/null 2>&1 || check=STALE
    ok=yes
    { [ "$result" = MIXED ] || [ "$leftovers" != 0 ] || [ "$check" != ok ] ||
        { [ "$state" = journal ] && [ "$result" != new ]; }; } && ok=NO && failures=$((failures + 1))
    tally[$state]=$(( ${tally[$state]:-0} + 1 ))
    echo "kill $i at ${ms} ms: left $state; next run: $result, leftovers $leftovers, codegen --check $check, ok $ok ($said)"
done
echo "tally of states left by the kills:"
for k in "${!tally[@]}"; do echo "  $k: ${tally[$k]}"; done
echo "failures: $failures of $kills"
[ "$failures" = 0 ]
