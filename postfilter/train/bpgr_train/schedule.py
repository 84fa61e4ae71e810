"""Learning-rate and loss schedule of train.py: by step (--decay-start ..
--total-steps) or by the fraction of a time budget used (--time-budget with
--decay-start-frac and --l2-from-frac). `a` is train.py's argparse namespace (or
anything with the same attributes: lr, lr_final, decay_start, total_steps,
time_budget, decay_start_frac, l2_from_frac, loss, warmup_steps)."""
import math


def budget_frac(a, train_s):
    """Fraction of --time-budget used after train_s seconds of training; None without one."""
    return train_s / (a.time_budget * 60.0) if a.time_budget else None


def lr_at(a, step, train_s=0.0):
    """Constant --lr, then cosine decay to lr * --lr-final; by fraction of --time-budget
    if given, else by step (--decay-start .. --total-steps). The first --warmup-steps
    steps scale it by a linear ramp (step + 1) / N, which softens the dip a grown or
    warm-started net shows in its first steps."""
    ramp = min(1.0, (step + 1) / a.warmup_steps) if a.warmup_steps else 1.0
    f = budget_frac(a, train_s)
    if f is not None:
        t = (f - a.decay_start_frac) / max(1e-9, 1.0 - a.decay_start_frac)
    elif a.decay_start is not None:
        t = (step - a.decay_start) / max(1, a.total_steps - a.decay_start)
    else:
        t = 0.0
    if t <= 0.0:
        return ramp * a.lr
    t = min(1.0, t)
    return ramp * a.lr * (a.lr_final + (1 - a.lr_final) * 0.5 * (1 + math.cos(math.pi * t)))


def loss_at(a, step, train_s=0.0):
    """'l1' or 'l2': --loss, switched to L2 from --l2-from-frac on: of the --time-budget if
    given, else of --total-steps (never without one of them)."""
    if a.l2_from_frac:
        f = budget_frac(a, train_s)
        if f is None and a.total_steps:
            f = step / a.total_steps
        if f is not None and f >= a.l2_from_frac:
            return "l2"
    return a.loss
