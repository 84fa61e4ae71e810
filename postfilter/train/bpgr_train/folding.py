"""Between the training model (weight-normalised convs, model.py) and a model file's
folded weights (w = g * v / ||v||, FORMAT.md order): export folds, a warm start
(train.py --init-from) unfolds."""
import numpy as np
import torch


@torch.no_grad()
def folded_tensors(net):
    """The net's folded weights and biases as float64 numpy arrays, in file order."""
    out = []
    for conv in net.conv_layers():
        out += [conv.weight().double().numpy(), conv.b.double().numpy()]
    return out


@torch.no_grad()
def load_folded(net, tensors, v_norm="init"):
    """Loads folded weights into the weight-norm parametrisation: g = ||w||, and v = w
    times a power of two per output filter, bringing ||v|| within sqrt(2) of the net's
    own v (its fresh init), so weight() returns w exactly and Adam, whose steps are about
    lr per element whatever the scale, turns each filter about as fast as in the run
    that made the file. (With v = w, the filters that start small and stay small turned
    faster by init ||v|| / ||w||: 2-9x for the block conv2s and the tail of the shipped
    `paper`.) v_norm="w" keeps v = w, as growth.py's Net2Net growth was designed and
    tested with. A 3-channel head/skip going into a 4-channel net gets zero weights for
    the QP plane, so the warm-started net computes the file's function."""
    if v_norm not in ("init", "w"):
        raise ValueError(f"v_norm {v_norm!r}: 'init' or 'w'")
    convs = net.conv_layers()
    if len(tensors) != 2 * len(convs):
        raise ValueError(f"{len(tensors)} tensors for {len(convs)} conv layers")
    for conv, w, b in zip(convs, tensors[0::2], tensors[1::2]):
        w = torch.from_numpy(np.ascontiguousarray(w, dtype=np.float32))
        v = torch.zeros_like(conv.v)
        if w.shape[1] > v.shape[1] or w.shape[0] != v.shape[0] or w.shape[2:] != v.shape[2:]:
            raise ValueError(f"tensor {tuple(w.shape)} does not fit {tuple(v.shape)}")
        v[:, :w.shape[1]] = w
        w_norm = v.flatten(1).norm(dim=1)
        if v_norm == "init":
            live = w_norm > 0
            init_norm = conv.v.flatten(1).norm(dim=1)[live]
            scale = torch.exp2(torch.round(torch.log2(init_norm / w_norm[live])))
            v[live] *= scale.view(-1, *([1] * (v.dim() - 1)))
            v[~live] = conv.v[~live]   # a zero filter (g = 0) keeps its init direction
        conv.v.copy_(v)
        conv.g.copy_(w_norm)
        conv.b.copy_(torch.from_numpy(np.ascontiguousarray(b, dtype=np.float32)))


ARCH_KEYS = ("n_blocks", "width", "expanded", "kernel", "skip_kernel", "in_channels", "res_scale",
             "qp_min", "qp_max")


def config_for_warm_start(preset, file_cfg, overrides, qp_range=None):
    """A new run's model config: the preset, then the file's architecture, mean and QP
    range (if a file is given), then explicit overrides (n_blocks, width, expanded,
    in_channels; None = keep), then qp_range. A QP-aware file keeps its QP
    normalisation when the net stays QP-aware and the range is not overridden."""
    p = dict(preset)
    if file_cfg:
        for k in ARCH_KEYS:
            p[k] = file_cfg[k]
        p["mean"] = list(file_cfg["mean"])
    p.update((k, v) for k, v in overrides.items() if v is not None)
    if qp_range:
        p["qp_min"], p["qp_max"] = qp_range
    if file_cfg and p["in_channels"] == file_cfg["in_channels"] == 4 and not qp_range:
        p["qp_center"], p["qp_scale"] = file_cfg["qp_center"], file_cfg["qp_scale"]
    return p
