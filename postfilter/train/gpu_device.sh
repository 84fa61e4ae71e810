#!/bin/bash
# Runs on the GPU machine the device tool lends (its python3 holds PyTorch; nothing is installed).
#   gpu_device.sh prep BUNDLE SET [BUNDLE SET ...]   unpack carried gpu_bundle.py bundles into
#                                                    /tmp/bt/SET (kept while the machine stays warm)
#   gpu_device.sh train RUN [train.py options]       train on every prepared set but gpu-val
#                                                    (validation), run dir $OUT/RUN, so best.pt,
#                                                    snapshots and log.tsv come back
# One call a bundle (the carry limit is 64 MiB), back to back: the machine is given back 30 s
# after a call, and a fresh one has none of the earlier sets.
set -u
export PYTHONUNBUFFERED=1
T=$(dirname "$0")
R=/tmp/bt
t0=$(date +%s)
el() { echo "[+$(( $(date +%s) - t0 ))s] $*"; }
case ${1:-} in
prep)
  shift
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  while [ $# -ge 2 ]; do
    if [ -f $R/$2/manifest.json ]; then el "$2 already there"
    else python3 $T/gpu_prepare.py $1 --root $R --set $2 || { echo "gpu_prepare $1 failed"; exit 1; }; fi
    shift 2
  done
  el prepared; ls $R
  ;;
train)
  run=$2; shift 2
  sets=$(for d in $R/*/; do s=$(basename $d); [ $s != gpu-val ] && [ -f $d/manifest.json ] && echo $s; done | paste -sd,)
  [ -n "$sets" ] || { echo "no prepared training set under $R"; exit 1; }
  val=none; [ -f $R/gpu-val/manifest.json ] && val=gpu-val
  for d in $R/*/; do ln -sfn ${d%/} $OUT/$(basename $d); done
  el "training on $sets, validating on $val"
  python3 $T/train.py --root $OUT --run $run --train-set $sets --val-set $val "$@" > $OUT/train.log 2>&1
  rc=$?
  for d in $R/*/; do rm -f $OUT/$(basename $d); done
  el "train.py exit $rc"
  grep -v "^step [0-9]* loss" $OUT/train.log | tail -n 40; grep "^step [0-9]* loss" $OUT/train.log | tail -n 3
  exit $rc
  ;;
*)
  sed -n 2,9p "$0"; exit 2
  ;;
esac
