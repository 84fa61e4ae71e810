#!/bin/sh
# One command to reproduce a shipped model: build the CLIs, make the pairs with our
# bpgenc/bpgdec, train (resumes if the run exists), export, evaluate through the CLI.
#
#   postfilter/train/reproduce.sh [default|paper|fast] [STEPS]
#
# Env: TRAIN_DIR (/work/shared/data/train), VAL_DIR (/work/shared/data/val),
#      BPGR_CACHE (/var/tmp/bpgr-train), RUN (<model>-v1), PER_IMAGE (4 QPs/photo),
#      BUILD (<repo>/build-train), EXTRA (more train.py options).
# Python: Debian's /usr/bin/python3 (torch, numpy, matplotlib); on CUDA any
# python3 with torch >= 1.13 via PYTHON=python3.
set -eu
MODEL=${1:-default}
STEPS=${2:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
PY=${PYTHON:-/usr/bin/python3}
TRAIN_DIR=${TRAIN_DIR:-/work/shared/data/train}
VAL_DIR=${VAL_DIR:-/work/shared/data/val}
export BPGR_CACHE=${BPGR_CACHE:-/var/tmp/bpgr-train}
export BPGR_BUILD=${BUILD:-$REPO/build-train}
RUN=${RUN:-$MODEL-v1}
case $MODEL in
  default|fast) LO=28; HI=48 ;;
  paper) LO=38; HI=48 ;;
  *) echo "unknown model $MODEL" >&2; exit 2 ;;
esac
SET=train
[ "$LO-$HI" = "28-48" ] || SET=train-q$LO-$HI

[ -d "$BPGR_BUILD" ] || meson setup "$BPGR_BUILD" "$REPO"
ninja -C "$BPGR_BUILD"

nice -n 10 "$PY" "$HERE/pairs.py" "$VAL_DIR" --set val --qps 28,33,38,43,48
nice -n 10 "$PY" "$HERE/pairs.py" "$TRAIN_DIR" --set $SET --qp-range $LO $HI --per-image ${PER_IMAGE:-4}

# Training stops at STEPS (0 = until interrupted; it checkpoints and resumes).
nice -n 10 "$PY" "$HERE/train.py" --run "$RUN" --preset "$MODEL" --train-set $SET \
    --total-steps "$STEPS" ${EXTRA:-}

"$PY" "$HERE/export.py" "$BPGR_CACHE/$RUN/best.pt" --calib-set $SET --name "$MODEL" \
    -o "$REPO/postfilter/models/$MODEL.bpgrm"
"$PY" "$HERE/plot_log.py" "$BPGR_CACHE/$RUN/log.tsv" -o "$BPGR_CACHE/$RUN/curve.png"
if "$PY" "$HERE/codec.py" --has-restore "$REPO/postfilter/models/$MODEL.bpgrm"; then
  # bf16 / int8 PSNR loss against fp32 through the engine; records auto's precision.
  "$PY" "$HERE/choose_precision.py" "$REPO/postfilter/models/$MODEL.bpgrm" --val-dir "$VAL_DIR" \
      --qps $LO,$(( (LO + HI) / 2 )),$HI --out "$BPGR_CACHE/eval-$RUN" --write
  # int8 as CPUs without VNNI run it (7-bit weights); records flags bit 2.
  "$PY" "$HERE/choose_precision.py" "$REPO/postfilter/models/$MODEL.bpgrm" --val-dir "$VAL_DIR" \
      --qps $LO,$(( (LO + HI) / 2 )),$HI --out "$BPGR_CACHE/eval-$RUN" --write --without-vnni
  "$PY" "$HERE/evaluate.py" --model "$REPO/postfilter/models/$MODEL.bpgrm" --val-dir "$VAL_DIR" \
      --out "$BPGR_CACHE/eval-$RUN"
else
  "$PY" "$HERE/evaluate.py" --torch --model "$REPO/postfilter/models/$MODEL.bpgrm" --val-dir "$VAL_DIR" \
      --out "$BPGR_CACHE/eval-$RUN"
fi
