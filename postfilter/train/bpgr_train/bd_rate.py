"""Bjøntegaard delta rate (VCEG-M33): the average bitrate difference, in percent, of
a test RD curve against an anchor at equal PSNR. log(rate) is fitted as a cubic
polynomial of PSNR for each curve and integrated over the PSNR range both cover.
Negative = the test needs fewer bits for the same quality.

  bd_rate.py results.tsv      # evaluate.py's table: BPG+restore against BPG
"""
import argparse
import csv

import numpy as np


def bd_rate(rate_anchor, psnr_anchor, rate_test, psnr_test):
    """Rates (any unit, > 0) and PSNRs of two curves with >= 4 points each; percent."""
    if min(len(rate_anchor), len(rate_test)) < 4:
        raise ValueError("BD-rate needs at least 4 points per curve")
    la, lt = np.log(np.asarray(rate_anchor, float)), np.log(np.asarray(rate_test, float))
    pa, pt = np.asarray(psnr_anchor, float), np.asarray(psnr_test, float)
    fa, ft = np.polyfit(pa, la, 3), np.polyfit(pt, lt, 3)
    lo, hi = max(pa.min(), pt.min()), min(pa.max(), pt.max())
    if hi <= lo:
        raise ValueError("the two curves share no PSNR range")
    ia, it = np.polyint(fa), np.polyint(ft)
    avg = ((np.polyval(it, hi) - np.polyval(it, lo)) - (np.polyval(ia, hi) - np.polyval(ia, lo))) / (hi - lo)
    return (np.exp(avg) - 1.0) * 100.0


def curves_from_results(path):
    """Mean bpp, plain PSNR and restored PSNR per QP of an evaluate.py results.tsv."""
    by_qp = {}
    with open(path) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            by_qp.setdefault(int(r["qp"]), []).append(r)
    qps = sorted(by_qp)
    mean = lambda q, k: float(np.mean([float(r[k]) for r in by_qp[q]]))  # noqa: E731
    return ([mean(q, "bpp") for q in qps], [mean(q, "psnr") for q in qps],
            [mean(q, "psnr_restored") for q in qps])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("results", nargs="+", help="evaluate.py results.tsv")
    for path in ap.parse_args().results:
        bpp, p0, p1 = curves_from_results(path)
        print(f"{path}: BD-rate of BPG+restore against BPG: {bd_rate(bpp, p0, bpp, p1):+.2f}%")


if __name__ == "__main__":
    main()
