#!/usr/bin/env bash
# bench/run.sh — full-build benchmark of bulletin against Hugo on the same corpus.
#
# For each corpus size N it generates (once, cached in the work dir) the same
# deterministic corpus of Chinese press releases in two flavors with
# shared/corpus/gen_corpus.py: "ours" (a bulletin site) and "hugo" (a complete
# Hugo site with equivalent layouts, pagination, taxonomies and feeds).
# It then runs K pairs of full builds, alternating the order inside each pair
# (bulletin→hugo, hugo→bulletin, …), every build into a fresh empty output
# dir, and measures wall time and peak RSS with GNU time.  Hugo gets a fresh,
# empty cache and resource dir every run (--ignoreCache, --cacheDir,
# HUGO_RESOURCEDIR) so each of its builds is a cold full build too.  Finally
# it times one bulletin rebuild into the existing (not emptied) output dir,
# and after each pair one `bulletin check` of the same corpus (the issue
# holds it under a third of a build; "check/build" line).
#
# Output: a table on stdout, a final "ratio bulletin/hugo at N items" line per
# N, and in the work dir: results.tsv (one row per N), runs.tsv (one row per
# build, with CPU seconds and the load average before it), env.txt (versions,
# machine), logs/ (each build's stdout+stderr and GNU time output).
# Progress goes to stderr; the versions, table and ratio lines to stdout.
#
# Wall time is taken from bash's $EPOCHREALTIME around the GNU time call
# (millisecond resolution; GNU time's own %e, 10 ms resolution, is kept in
# runs.tsv as a cross-check).  Peak RSS is GNU time's %M (max resident set
# size of the process, KiB), reported in MiB.
#
# Needs: bash ≥ 5, python3, GNU time (/usr/bin/time), hugo, cargo (unless
# --bulletin is given).  Missing hugo / GNU time are installed from Debian's
# packages when running as root; otherwise the script stops and says so.
#
# Run `bench/run.sh --help` for the options.

set -euo pipefail
export LC_ALL=C

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)

usage() {
    cat <<EOF
Usage: bench/run.sh [options]

Full-build benchmark: bulletin vs Hugo on the same generated corpus.

Options:
  --n N[,N...]      corpus size(s) in items; may be repeated or a comma list
                    (default 10000), e.g. --n 1000,10000 or --n 1000 --n 10000
  --pairs K         number of bulletin/hugo build pairs per N, order
                    alternating pair by pair (default 3)
  --work DIR        work dir for corpora, outputs, logs and results
                    (default: bench/work/ in the repo; gitignored)
  --corpus PATH     corpus generator (default: ../shared/corpus/gen_corpus.py
                    relative to the repo root)
  --bulletin PATH   bulletin binary to use (default: run 'cargo build --release'
                    in the repo and use target/release/bulletin)
  --keep-outputs    leave the build outputs in <work>/out/ for inspection
                    (default: removed once all builds are done)
  -h, --help        show this help

Relative paths given as options are taken relative to the current directory.

Results: printed as a table, plus <work>/results.tsv (per N),
<work>/runs.tsv (per build), <work>/env.txt and <work>/logs/.
EOF
}

die() { echo "bench: error: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }
abspath() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

# ------------------------------------------------------------------ options

NS=()
PAIRS=3
WORK="$ROOT/bench/work"
CORPUS_GEN="$ROOT/../shared/corpus/gen_corpus.py"
BULLETIN=""
KEEP=0

need_arg() { [[ $# -ge 2 && -n "$2" ]] || die "option $1 needs a value (see --help)"; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --keep-outputs) KEEP=1; shift ;;
        --n) need_arg "$@"; IFS=',' read -r -a _ns <<<"$2"; NS+=("${_ns[@]}"); shift 2 ;;
        --n=*) IFS=',' read -r -a _ns <<<"${1#*=}"; NS+=("${_ns[@]}"); shift ;;
        --pairs) need_arg "$@"; PAIRS=$2; shift 2 ;;
        --pairs=*) PAIRS=${1#*=}; shift ;;
        --work) need_arg "$@"; WORK=$(abspath "$2"); shift 2 ;;
        --work=*) WORK=$(abspath "${1#*=}"); shift ;;
        --corpus) need_arg "$@"; CORPUS_GEN=$(abspath "$2"); shift 2 ;;
        --corpus=*) CORPUS_GEN=$(abspath "${1#*=}"); shift ;;
        --bulletin) need_arg "$@"; BULLETIN=$(abspath "$2"); shift 2 ;;
        --bulletin=*) BULLETIN=$(abspath "${1#*=}"); shift ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
done

[[ ${#NS[@]} -gt 0 ]] || NS=(10000)
for n in "${NS[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--n wants positive integers, got '$n'"
done
# numeric order, no duplicates
mapfile -t NS < <(printf '%s\n' "${NS[@]}" | sort -n -u)
[[ "$PAIRS" =~ ^[1-9][0-9]*$ ]] || die "--pairs wants a positive integer, got '$PAIRS'"
[[ -f "$CORPUS_GEN" ]] || die "corpus generator not found: $CORPUS_GEN (use --corpus)"
CORPUS_GEN=$(cd "$(dirname "$CORPUS_GEN")" && pwd)/$(basename "$CORPUS_GEN")

# ------------------------------------------------------------------ tools

APT_UPDATED=0
apt_install() {  # apt_install PACKAGE WHY
    if [[ $(id -u) -ne 0 ]]; then
        die "$2 is missing and we are not root: install Debian's '$1' package (apt-get install $1)"
    fi
    command -v apt-get >/dev/null || die "$2 is missing and there is no apt-get to install '$1'"
    say "installing Debian package '$1' ($2 is missing)"
    if [[ $APT_UPDATED -eq 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >&2 || die "apt-get install $1 failed"
}

command -v python3 >/dev/null || apt_install python3 "python3"
if ! /usr/bin/time --version 2>&1 | grep -q GNU; then
    apt_install time "GNU time (/usr/bin/time)"
    /usr/bin/time --version 2>&1 | grep -q GNU || die "/usr/bin/time is not GNU time"
fi
command -v hugo >/dev/null || apt_install hugo "hugo"
HUGO=$(command -v hugo) || die "hugo still not found after installing it"

# Hugo flags, checked against the installed version's --help.
HUGO_HELP=$(hugo --help 2>&1 || true)
HUGO_FLAGS=(--quiet)
for f in --ignoreCache --noBuildLock; do
    grep -q -- "$f" <<<"$HUGO_HELP" && HUGO_FLAGS+=("$f")
done
grep -q -- "--cacheDir" <<<"$HUGO_HELP" || die "this hugo has no --cacheDir flag"

if [[ -z "$BULLETIN" ]]; then
    command -v cargo >/dev/null || die "cargo not found: install Rust or pass --bulletin PATH"
    say "building bulletin: cargo build --release (in $ROOT)"
    (cd "$ROOT" && cargo build --release --bin bulletin) >&2 || die "cargo build --release failed"
    BULLETIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/bulletin"
    [[ "$BULLETIN" = /* ]] || BULLETIN="$ROOT/$BULLETIN"
fi
[[ -x "$BULLETIN" ]] || die "bulletin binary not found or not executable: $BULLETIN"

HUGO_VERSION=$(hugo version 2>&1 | head -n1) || HUGO_VERSION="(hugo version failed)"
BULLETIN_VERSION=$("$BULLETIN" --version 2>/dev/null | head -n1) || true
[[ -n "$BULLETIN_VERSION" ]] || BULLETIN_VERSION="(no --version output)"

mkdir -p "$WORK"/{corpus,out,logs}
WORK=$(cd "$WORK" && pwd)

{
    echo "date	$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "bulletin	$BULLETIN"
    echo "bulletin_version	$BULLETIN_VERSION"
    echo "hugo	$HUGO"
    echo "hugo_version	$HUGO_VERSION"
    echo "hugo_flags	${HUGO_FLAGS[*]} --cacheDir <fresh> (HUGO_RESOURCEDIR=<fresh>)"
    echo "generator	$CORPUS_GEN"
    echo "generator_sha256	$(sha256sum "$CORPUS_GEN" | cut -d' ' -f1)"
    echo "cpus	$(nproc)"
    echo "loadavg_at_start	$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "kernel	$(uname -sr)"
    echo "ns	${NS[*]}"
    echo "pairs	$PAIRS"
} >"$WORK/env.txt"

echo "bulletin: $BULLETIN_VERSION  ($BULLETIN)"
echo "hugo:     $HUGO_VERSION  ($HUGO)"
echo "hugo flags: ${HUGO_FLAGS[*]} --cacheDir <fresh per run>"
echo "machine:  $(nproc) CPUs; sizes: ${NS[*]}; pairs: $PAIRS; work: $WORK"
echo

# ------------------------------------------------------------------ corpora

GEN_SHA=$(sha256sum "$CORPUS_GEN" | cut -d' ' -f1)
SEED=1

# ensure_corpora N: generate ours-N and hugo-N unless present and up to date.
ensure_corpora() {
    local n=$1 flavor dir stamp want pids=() flavors=()
    for flavor in ours hugo; do
        dir="$WORK/corpus/$flavor-$n"
        stamp="$WORK/corpus/$flavor-$n.stamp"
        want="generator=$GEN_SHA n=$n flavor=$flavor seed=$SEED"
        if [[ -d "$dir/content" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
            say "corpus $flavor-$n: up to date, reused"
            continue
        fi
        rm -f "$stamp"
        say "corpus $flavor-$n: generating"
        ( python3 "$CORPUS_GEN" --n "$n" --flavor "$flavor" --seed "$SEED" --out "$dir" \
            >"$WORK/logs/gen-$flavor-$n.log" 2>&1 && printf '%s' "$want" >"$stamp" ) &
        pids+=($!); flavors+=("$flavor")
    done
    local i
    for i in "${!pids[@]}"; do
        if ! wait "${pids[$i]}"; then
            tail -n 20 "$WORK/logs/gen-${flavors[$i]}-$n.log" >&2 || true
            die "generating the ${flavors[$i]} corpus of $n items failed"
        fi
        say "corpus ${flavors[$i]}-$n: $(tail -n1 "$WORK/logs/gen-${flavors[$i]}-$n.log")"
    done
}

# ------------------------------------------------------------------ builds
#
# Nothing is deleted between timed builds: every build gets its own new empty
# output dir (out/<tool>-<n>-<pair>) and Hugo its own new cache dir, and all
# of them are removed only after the last build.  On this machine's ext4
# (mounted with "discard") deleting ~10,000 files just before a timed build
# made that build several times slower.

RUNS="$WORK/runs.tsv"
printf 'n\tpair\tpos\ttool\tkind\twall_s\ttime_e_s\tcpu_s\tuser_s\tsys_s\tmaxrss_kib\tfiles\tload1\n' >"$RUNS"

# Outputs left by an earlier, interrupted run: clear them before timing anything.
if [[ -n "$(ls -A "$WORK/out" 2>/dev/null)" || -d "$WORK/hugo-cache" ]]; then
    say "removing old outputs in $WORK/out"
    rm -rf "$WORK/out" "$WORK/hugo-cache"
    mkdir -p "$WORK/out"
    sync
    sleep 5
fi

read -r LOAD1 _ </proc/loadavg
if awk -v l="$LOAD1" 'BEGIN { exit !(l > 0.5) }'; then
    say "warning: load average is $LOAD1 before starting: something else is running, timings will be noisy"
fi

# build TOOL N PAIR POS KIND — KIND is "build" (a new empty output dir),
# "rebuild" (bulletin only: into the output dir of its last full build) or
# "check" (bulletin only: `bulletin check`, which writes nothing).
build() {
    local tool=$1 n=$2 pair=$3 pos=$4 kind=$5
    local out="$WORK/out/$tool-$n-$pair" log="$WORK/logs/$tool-$n-$kind-$pair.log"
    local tfile="$WORK/logs/$tool-$n-$kind-$pair.time" cache="$WORK/hugo-cache/$n-$pair"
    local cmd
    if [[ $kind == build ]]; then
        [[ ! -e "$out" ]] || die "output dir already exists: $out"
        mkdir -p "$out"
    elif [[ $kind == rebuild ]]; then
        out="$WORK/out/$tool-$n-$PAIRS"   # every pair builds both tools
        [[ -d "$out" ]] || die "no earlier output to rebuild into: $out"
    fi
    case $tool in
        bulletin)
            if [[ $kind == check ]]; then
                cmd=("$BULLETIN" check --root "$WORK/corpus/ours-$n")
            else
                cmd=("$BULLETIN" build --root "$WORK/corpus/ours-$n" --out "$out")
            fi ;;
        hugo)
            mkdir -p "$cache/cache" "$cache/resources"
            cmd=(env "HUGO_RESOURCEDIR=$cache/resources" "$HUGO" --source "$WORK/corpus/hugo-$n"
                 --destination "$out" "${HUGO_FLAGS[@]}" --cacheDir "$cache/cache") ;;
    esac
    sync
    local t0 t1 rc=0 load1
    read -r load1 _ </proc/loadavg
    t0=$EPOCHREALTIME
    /usr/bin/time -o "$tfile" -f '%e %U %S %M' "${cmd[@]}" >"$log" 2>&1 || rc=$?
    t1=$EPOCHREALTIME
    # The corpus has findings (titles repeated in a year): check exits 1.
    if [[ $kind == check && $rc -eq 1 ]]; then rc=0; fi
    if [[ $rc -ne 0 ]]; then
        echo "bench: $tool $kind failed (exit $rc) at n=$n: ${cmd[*]}" >&2
        echo "---- last 30 lines of $log ----" >&2
        tail -n 30 "$log" >&2 || true
        exit 1
    fi
    local e u s m wall cpu files
    read -r e u s m < <(tail -n1 "$tfile")
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    if [[ $kind == check ]]; then
        files=0
    else
        files=$(find "$out" -type f | wc -l)
        [[ $files -gt 0 ]] || die "$tool $kind at n=$n produced no files in $out"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$n" "$pair" "$pos" "$tool" "$kind" "$wall" "$e" "$cpu" "$u" "$s" "$m" "$files" "$load1" >>"$RUNS"
    printf '  n=%-6s %-7s pair %-2s %-8s %8s s wall %8s s cpu %7s MiB %6s files  (load %s)\n' \
        "$n" "$kind" "$pair" "$tool" "$wall" "$cpu" "$((m / 1024))" "$files" "$load1" >&2
}

for n in "${NS[@]}"; do
    ensure_corpora "$n"
    sync
    for ((p = 1; p <= PAIRS; p++)); do
        if ((p % 2 == 1)); then order=(bulletin hugo); else order=(hugo bulletin); fi
        build "${order[0]}" "$n" "$p" 1 build
        build "${order[1]}" "$n" "$p" 2 build
        build bulletin "$n" "$p" 3 check
    done
    build bulletin "$n" 1 1 rebuild
done

# ------------------------------------------------------------------ serve
# Edit-to-served latency of `bulletin serve`: 10 one-file edits per N, each
# timed from the write to the first response that shows it.
SERVE_TSV="$WORK/serve.tsv"
printf 'n\tmedian_ms\tmax_ms\tedits\n' >"$SERVE_TSV"
for n in "${NS[@]}"; do
    say "serve: edit-to-served latency at $n items"
    log="$WORK/logs/serve-$n.log"
    python3 "$SCRIPT_DIR/serve_latency.py" --root "$WORK/corpus/ours-$n" --bin "$BULLETIN" \
        --edits 10 --tsv "$SERVE_TSV" >"$log" 2>&1 \
        || { tail -30 "$log" >&2; die "serve latency failed at $n items (log: $log)"; }
done

# ------------------------------------------------------------------ report

python3 - "$RUNS" "$WORK/results.tsv" "$PAIRS" <<'PY'
import csv, statistics, sys

runs_path, results_path, pairs = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = list(csv.DictReader(open(runs_path), delimiter="\t"))
ns = sorted({int(r["n"]) for r in rows})
cols = ["n", "pairs", "bulletin_wall_s", "hugo_wall_s", "ratio_b_over_h",
        "bulletin_cpu_s", "hugo_cpu_s", "bulletin_user_s", "hugo_user_s",
        "bulletin_sys_s", "hugo_sys_s",
        "bulletin_peak_mib", "hugo_peak_mib", "bulletin_files", "hugo_files",
        "bulletin_rebuild_s", "bulletin_rebuild_peak_mib", "bulletin_check_s",
        "check_over_build"]
out = []
for n in ns:
    rs = [r for r in rows if int(r["n"]) == n]
    def sel(tool, kind="build"):
        return [r for r in rs if r["tool"] == tool and r["kind"] == kind]
    b, h, rb = sel("bulletin"), sel("hugo"), sel("bulletin", "rebuild")
    ck = [float(r["wall_s"]) for r in sel("bulletin", "check")]
    bw = {r["pair"]: float(r["wall_s"]) for r in b}
    hw = {r["pair"]: float(r["wall_s"]) for r in h}
    ratios = [bw[p] / hw[p] for p in bw if p in hw and hw[p] > 0]
    out.append({
        "n": n, "pairs": len(ratios),
        "bulletin_wall_s": "%.3f" % statistics.median(bw.values()),
        "hugo_wall_s": "%.3f" % statistics.median(hw.values()),
        "ratio_b_over_h": "%.3f" % statistics.median(ratios),
        "bulletin_cpu_s": "%.2f" % statistics.median(float(r["cpu_s"]) for r in b),
        "hugo_cpu_s": "%.2f" % statistics.median(float(r["cpu_s"]) for r in h),
        "bulletin_user_s": "%.2f" % statistics.median(float(r["user_s"]) for r in b),
        "hugo_user_s": "%.2f" % statistics.median(float(r["user_s"]) for r in h),
        "bulletin_sys_s": "%.2f" % statistics.median(float(r["sys_s"]) for r in b),
        "hugo_sys_s": "%.2f" % statistics.median(float(r["sys_s"]) for r in h),
        "bulletin_peak_mib": "%.1f" % (max(int(r["maxrss_kib"]) for r in b) / 1024),
        "hugo_peak_mib": "%.1f" % (max(int(r["maxrss_kib"]) for r in h) / 1024),
        "bulletin_files": b[-1]["files"], "hugo_files": h[-1]["files"],
        "bulletin_rebuild_s": "%.3f" % float(rb[-1]["wall_s"]) if rb else "",
        "bulletin_rebuild_peak_mib": "%.1f" % (int(rb[-1]["maxrss_kib"]) / 1024) if rb else "",
        "bulletin_check_s": "%.3f" % statistics.median(ck) if ck else "",
        "check_over_build": "%.3f" % (statistics.median(ck) / statistics.median(bw.values()))
        if ck else "",
    })

with open(results_path, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=cols, delimiter="\t", lineterminator="\n")
    w.writeheader()
    w.writerows(out)

hdr = ["N", "bulletin s", "hugo s", "ratio b/h", "bulletin MiB", "hugo MiB",
       "bulletin files", "hugo files", "rebuild s"]
keys = ["n", "bulletin_wall_s", "hugo_wall_s", "ratio_b_over_h", "bulletin_peak_mib",
        "hugo_peak_mib", "bulletin_files", "hugo_files", "bulletin_rebuild_s"]
table = [hdr] + [[str(r[k]) for k in keys] for r in out]
width = [max(len(row[i]) for row in table) for i in range(len(hdr))]
print()
print("wall s = median of full builds; ratio = median of pair-by-pair bulletin/hugo;")
print("MiB = peak RSS (max over runs); rebuild = bulletin into its existing output dir")
for j, row in enumerate(table):
    print("  ".join(c.rjust(width[i]) for i, c in enumerate(row)))
    if j == 0:
        print("  ".join("-" * w for w in width))
print()
for r in out:
    print("ratio bulletin/hugo at %d items: %.2f (median of %d pair%s)" % (
        r["n"], float(r["ratio_b_over_h"]), r["pairs"], "" if r["pairs"] == 1 else "s"))
    if r["bulletin_check_s"]:
        print("check/build at %d items: %.2f (check %s s, median)" % (
            r["n"], float(r["check_over_build"]), r["bulletin_check_s"]))

# Cost per item, to show how it grows: linear growth keeps it level. The
# CPU time is split into the program's own work (user) and the kernel's
# (system: mostly writing files), which on these machines grows faster
# than the bytes written once the output is gigabytes.
if len(out) > 1:
    print()
    for tool in ("bulletin", "hugo"):
        cells = ["%d: %.2f ms wall, %.2f ms user, %.2f ms system, %.1f KiB peak" % (
            r["n"],
            1000 * float(r[tool + "_wall_s"]) / r["n"],
            1000 * float(r[tool + "_user_s"]) / r["n"],
            1000 * float(r[tool + "_sys_s"]) / r["n"],
            1024 * float(r[tool + "_peak_mib"]) / r["n"]) for r in out]
        print("per item, %s: %s" % (tool, "; ".join(cells)))
PY

python3 - "$SERVE_TSV" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1]), delimiter="\t"):
    print("serve edit-to-served at %s items: median %s ms, max %s ms (%s edits)" % (
        r["n"], r["median_ms"], r["max_ms"], r["edits"]))
PY

if [[ $KEEP -eq 0 ]]; then
    rm -rf "$WORK/out" "$WORK/hugo-cache"
    mkdir -p "$WORK/out"
else
    say "outputs kept in $WORK/out (removed at the start of the next run)"
fi
say "results: $WORK/results.tsv (per-build: $RUNS, versions: $WORK/env.txt)"
