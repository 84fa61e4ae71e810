"""Rate-distortion plot of several models on one photo set, from evaluate.py results.tsv files.

  rd_plot.py fast=results/eval-fast-val-photos.tsv default=... paper=... -o rd.png

Plots BPG (the plain decode, from the first file) and BPG + restore for each LABEL=FILE, mean
RGB PSNR against mean bits per pixel per QP. The files must come from the same photos and
encoder settings (then their plain curves coincide; a mismatch is refused).
"""
import argparse

from .bd_rate import curves_from_results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("curves", nargs="+", metavar="LABEL=FILE")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--title", default="")
    a = ap.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.4), dpi=110)
    plain = None
    for item in a.curves:
        label, sep, path = item.partition("=")
        if not sep:
            ap.error(f"{item}: expected LABEL=FILE")
        bpp, p0, p1 = curves_from_results(path)
        if plain is None:
            plain = list(zip(bpp, p0))
            ax.plot(bpp, p0, "o-", color="black", label="BPG")
        elif not all(any(abs(b - pb) < 1e-6 and abs(p - pp) < 1e-6 for pb, pp in plain)
                     for b, p in zip(bpp, p0)):
            # Every plain point of a later file must be one of the first file's (a model
            # evaluated on fewer QPs gives a subset of them).
            ap.error(f"{path}: its plain decode differs from the first file's (other photos or encoder?)")
        ax.plot(bpp, p1, "o-", label=f"BPG + restore ({label})")
    ax.set_xlabel("bits per pixel")
    ax.set_ylabel("RGB PSNR (dB)")
    ax.set_title(a.title)
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(a.output)
    print(f"wrote {a.output}")


if __name__ == "__main__":
    main()
