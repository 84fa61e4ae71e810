"""Pure-PyTorch forward of a .bpgrm file's folded weights: the reference the C++
engine (check_engine.py), the export's read-back check and the tests compare with."""
import torch
import torch.nn.functional as F


@torch.no_grad()
def forward(cfg, tensors, rgb, qp=None):
    """rgb: (N,3,H,W) float 0..1 (float64 allowed); tensors as bpgrm.read returns them."""
    dt = rgb.dtype
    W = [torch.from_numpy(t).to(dtype=dt, device=rgb.device) for t in tensors]
    mean = torch.tensor(cfg["mean"], dtype=dt, device=rgb.device).view(1, 3, 1, 1)
    x = rgb - mean
    if cfg["in_channels"] == 4:
        if qp is None or qp < 0:
            raise ValueError("model needs the QP")
        v = (float(qp) - cfg["qp_center"]) / cfg["qp_scale"]
        x = torch.cat([x, torch.full_like(x[:, :1], v)], dim=1)
    k, s = cfg["kernel"] // 2, cfg["skip_kernel"] // 2
    h = F.conv2d(x, W[0], W[1], padding=k)
    i = 2
    for _ in range(cfg["n_blocks"]):
        t = F.relu(F.conv2d(h, W[i], W[i + 1], padding=k))
        h = h + cfg["res_scale"] * F.conv2d(t, W[i + 2], W[i + 3], padding=k)
        i += 4
    return F.conv2d(h, W[i], W[i + 1], padding=k) + F.conv2d(x, W[i + 2], W[i + 3], padding=s) + mean
