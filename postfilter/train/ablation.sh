#!/bin/sh
# The recipe ablation of postfilter/train/README.md: the `default` architecture trained from
# scratch, the same number of steps, seed and data for every variant, one recipe choice changed
# at a time; each run's last log row (train.py validates at the end of its schedule) is its
# result on the val-photos subset (centre 256x256 crops, bpgenc -q 28, 38, 48).
#
#   postfilter/train/ablation.sh [STEPS] [VARIANT ...]
#
# Variants: p64 (64x64 x 16, constant lr, L1: the first recipe), p96 (96x96 x 8: about the
# same pixels per step), decay (p96 + cosine decay over the second half), l2 (decay + L2 loss
# over the last 10%), noqp (l2 without the QP plane: 3 input channels).
# Env: BPGR_CACHE (/var/tmp/bpgr-train; needs the pair sets train, train-photos, val-photos
# from pairs.py), BUILD (<repo>/build-train), THREADS (1), PREFIX (abl), LR (1e-3).
set -eu
STEPS=${1:-2000}
[ $# -gt 0 ] && shift
VARIANTS=${*:-p64 p96 decay l2 noqp}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
export BPGR_CACHE=${BPGR_CACHE:-/var/tmp/bpgr-train}
export BPGR_BUILD=${BUILD:-$REPO/build-train}
PREFIX=${PREFIX:-abl}
LR=${LR:-1e-3}
HALF=$((STEPS / 2))

# Each variant is the one before it plus one change (p64 and p96 differ in patch and batch).
P96="--patch 96 --batch 8"
DECAY="$P96 --decay-start $HALF"
L2="$DECAY --l2-from-frac 0.9"
for v in $VARIANTS; do
  case $v in
    p64) opts="--patch 64 --batch 16" ;;
    p96) opts=$P96 ;;
    decay) opts=$DECAY ;;
    l2) opts=$L2 ;;
    noqp) opts="$L2 --in-channels 3" ;;
    *) echo "ablation.sh: unknown variant '$v' (p64 p96 decay l2 noqp)" >&2; exit 2 ;;
  esac
  echo "== $PREFIX-$v-$STEPS: $opts"
  # shellcheck disable=SC2086
  "$PY" "$HERE/train.py" --run "$PREFIX-$v-$STEPS" --root "$BPGR_CACHE" --preset default $opts \
    --train-set train,train-photos --val-set val-photos --val-crop 256 --val-qps 28,38,48 \
    --lr "$LR" --total-steps "$STEPS" --val-minutes 100000 --ckpt-minutes 5 --seed 1 \
    --threads "${THREADS:-1}"
done

echo
echo "| variant | steps | val-photos subset gain (dB) | worst crop (dB) |"
echo "|---|---|---|---|"
for v in $VARIANTS; do
  log=$BPGR_CACHE/$PREFIX-$v-$STEPS/log.tsv
  [ -f "$log" ] || continue
  tail -n 1 "$log" | awk -F'\t' -v v="$v" '{ printf "| %s | %s | %s | %s (%s) |\n", v, $1, $11, $12, $13 }'
done
