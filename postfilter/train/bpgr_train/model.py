"""WDSR-A at scale 1 with weight normalisation: the network of FORMAT.md.

Forward (x = input in 0..1 minus the per-channel mean, plus an optional
constant QP plane (qp - qp_center) / qp_scale as a 4th channel):
    h = head(x); for each block: h = h + res_scale * conv2(relu(conv1(h)))
    y = tail(h) + skip(x) + mean
Convolutions use zero "same" padding. Weight norm is our own small module
(w = g * v / ||v||, norm over in-channels and kernel per output channel), so
the code does not depend on torch.nn.utils.weight_norm, which newer PyTorch
deprecates. Export folds it (folding.py).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class WNConv2d(nn.Module):
    def __init__(self, cin, cout, k, g_scale=1.0):
        super().__init__()
        self.k = k
        v = torch.empty(cout, cin, k, k)
        nn.init.kaiming_uniform_(v, a=math.sqrt(5))  # PyTorch's default conv init
        self.v = nn.Parameter(v)
        # g = ||v|| reproduces the plain init; g_scale shrinks the layer's output.
        self.g = nn.Parameter(v.flatten(1).norm(dim=1) * g_scale)
        bound = 1.0 / math.sqrt(cin * k * k)
        self.b = nn.Parameter(torch.empty(cout).uniform_(-bound, bound))

    def weight(self):
        norm = self.v.flatten(1).norm(dim=1).clamp_min(1e-12)
        return self.v * (self.g / norm).view(-1, 1, 1, 1)

    def forward(self, x):
        return F.conv2d(x, self.weight(), self.b, padding=self.k // 2)


class Block(nn.Module):
    def __init__(self, width, expanded, k, res_scale, init_scale):
        super().__init__()
        self.conv1 = WNConv2d(width, expanded, k)
        self.conv2 = WNConv2d(expanded, width, k, g_scale=init_scale)
        self.res_scale = res_scale

    def forward(self, h):
        return h + self.res_scale * self.conv2(F.relu(self.conv1(h)))


class WDSR(nn.Module):
    """Parameters are those of the .bpgrm header (FORMAT.md)."""

    def __init__(self, n_blocks=8, width=24, expanded=96, kernel=3, skip_kernel=5,
                 in_channels=4, mean=(0.5, 0.5, 0.5), res_scale=1.0,
                 qp_min=28, qp_max=48, qp_center=None, qp_scale=None, name="default",
                 tail_init=1e-3, block_init=0.1):
        super().__init__()
        assert in_channels in (3, 4)
        self.cfg = dict(n_blocks=n_blocks, width=width, expanded=expanded, kernel=kernel,
                        skip_kernel=skip_kernel, in_channels=in_channels, mean=list(mean),
                        res_scale=res_scale, qp_min=qp_min, qp_max=qp_max,
                        qp_center=float((qp_min + qp_max) / 2 if qp_center is None else qp_center),
                        qp_scale=float(max(1.0, (qp_max - qp_min) / 2) if qp_scale is None
                                       else qp_scale),
                        name=name, tail_init=tail_init, block_init=block_init)
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1))
        self.head = WNConv2d(in_channels, width, kernel)
        self.blocks = nn.ModuleList(Block(width, expanded, kernel, res_scale, block_init)
                                    for _ in range(n_blocks))
        # Tail near zero and skip = identity on RGB: the untrained net returns its input.
        self.tail = WNConv2d(width, 3, kernel, g_scale=tail_init)
        self.skip = WNConv2d(in_channels, 3, skip_kernel)
        with torch.no_grad():
            v = torch.zeros(3, in_channels, skip_kernel, skip_kernel)
            for c in range(3):
                v[c, c, skip_kernel // 2, skip_kernel // 2] = 1.0
            v += 1e-4 * torch.randn_like(v)   # tiny noise so every tap gets a gradient direction
            self.skip.v.copy_(v)
            self.skip.g.copy_(torch.ones(3))
            self.skip.b.zero_()
            self.tail.b.zero_()

    def qp_plane_value(self, qp):
        return (float(qp) - self.cfg["qp_center"]) / self.cfg["qp_scale"]

    def make_input(self, rgb, qp=None):
        """rgb: (N,3,H,W) in 0..1; qp: None, a number, or an (N,) tensor of slice QPs."""
        x = rgb - self.mean
        if self.cfg["in_channels"] == 4:
            n, _, h, w = rgb.shape
            if qp is None:
                raise ValueError("this model needs the slice QP")
            q = torch.as_tensor(qp, dtype=rgb.dtype, device=rgb.device).reshape(-1)
            q = (q - self.cfg["qp_center"]) / self.cfg["qp_scale"]
            plane = q.view(-1, 1, 1, 1).expand(n, 1, h, w)
            x = torch.cat([x, plane], dim=1)
        return x

    def forward(self, rgb, qp=None):
        x = self.make_input(rgb, qp)
        h = self.head(x)
        for b in self.blocks:
            h = b(h)
        return self.tail(h) + self.skip(x) + self.mean

    def conv_layers(self):
        """Conv modules in FORMAT.md tensor/calibration order."""
        layers = [self.head]
        for b in self.blocks:
            layers += [b.conv1, b.conv2]
        return layers + [self.tail, self.skip]

    def receptive_radius(self):
        k = self.cfg["kernel"] // 2
        return max(k * (2 + 2 * self.cfg["n_blocks"]), self.cfg["skip_kernel"] // 2)

    def macs_per_pixel(self):
        c = self.cfg
        k2, s2 = c["kernel"] ** 2, c["skip_kernel"] ** 2
        return (c["in_channels"] * c["width"] * k2 + c["n_blocks"] * 2 * c["width"] * c["expanded"] * k2
                + c["width"] * 3 * k2 + c["in_channels"] * 3 * s2)


# QP ranges are slice QPs (what the decoder passes the filter): bpgenc -q 28..48 with
# x265's constant QP codes the I picture at slice QP 25..45.
PRESETS = {
    "default": dict(n_blocks=8, width=24, expanded=96, in_channels=4, qp_min=25, qp_max=45),
    "paper": dict(n_blocks=16, width=32, expanded=128, in_channels=4, qp_min=25, qp_max=45),
    "fast": dict(n_blocks=4, width=16, expanded=64, in_channels=4, qp_min=25, qp_max=45),
}


def build(cfg):
    """Rebuild from a saved cfg dict (checkpoints store model.cfg)."""
    return WDSR(**cfg)
