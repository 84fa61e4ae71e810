"""Trains a WDSR-A restoration model on cached pairs (pairs.py). Resumable.

  train.py --run default-v1 --preset default            # starts or resumes
  train.py --run paper-v1 --preset paper --max-minutes 60
  train.py --run default-s3 --init-from postfilter/models/default.bpgrm   # warm start from a shipped model
  train.py --run paper-g1 --preset paper --grow-from postfilter/models/default.bpgrm   # a larger net grown from a smaller one

Data: --train-set train,train-photos and --val-set val-photos (pairs.py sets under ROOT) unless given.

Run directory ROOT/RUN (default /var/tmp/bpgr-train/RUN):
  last.pt   model, EMA, optimizer, RNG states, step (every --ckpt-minutes, and on SIGTERM)
  best.pt   EMA weights with the best validation gain (subset val), + cfg
  log.tsv   loss and validation PSNR over time
  swa/step-NNNNNNN.pt  EMA weights every --snapshot-minutes (best.pt's form), for soup.py to average
Runs on CPU (bf16 autocast + channels-last + huge-page malloc, the fastest
setting measured on this machine) or CUDA (same code, picked automatically).
"""
import argparse
import copy
import inspect
import os
import random
import signal
import sys
import time

import numpy as np
import torch

from . import bpgrm
from . import model as M
from .folding import config_for_warm_start, load_folded
from .growth import grow_folded, grown_config
from .schedule import budget_frac, loss_at, lr_at
from .dataset import PairSet, PatchSampler, dec16_to8, psnr8, quant8, to_tensor16

DEFAULT_ROOT = os.environ.get("BPGR_CACHE", "/var/tmp/bpgr-train")
LOG_COLS = ["step", "time", "train_h", "lr", "loss", "it_s", "val", "n", "psnr_base", "psnr",
            "gain_db", "worst_gain_db", "worst"]


def torch_load(path, device):
    kw = {"map_location": device}
    if "weights_only" in inspect.signature(torch.load).parameters:
        kw["weights_only"] = False
    return torch.load(path, **kw)


def atomic_save(obj, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    torch.save(obj, path + ".tmp")
    os.replace(path + ".tmp", path)


def pick_device(name):
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


class Validator:
    """Fixed validation items: (name, qp, dec tensor, orig uint8, baseline PSNR)."""

    def __init__(self, pairset, qps, crop, device):
        self.items = []
        for stem, qp, dec, _, sqp in pairset.pairs:
            if qps and qp not in qps:
                continue
            orig = pairset.orig[stem]
            if crop:
                h, w, _ = dec.shape
                c = min(crop, h, w)
                y, x = (h - c) // 2, (w - c) // 2
                dec, orig = dec[y:y + c, x:x + c], orig[y:y + c, x:x + c]
            base = psnr8(dec16_to8(dec), orig)
            self.items.append((f"{stem}@{qp}", sqp, to_tensor16(np.ascontiguousarray(dec)),
                               np.ascontiguousarray(orig), base))
        self.device = device

    @torch.no_grad()
    def run(self, net, channels_last):
        net.eval()
        gains, psnrs, bases = [], [], []
        worst = (1e9, "")
        for name, qp, x, orig, base in self.items:
            x = x.to(self.device)
            if channels_last:
                x = x.contiguous(memory_format=torch.channels_last)
            y = net(x, torch.tensor([float(qp)], device=self.device))
            p = psnr8(quant8(y), orig)
            psnrs.append(p)
            bases.append(base)
            gains.append(p - base)
            if p - base < worst[0]:
                worst = (p - base, name)
        net.train()
        return dict(n=len(gains), psnr_base=float(np.mean(bases)), psnr=float(np.mean(psnrs)),
                    gain_db=float(np.mean(gains)), worst_gain_db=worst[0], worst=worst[1])


DEFAULT_PATCH, DEFAULT_BATCH = 64, 16
KEPT_ON_RESUME = ("train_set", "val_set", "patch", "batch", "seed", "allow_synthetic")


def kept_settings(saved, given, forked):
    """The data settings a resumed run takes from its checkpoint (saved args) rather than
    from the command line (given args): all of KEPT_ON_RESUME on a resume. A --fork branch
    is a new run with its own seed, and may change --patch and --batch (larger patches
    late in training, as in progressive patch sizes); what it does not give, it inherits."""
    out = {k: saved[k] for k in KEPT_ON_RESUME}
    if forked:
        out["seed"] = given["seed"]
        for k in ("patch", "batch"):
            if given.get(k):
                out[k] = given[k]
    return out


def reexec_with_huge_pages():
    """Huge-page malloc: on this VM every first touch of a fresh 4 KiB page costs ~12 us; with
    glibc's hugetlb tunable PyTorch's buffers come from 2 MiB pages (3.4x faster, see issue 6).
    The tunable is read at process start, so the process runs itself again with it set."""
    if "glibc.malloc.hugetlb" in os.environ.get("GLIBC_TUNABLES", "") or \
            os.environ.get("BPGR_NO_REEXEC") == "1":
        return
    env = dict(os.environ)
    env["GLIBC_TUNABLES"] = ":".join(filter(None, [env.get("GLIBC_TUNABLES"), "glibc.malloc.hugetlb=1"]))
    env["BPGR_NO_REEXEC"] = "1"
    argv = getattr(sys, "orig_argv", None) or [sys.executable] + sys.argv   # keeps `-m bpgr_train.train`
    os.execve(sys.executable, [sys.executable] + argv[1:], env)


def main():
    reexec_with_huge_pages()
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--root", default=DEFAULT_ROOT, help="cache root (pair sets and runs)")
    ap.add_argument("--train-set", default="train,train-photos", help="pair set(s) under --root, comma-separated")
    ap.add_argument("--val-set", default="val-photos", help="pair set for validation, or none")
    ap.add_argument("--preset", default="default", choices=sorted(M.PRESETS))
    ap.add_argument("--blocks", type=int)
    ap.add_argument("--width", type=int)
    ap.add_argument("--expanded", type=int)
    ap.add_argument("--in-channels", type=int, choices=(3, 4))
    ap.add_argument("--qp-range", type=int, nargs=2, help="slice QP range (bpgenc -q minus 3)")
    ap.add_argument("--name", help="model name in the exported file (default: the --init-from file's, "
                                   "else the preset)")
    ap.add_argument("--init-from", metavar="BPGRM",
                    help="warm start from a .bpgrm file (its architecture, mean and QP range, unless "
                         "given; a 3-channel model widened to --in-channels 4 gets zero QP weights)")
    ap.add_argument("--grow-from", metavar="BPGRM",
                    help="start the preset's (or --blocks/--width/--expanded's) larger net from a smaller "
                         ".bpgrm file's function (growth.py: its mean, QP normalisation and weights, new "
                         "channels and blocks near zero)")
    ap.add_argument("--loss", choices=("l1", "l2"), default="l1",
                    help="training loss (may change on resume, e.g. an L2 fine-tune at the end)")
    ap.add_argument("--qp-weights", type=float, nargs=2, default=(1.0, 1.0), metavar=("LOW", "HIGH"),
                    help="relative chance of a patch from the lowest and the highest bpgenc QP of the "
                         "training pairs, linear between (default 1 1: every QP alike); may change "
                         "on resume or in a --fork branch")
    ap.add_argument("--patch", type=int,
                    help="training patch side (default %d); kept on resume, may change in a --fork "
                         "branch (e.g. larger patches in fewer per batch late in training)" % DEFAULT_PATCH)
    ap.add_argument("--batch", type=int, help="patches per step (default %d); kept on resume, may change "
                                              "in a --fork branch" % DEFAULT_BATCH)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup-steps", type=int, default=0,
                    help="ramp the lr linearly from lr/N to lr over the run's first N steps (0 = none)")
    ap.add_argument("--decay-start", type=int, help="step where cosine lr decay starts (default: constant lr)")
    ap.add_argument("--total-steps", type=int, default=0, help="end of the decay; 0 = run until stopped")
    ap.add_argument("--lr-final", type=float, default=0.05, help="final lr as a fraction of --lr")
    ap.add_argument("--time-budget", type=float, default=0,
                    help="minutes of training (total, resumes included): the schedule follows the "
                         "fraction f of it used: constant lr, cosine decay from --decay-start-frac, "
                         "L2 loss from --l2-from-frac, stop at f = 1 (overrides the step schedule)")
    ap.add_argument("--decay-start-frac", type=float, default=0.5)
    ap.add_argument("--l2-from-frac", type=float, default=0,
                    help="L2 fine-tune from this fraction of --time-budget (or, without one, of --total-steps) "
                         "on (0 = never)")
    ap.add_argument("--snapshot-fracs", default="",
                    help="with --time-budget: also save the EMA weights at these fractions "
                         "(snap-<pct>.pt, same form as best.pt), e.g. 0.5,0.75,1")
    ap.add_argument("--snapshot-minutes", type=float, default=0,
                    help="also save the EMA weights every this many training minutes, as "
                         "RUN/swa/step-NNNNNNN.pt (best.pt's form), so soup.py can average a "
                         "trajectory (stochastic weight averaging; 0 = never)")
    ap.add_argument("--ema", type=float, default=0.999)
    ap.add_argument("--max-minutes", type=float, default=0, help="stop after this much training (0 = never)")
    ap.add_argument("--ckpt-minutes", type=float, default=10)
    ap.add_argument("--val-minutes", type=float, default=10, help="subset validation interval")
    ap.add_argument("--full-val-minutes", type=float,
                    help="full validation interval (default: 30 on CUDA, off on CPU where one pass "
                         "costs ~2-4 min of 2 cores; use evaluate.py on an export instead)")
    ap.add_argument("--val-qps", help="bpgenc QPs of the subset validation (default 28,38,48; a resumed "
                                      "run keeps its own, so its learning curve stays comparable)")
    ap.add_argument("--val-crop", type=int, help="centre crop of the subset validation (default 256; a "
                                                 "resumed run keeps its own)")
    ap.add_argument("--threads", default="auto",
                    help="CPU threads, or auto: alternate 1 and 2 and keep the faster (on this shared "
                         "2-core machine 1 thread wins while other jobs load it, 2 when it is idle)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--no-bf16", action="store_true", help="fp32 training (default: bf16 autocast)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fork", metavar="RUN",
                    help="start this new run as a branch of run RUN (under --root): its last.pt's "
                         "model, EMA, optimiser state, step and hours, with fresh random streams from "
                         "--seed (give a seed other than RUN's); e.g. two branches on two cores, "
                         "averaged at the end by soup.py")
    ap.add_argument("--allow-synthetic", action="store_true", help="DEV ONLY: train on synthetic pairs")
    a = ap.parse_args()

    dev = pick_device(a.device)
    if a.full_val_minutes is None:
        a.full_val_minutes = 30 if dev.type == "cuda" else 0
    auto_threads = a.threads == "auto"
    if dev.type == "cpu":
        torch.set_num_threads(2 if auto_threads else int(a.threads))
    run_dir = os.path.join(a.root, a.run)
    os.makedirs(run_dir, exist_ok=True)
    last_path = os.path.join(run_dir, "last.pt")
    ck = torch_load(last_path, "cpu") if os.path.exists(last_path) else None
    forked = False
    if a.fork and not ck:
        fork_path = os.path.join(a.root, a.fork, "last.pt")
        if not os.path.exists(fork_path):
            raise SystemExit(f"--fork {a.fork}: no checkpoint {fork_path}")
        ck = torch_load(fork_path, "cpu")
        forked = True
        if a.seed == ck["args"]["seed"]:
            raise SystemExit(f"--fork {a.fork}: give a --seed other than its {a.seed}, or the branch "
                             "repeats the parent's patches")

    grow = init = None     # a model file to grow from / warm-start from (new runs only)
    if ck:
        cfg = ck["cfg"]
        saved = ck["args"]
        # The data, model and optimiser settings come from the checkpoint; schedule and
        # timing options can be changed on resume, and a branch may also draw other patches.
        for k, v in kept_settings(saved, vars(a), forked).items():
            setattr(a, k, v)
        for k in ("val_qps", "val_crop"):      # the subset validation too, unless given again
            if getattr(a, k) is None:
                setattr(a, k, saved.get(k))
        qp_range = (cfg["qp_min"], cfg["qp_max"])
    elif a.grow_from:
        if a.init_from:
            raise SystemExit("--grow-from and --init-from exclude each other")
        if a.qp_range:
            raise SystemExit("--grow-from keeps the file's QP range")
        grow = bpgrm.read(a.grow_from)[:2]
        try:
            cfg = grown_config(M.PRESETS[a.preset], grow[0],
                               dict(n_blocks=a.blocks, width=a.width, expanded=a.expanded,
                                    in_channels=a.in_channels))
        except ValueError as e:
            raise SystemExit(f"--grow-from {a.grow_from}: {e}")
        qp_range = (cfg["qp_min"], cfg["qp_max"])
        cfg["name"] = a.name or a.preset
    else:
        a.patch = a.patch or DEFAULT_PATCH
        a.batch = a.batch or DEFAULT_BATCH
        init = bpgrm.read(a.init_from)[:2] if a.init_from else None
        cfg = config_for_warm_start(M.PRESETS[a.preset], init[0] if init else None,
                                    dict(n_blocks=a.blocks, width=a.width, expanded=a.expanded,
                                         in_channels=a.in_channels), a.qp_range)
        qp_range = (cfg["qp_min"], cfg["qp_max"])
        cfg["name"] = a.name or (init[0].get("name") if init else None) or a.preset

    train = PairSet.union([os.path.join(a.root, s) for s in a.train_set.split(",") if s], qp_range)
    val = None if a.val_set == "none" else PairSet(os.path.join(a.root, a.val_set), qp_range)
    if (train.synthetic or (val and val.synthetic)) and not a.allow_synthetic:
        raise SystemExit("synthetic pairs: only for development (--allow-synthetic)")
    if not ck and "mean" not in cfg:
        cfg["mean"] = train.mean_rgb()
    net = M.build(cfg).to(dev)
    if init:
        try:
            load_folded(net, init[1])
        except ValueError as e:
            raise SystemExit(f"--init-from {a.init_from}: {e}")
        print(f"warm start from {a.init_from}", flush=True)
    if grow:
        grow_folded(net, grow[0], grow[1])
        print(f"grown from {a.grow_from} ({grow[0]['n_blocks']} blocks {grow[0]['width']}/{grow[0]['expanded']})",
              flush=True)
    ema = copy.deepcopy(net)
    for p_ in ema.parameters():
        p_.requires_grad_(False)
    channels_last = True
    net = net.to(memory_format=torch.channels_last)
    ema = ema.to(memory_format=torch.channels_last)
    opt = torch.optim.Adam(net.parameters(), lr=a.lr)
    rng = np.random.default_rng(a.seed)
    step = 0
    train_s = 0.0
    best_gain = -1e9
    if ck:
        net.load_state_dict(ck["model"])
        ema.load_state_dict(ck["ema"])
        opt.load_state_dict(ck["opt"])
        rng.bit_generator.state = ck["np_rng"]
        torch.set_rng_state(ck["torch_rng"])
        random.setstate(ck["py_rng"])
        step, train_s, best_gain = ck["step"], ck["train_s"], ck["best_gain"]
        ck_snaps = ck.get("snaps", [])
        if forked:      # same weights and optimiser, new patch order; its own best.pt from here on
            rng = np.random.default_rng(a.seed)
            torch.manual_seed(a.seed)
            random.seed(a.seed)
            best_gain = -1e9
            print(f"forked {fork_path} at step {step} ({train_s / 3600:.2f} h), seed {a.seed}, "
                  f"{a.patch}x{a.patch} x {a.batch}", flush=True)
        else:
            print(f"resumed {last_path} at step {step} ({train_s / 3600:.2f} h), best gain {best_gain:+.4f} dB",
                  flush=True)
    else:
        ck_snaps = []
        torch.manual_seed(a.seed)
        random.seed(a.seed)
    del ck
    if dev.type == "cuda":
        torch.backends.cudnn.benchmark = True

    try:
        sampler = PatchSampler(train, a.patch, a.batch, rng, a.qp_weights)
    except ValueError as e:
        raise SystemExit(f"--qp-weights: {e}")
    if a.val_qps is None:
        a.val_qps = "28,38,48"
    if a.val_crop is None:
        a.val_crop = 256
    val_qps = [int(q) for q in a.val_qps.split(",") if q] or None
    vsub = Validator(val, val_qps, a.val_crop, dev) if val else None
    vfull = Validator(val, None, 0, dev) if val and a.full_val_minutes else None
    bf16 = not a.no_bf16
    print(f"model {cfg['name']}: {cfg['n_blocks']} blocks {cfg['width']}/{cfg['expanded']} "
          f"in_channels {cfg['in_channels']} QP {qp_range}, {net.macs_per_pixel() / 1e3:.0f} kMAC/px; "
          f"{len(train.pairs)} train pairs (bpgenc QPs {train.qps()}"
          f"{'' if tuple(a.qp_weights) == (1.0, 1.0) else ', QP weights %g..%g' % tuple(a.qp_weights)}), val subset {len(vsub.items) if vsub else 'off'}, "
          f"full {len(vfull.items) if vfull else 'off'}; device {dev}, bf16 {bf16}, threads {torch.get_num_threads()}",
          flush=True)

    log_path = os.path.join(run_dir, "log.tsv")
    if not os.path.exists(log_path):
        with open(log_path, "w") as f:
            f.write("\t".join(LOG_COLS) + "\n")

    def log(row):
        with open(log_path, "a") as f:
            f.write("\t".join(str(row.get(c, "")) for c in LOG_COLS) + "\n")

    def state():
        return dict(cfg=cfg, args=vars(a), model=net.state_dict(), ema=ema.state_dict(),
                    opt=opt.state_dict(), np_rng=rng.bit_generator.state, torch_rng=torch.get_rng_state(),
                    py_rng=random.getstate(), step=step, train_s=train_s, best_gain=best_gain,
                    snaps=sorted(done_snaps),
                    synthetic=train.synthetic)

    def save_ema(path, **extra):
        """The EMA weights in best.pt's form (what export.py and soup.py read), plus extra fields."""
        atomic_save(dict(cfg=cfg, model=ema.state_dict(), step=step, train_s=train_s, synthetic=train.synthetic,
                         **extra), path)

    stop = {"flag": False}

    def on_signal(signum, frame):
        stop["flag"] = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    def validate(kind, validator, loss_avg, its):
        nonlocal best_gain
        if validator is None:
            return
        t = time.time()
        r = validator.run(ema, channels_last)
        row = dict(step=step, time=time.strftime("%Y-%m-%dT%H:%M:%S"), train_h=f"{train_s / 3600:.4f}",
                   lr=f"{lr_at(a, step, train_s):.3g}", loss=f"{loss_avg:.6f}", it_s=f"{its:.3f}", val=kind,
                   n=r["n"], psnr_base=f"{r['psnr_base']:.4f}", psnr=f"{r['psnr']:.4f}",
                   gain_db=f"{r['gain_db']:+.4f}", worst_gain_db=f"{r['worst_gain_db']:+.4f}",
                   worst=r["worst"])
        log(row)
        msg = ""
        if kind == "subset" and r["gain_db"] > best_gain:
            best_gain = r["gain_db"]
            save_ema(os.path.join(run_dir, "best.pt"), val=r)
            msg = " (best)"
        print(f"step {step} val {kind}: {r['psnr_base']:.3f} -> {r['psnr']:.3f} dB, gain {r['gain_db']:+.4f}, "
              f"worst {r['worst_gain_db']:+.4f} {r['worst']}{msg} [{time.time() - t:.0f}s]", flush=True)

    if step == 0:
        validate("subset", vsub, float("nan"), 0.0)
    t_ck = t_val = t_full = t_swa = train_s
    loss_sum, loss_n, t_seg, s_seg = 0.0, 0, time.time(), step
    # auto threads: every 400 steps, time 25 steps at each count and keep the faster.
    probe = {"phase": 0, "t": {}, "t0": 0.0}
    snaps = sorted(float(x) for x in a.snapshot_fracs.split(",") if x)
    done_snaps = set(ck_snaps)

    def snapshot(frac):
        tag = f"snap-{int(round(frac * 100)):03d}"
        save_ema(os.path.join(run_dir, tag + ".pt"), loss=loss_at(a, step, train_s))
        done_snaps.add(frac)
        print(f"step {step}: saved {tag}.pt ({train_s / 60:.1f} min)", flush=True)

    def swa_snapshot():
        os.makedirs(os.path.join(run_dir, "swa"), exist_ok=True)
        save_ema(os.path.join(run_dir, "swa", f"step-{step:07d}.pt"))

    finished = False  # the schedule ran to its end (budget or --total-steps), not stopped
    ema_params = list(ema.parameters())
    net_params = [p_.detach() for p_ in net.parameters()]
    while not stop["flag"]:
        if auto_threads and dev.type == "cpu":
            k = step % 400
            if k == 0:
                torch.set_num_threads(1)
                probe["t0"] = time.time()
            elif k == 25:
                probe["t"][1] = time.time() - probe["t0"]
                torch.set_num_threads(2)
                probe["t0"] = time.time()
            elif k == 50:
                probe["t"][2] = time.time() - probe["t0"]
                torch.set_num_threads(min(probe["t"], key=probe["t"].get))
        f = budget_frac(a, train_s)
        if f is not None:
            for fr in snaps:
                if fr not in done_snaps and f >= fr:
                    snapshot(fr)
            if f >= 1.0:
                finished = True
                break
        if a.max_minutes and train_s >= a.max_minutes * 60:
            break
        if a.total_steps and step >= a.total_steps:
            finished = True
            break
        t0 = time.time()
        for g in opt.param_groups:
            g["lr"] = lr_at(a, step, train_s)
        inp, tgt, qp = sampler.next()
        if dev.type == "cuda":   # pinned copies, so the upload is asynchronous (sampler reuses its buffers)
            inp, tgt = inp.pin_memory(), tgt.pin_memory()
        inp = inp.to(dev, non_blocking=True).contiguous(memory_format=torch.channels_last)
        tgt = tgt.to(dev, non_blocking=True).contiguous(memory_format=torch.channels_last)
        qp = qp.to(dev)
        with torch.autocast(device_type=dev.type, dtype=torch.bfloat16, enabled=bf16):
            out = net(inp, qp)
        diff = out.float() - tgt
        loss = diff.abs().mean() if loss_at(a, step, train_s) == "l1" else diff.square().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        with torch.no_grad():
            d = min(a.ema, (1 + step) / (10 + step))
            torch._foreach_mul_(ema_params, d)
            torch._foreach_add_(ema_params, net_params, alpha=1 - d)
            # summed on the device: no host sync per step, so a GPU overlaps the next batch
            loss_sum = loss_sum + loss.detach().float()
        loss_n += 1
        train_s += time.time() - t0
        if step % 200 == 0:
            print(f"step {step} loss {float(loss_sum) / loss_n:.5f} {(step - s_seg) / (time.time() - t_seg):.2f} it/s "
                  f"lr {lr_at(a, step, train_s):.3g} {loss_at(a, step, train_s)} threads {torch.get_num_threads()}", flush=True)
        if train_s - t_val >= a.val_minutes * 60:
            its = (step - s_seg) / max(1e-9, time.time() - t_seg)
            validate("subset", vsub, float(loss_sum) / max(1, loss_n), its)
            if a.full_val_minutes and train_s - t_full >= a.full_val_minutes * 60:
                validate("full", vfull, float(loss_sum) / max(1, loss_n), its)
                t_full = train_s
            t_val = train_s
            loss_sum, loss_n, t_seg, s_seg = 0.0, 0, time.time(), step
        if a.snapshot_minutes and train_s - t_swa >= a.snapshot_minutes * 60:
            swa_snapshot()
            t_swa = train_s
        if train_s - t_ck >= a.ckpt_minutes * 60:
            atomic_save(state(), last_path)
            t_ck = train_s
    if finished and step > s_seg:
        # the end point of the schedule, so runs compared at equal steps each have one
        validate("subset", vsub, float(loss_sum) / max(1, loss_n), (step - s_seg) / max(1e-9, time.time() - t_seg))
    atomic_save(state(), last_path)
    print(f"stopped at step {step}, checkpoint {last_path}", flush=True)


if __name__ == "__main__":
    main()
