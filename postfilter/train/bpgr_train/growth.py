"""Growing a trained model file into a larger net that computes (almost) the same
function, so a bigger model starts from a smaller one's gain instead of from zero
(function-preserving growth, as in Net2Net, Chen, Goodfellow and Shlens, ICLR 2016).

The file's convolutions are copied into the top-left corner of the larger net's
(its channels first, its blocks spread evenly among the new ones). Everything
new starts tiny: every weight leading into a copied channel from a new channel,
and the output scale g of every new output channel and of every new block's
second conv, is `eps` times its random init. New channels and new blocks
therefore add O(eps) to what the file computes, and each still has a random
direction (v) and a gradient, so training can recruit it.

Each conv's v is then scaled so that ||v|| = g per output channel (w unchanged). The
gradient reaching v is (g / ||v||) times the weight's: with a random-size v under a
tiny g it is eps times too small (under Adam's epsilon), so the new parts cannot turn
v towards anything useful, g only random-walks, and they stay dead. Measured on the
shipped `paper` (grown, run paper-g15, 2 940 steps): every new block's conv2 ended with a
norm of 0.002-0.03 against 1.3-3.0 for the copied blocks, new channels alike.
"""
import numpy as np
import torch

from .folding import config_for_warm_start

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
    """Where the file's blocks go among the net's: spread evenly, in order."""
    return [(i * n_net) // n_file for i in range(n_file)]


@torch.no_grad()
def _copy_conv(conv, w, b, eps, new_block=False):
    """conv (WNConv2d, larger) gets folded weight w and bias b (numpy) in its
    top-left corner; the rest of it is shrunk to O(eps)."""
    w = torch.from_numpy(np.ascontiguousarray(w, dtype=np.float32))
    b = torch.from_numpy(np.ascontiguousarray(b, dtype=np.float32))
    co, ci = w.shape[:2]
    if w.shape[2:] != conv.v.shape[2:] or co > conv.v.shape[0] or ci > conv.v.shape[1]:
        raise ValueError(f"tensor {tuple(w.shape)} does not fit {tuple(conv.v.shape)}")
    v = conv.v.clone()
    rand_norm = v.flatten(1).norm(dim=1)
    v[:co] *= eps                     # new inputs into copied outputs: tiny
    v[:co, :ci] = w
    conv.v.copy_(v)
    g = v.flatten(1).norm(dim=1)      # copied outputs: weight() == w (plus the tiny columns)
    g[co:] = eps * rand_norm[co:]     # new outputs: tiny, random direction
    conv.g.copy_(g)
    conv.b[:co] = b
    conv.b[co:] = 0.0


@torch.no_grad()
def grow_folded(net, file_cfg, tensors, eps=1e-4):
    """Loads a smaller file's folded tensors (FORMAT.md order) into net (model.WDSR)."""
    n_file, n_net = file_cfg["n_blocks"], net.cfg["n_blocks"]
    if len(tensors) != 2 * (2 * n_file + 3):
        raise ValueError(f"{len(tensors)} tensors for a {n_file}-block file")
    pairs = list(zip(tensors[0::2], tensors[1::2]))
    _copy_conv(net.head, *pairs[0], eps)
    placed = block_positions(n_file, n_net)
    for i, pos in enumerate(placed):
        blk = net.blocks[pos]
        _copy_conv(blk.conv1, *pairs[1 + 2 * i], eps)
        _copy_conv(blk.conv2, *pairs[2 + 2 * i], eps)
    for j, blk in enumerate(net.blocks):
        if j not in placed:           # a new block: its residual starts at O(eps)
            blk.conv2.g.mul_(eps)
            blk.conv2.b.zero_()
    _copy_conv(net.tail, *pairs[-2], eps)
    _copy_conv(net.skip, *pairs[-1], eps)
    for conv in net.conv_layers():
        balance(conv)


@torch.no_grad()
def balance(conv):
    """Scales v so that ||v|| = g for every output channel: the same weight, and a
    gradient on v as large as the weight's (see the module docstring)."""
    norm = conv.v.flatten(1).norm(dim=1).clamp_min(1e-30)
    conv.v.mul_((conv.g.abs() / norm).view(-1, 1, 1, 1))
