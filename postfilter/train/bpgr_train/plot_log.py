"""Learning curve of a run: train.py's log.tsv -> PNG (loss and validation gain vs training hours).

  plot_log.py /var/tmp/bpgr-train/default-v1/log.tsv -o curve.png
"""
import argparse
import csv
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("-o", "--output", required=True)
    a = ap.parse_args()
    with open(a.log) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(6, 6), dpi=110, sharex=True)
    for kind, style in (("subset", "o-"), ("full", "s--")):
        r = [x for x in rows if x["val"] == kind]
        ax2.plot([float(x["train_h"]) for x in r], [float(x["gain_db"]) for x in r], style, ms=3,
                 label=f"mean gain ({kind} val)")
        ax2.plot([float(x["train_h"]) for x in r], [float(x["worst_gain_db"]) for x in r], style, ms=2,
                 alpha=0.4, label=f"worst item ({kind})")
    r = [x for x in rows if x["val"] == "subset" and not math.isnan(float(x["loss"]))]
    ax1.plot([float(x["train_h"]) for x in r], [float(x["loss"]) for x in r], "-")
    ax1.set_ylabel("train L1 loss")
    ax2.axhline(0, color="k", lw=0.5)
    ax2.set_ylabel("PSNR gain (dB)")
    ax2.set_xlabel("training hours")
    ax2.legend(fontsize=7)
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(a.output)


if __name__ == "__main__":
    main()
