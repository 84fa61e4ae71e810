"""Growing a trained model file into a larger net that computes (almost) the same
function, so a bigger model starts from a smaller one's gain instead of from zero
(function-preserving growth, Net2Net: Chen, Goodfellow and Shlens, ICLR 2016).

Every part of the grown net is a share of a trained part (grown_tensors): new channels
are copies of trained ones, new blocks are pieces of trained blocks, so every weight
has a trained size and every part learns from the first step.

The first version put the file into a corner of the net and made everything new tiny
(O(1e-4) output scale g under a random-size v). Under weight norm and Adam those parts
never grew: on the `paper` grown that way (run paper-g15, 2 940 steps, and paper-g14,
4 914) every new block's conv2 ended with a norm of 0.002-0.06 against 1.2-3.0 for the
copied blocks, the new channels alike, and `paper` scored what `default` does.
"""
import numpy as np
import torch

from .folding import config_for_warm_start, load_folded

# Settings that must match between the file and the grown net.
SAME_KEYS = ("kernel", "skip_kernel", "in_channels", "res_scale")
GROW_KEYS = ("n_blocks", "width", "expanded")


def grown_config(preset, file_cfg, overrides):
    """The grown net's config: the file's config (mean, QP normalisation, kernels)
    with the preset's (or the overrides') size. Raises ValueError if the file does
    not fit inside it."""
    cfg = config_for_warm_start(preset, file_cfg, {})
    size = {k: preset[k] for k in GROW_KEYS}
    size.update((k, v) for k, v in overrides.items() if k in GROW_KEYS and v is not None)
    cfg.update(size)
    for k in SAME_KEYS:
        if overrides.get(k) not in (None, file_cfg[k]):
            raise ValueError(f"growth keeps {k} ({file_cfg[k]}), asked for {overrides[k]}")
    for k in GROW_KEYS:
        if cfg[k] < file_cfg[k]:
            raise ValueError(f"cannot grow {k} from {file_cfg[k]} down to {cfg[k]}")
    if all(cfg[k] == file_cfg[k] for k in GROW_KEYS):
        raise ValueError("the grown net is the file's size: use a warm start (--init-from)")
    return cfg


def block_positions(n_file, n_net):
    """Which file block each of the net's blocks comes from: file block i becomes a run
    of consecutive blocks, runs as even as possible, in order."""
    return [(j * n_file) // n_net for j in range(n_net)]


def _sources(n_file, n_net, weight):
    """For each of n_net channels, the file channel it copies: the file's channels
    first, then copies of the n_net - n_file heaviest ones (by `weight`)."""
    extra = n_net - n_file
    order = np.argsort(-weight, kind="stable")
    picks = np.concatenate([order] * (extra // n_file + 1))[:extra]
    return np.concatenate([np.arange(n_file), picks])


SHARE_LO = 0.3   # random shares are drawn in [SHARE_LO, 1 - SHARE_LO], then normalised


def _split(src, rng):
    """Per-copy shares of every file channel (summing to 1 per channel), random for a
    channel copied more than once, so copies get different gradients."""
    share = np.ones(len(src))
    for c in np.unique(src):
        idx = np.flatnonzero(src == c)
        if len(idx) > 1:
            f = rng.uniform(SHARE_LO, 1.0 - SHARE_LO, size=len(idx))
            share[idx] = f / f.sum()
    return share


def grown_tensors(file_cfg, tensors, cfg, seed=1):
    """The larger net's folded tensors (FORMAT.md order) from a smaller file's.

    Wider (Net2WiderNet, Chen, Goodfellow and Shlens, ICLR 2016): a new channel copies a
    file channel, and every weight reading the channel is split between the copies by
    random shares that sum to one, so the function is exactly the file's and the copies
    still learn apart. Deeper: file block i becomes a run of k consecutive blocks, each
    with its conv1 and a random share of its conv2 (shares summing to one per output
    channel): the run adds the block's residual in k steps, so the function is the
    file's up to the change of each step's input (second order in the residual)."""
    rng = np.random.default_rng(seed)
    n_file = file_cfg["n_blocks"]
    if len(tensors) != 2 * (2 * n_file + 3):
        raise ValueError(f"{len(tensors)} tensors for a {n_file}-block file")
    f32 = [np.asarray(t, dtype=np.float32) for t in tensors]
    head_w, head_b = f32[0], f32[1]
    tail_w, tail_b, skip_w, skip_b = f32[-4:]
    # Width: copy the channels the tail reads most.
    src_w = _sources(file_cfg["width"], cfg["width"], np.abs(tail_w).sum(axis=(0, 2, 3)))
    share_w = _split(src_w, rng)
    out = [head_w[src_w], head_b[src_w]]
    runs = block_positions(n_file, cfg["n_blocks"])
    for i in range(n_file):
        w1, b1, w2, b2 = f32[2 + 4 * i: 6 + 4 * i]
        # Expanded: copy the channels with the largest read x write weight.
        size = np.abs(w1).sum(axis=(1, 2, 3)) * np.abs(w2).sum(axis=(0, 2, 3))
        src_e = _sources(file_cfg["expanded"], cfg["expanded"], size)
        # The run's pieces share the block's residual: per output channel, shares sum to one.
        pieces = runs.count(i)
        step = rng.uniform(SHARE_LO, 1.0 - SHARE_LO, size=(pieces, w2.shape[0]))
        step = (step / step.sum(axis=0))[:, src_w]
        w1n = w1[src_e][:, src_w] * share_w[None, :, None, None]
        for k in range(pieces):
            share_e = _split(src_e, rng)
            w2n = w2[src_w][:, src_e] * share_e[None, :, None, None] * step[k][:, None, None, None]
            out += [w1n, b1[src_e], w2n, b2[src_w] * step[k]]
    out += [tail_w[:, src_w] * share_w[None, :, None, None], tail_b, skip_w, skip_b]
    return out


@torch.no_grad()
def grow_folded(net, file_cfg, tensors, seed=1):
    """Loads a smaller file's function into net (model.WDSR), grown (grown_tensors)."""
    load_folded(net, grown_tensors(file_cfg, tensors, net.cfg, seed), v_norm="w")
