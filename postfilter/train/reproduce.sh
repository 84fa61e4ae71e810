#!/bin/sh
# One command for one model with the current recipe: build the CLIs, make the pairs with our
# bpgenc/bpgdec, train (resumes if the run exists), export, measure precision, evaluate
# through the CLI on val-photos (the set that selects checkpoints and gives README's numbers).
#
#   postfilter/train/reproduce.sh [default|fast|paper] [STEPS]
#
# STEPS: where the cosine decay ends and the run stops (decay over the second half, L2 loss
# over the last 7%); 0 = constant lr until interrupted (SIGTERM checkpoints; run again to
# resume). `default` and `fast` start from scratch; `paper` is grown from the shipped
# `default` (train.py --grow-from). The shipped models themselves were trained this way but
# over several sessions of warm starts (postfilter/train/results/campaign.md), so a run of
# one session's length scores below them.
#
# Env: TRAIN_DIRS ("/work/shared/data/train /work/shared/data/train-photos"),
#      VAL_DIR (/work/shared/data/val-photos), BPGR_CACHE (/var/tmp/bpgr-train),
#      RUN (<model>-r1), PER_IMAGE (4 QPs per photo), BUILD (<repo>/build-train),
#      OUT (where the model file goes: $BPGR_CACHE/$RUN.bpgrm), EXTRA (more train.py options).
# Python: Debian's /usr/bin/python3 (torch, numpy, matplotlib); on CUDA any
# python3 with torch >= 1.13 via PYTHON=python3.
set -eu
MODEL=${1:-default}
STEPS=${2:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
TRAIN_DIRS=${TRAIN_DIRS:-/work/shared/data/train /work/shared/data/train-photos}
VAL_DIR=${VAL_DIR:-/work/shared/data/val-photos}
export BPGR_CACHE=${BPGR_CACHE:-/var/tmp/bpgr-train}
export BPGR_BUILD=${BUILD:-$REPO/build-train}
RUN=${RUN:-$MODEL-r1}
OUT=${OUT:-$BPGR_CACHE/$RUN.bpgrm}
case $MODEL in
  default|fast) START="--lr 1e-3" ;;
  paper) START="--grow-from $REPO/postfilter/models/default.bpgrm --lr 2e-4 --warmup-steps 400" ;;
  *) echo "reproduce.sh: unknown model '$MODEL' (default, fast, paper)" >&2; exit 2 ;;
esac
SCHEDULE=
if [ "$STEPS" -gt 0 ]; then
  SCHEDULE="--decay-start $((STEPS / 2)) --total-steps $STEPS --l2-from-frac 0.93"
fi

[ -d "$BPGR_BUILD" ] || meson setup "$BPGR_BUILD" "$REPO"
ninja -C "$BPGR_BUILD"

VAL_SET=$(basename "$VAL_DIR")
nice -n 10 "$PY" "$HERE/pairs.py" "$VAL_DIR" --set "$VAL_SET" --qps 28,33,38,43,48
SETS=
for d in $TRAIN_DIRS; do
  s=$(basename "$d")
  nice -n 10 "$PY" "$HERE/pairs.py" "$d" --set "$s" --qp-range 28 48 --per-image "${PER_IMAGE:-4}"
  SETS=${SETS:+$SETS,}$s
done

nice -n 10 "$PY" "$HERE/train.py" --run "$RUN" --preset "$MODEL" --train-set "$SETS" \
    --val-set "$VAL_SET" $START $SCHEDULE ${EXTRA:-}

"$PY" "$HERE/export.py" "$BPGR_CACHE/$RUN/best.pt" --name "$MODEL" --f16 --calib-set "${SETS%%,*}" \
    --check-set "$VAL_SET" -o "$OUT"
"$PY" "$HERE/plot_log.py" "$BPGR_CACHE/$RUN/log.tsv" -o "$BPGR_CACHE/$RUN/curve.png"
if "$PY" "$HERE/codec.py" --has-restore "$OUT"; then
  # bf16 / int8 PSNR loss against fp32 through the engine; records auto's precision.
  "$PY" "$HERE/choose_precision.py" "$OUT" --val-dir "$VAL_DIR" --qps 28,38,48 \
      --out "$BPGR_CACHE/eval-$RUN" --write
  # int8 as CPUs without VNNI run it (7-bit weights); records flags bit 2.
  "$PY" "$HERE/choose_precision.py" "$OUT" --val-dir "$VAL_DIR" --qps 28,38,48 \
      --out "$BPGR_CACHE/eval-$RUN" --write --without-vnni
  "$PY" "$HERE/evaluate.py" --model "$OUT" --val-dir "$VAL_DIR" --out "$BPGR_CACHE/eval-$RUN"
else
  "$PY" "$HERE/evaluate.py" --torch --model "$OUT" --val-dir "$VAL_DIR" --out "$BPGR_CACHE/eval-$RUN"
fi
"$PY" "$HERE/bd_rate.py" "$BPGR_CACHE/eval-$RUN/results.tsv"
echo "model: $OUT (copy it to postfilter/models/$MODEL.bpgrm only if it beats the shipped one on $VAL_SET)"
