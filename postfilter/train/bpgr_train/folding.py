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
def load_folded(net, tensors):
    """Loads folded weights into the weight-norm parametrisation (v = w, g = ||w||, so
    weight() returns w exactly). A 3-channel head/skip going into a 4-channel net gets
    zero weights for the QP plane, so the warm-started net computes the file's function."""
    convs = net.conv_layers()
    if len(tensors) != 2 * len(convs):
        raise ValueError(f"{len(tensors)} tensors for {len(convs)} conv layers")
    for conv, w, b in zip(convs, tensors[0::2], tensors[1::2]):
        w = torch.from_numpy(np.ascontiguousarray(w, dtype=np.float32))
        v = torch.zeros_like(conv.v)
        if w.shape[1] > v.shape[1] or w.shape[0] != v.shape[0] or w.shape[2:] != v.shape[2:]:
            raise ValueError(f"tensor {tuple(w.shape)} does not fit {tuple(v.shape)}")
        v[:, :w.shape[1]] = w
        conv.v.copy_(v)
        conv.g.copy_(v.flatten(1).norm(dim=1))
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
