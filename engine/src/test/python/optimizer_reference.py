#!/usr/bin/env python3
"""PyTorch reference trajectories for kdlab's optimizers (read by OptimizerParityTest).

Regenerate (from the repository root; needs PyTorch, Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/optimizer_reference.py

Every input is written literally below and nothing is random, so a rerun on the same PyTorch
reproduces the fixtures byte for byte; a diff after regenerating means PyTorch's arithmetic changed.
Each fixture under engine/src/test/resources/fixtures/optim/ holds the inputs (float32 initial values,
per-step gradients and learning rates, hyperparameters) as well as the outputs, so the Java test takes
nothing from this script except the JSON.
"""

import json
import os
import sys

import torch

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "optim")

# A 2x3 weight and a length-3 bias: two parameters so that per-parameter state keys are exercised.
INITIAL = {
    "weight": [[0.50, -1.25, 2.00], [-0.75, 0.30, 1.10]],
    "bias": [0.20, -0.40, 0.90],
}

# Five steps of gradients with mixed signs, magnitudes from 1e-3 to 2 and sign flips between steps, so
# that the moments and the momentum buffer neither stay proportional to one gradient nor vanish.
GRADIENTS = [
    {"weight": [[0.10, -0.20, 0.30], [0.40, -0.50, 0.60]], "bias": [1.00, -0.001, 0.25]},
    {"weight": [[-0.30, 0.10, 0.05], [0.20, 0.70, -0.90]], "bias": [0.50, 0.002, -0.75]},
    {"weight": [[0.25, 0.25, -0.40], [-0.10, 0.30, 0.20]], "bias": [-1.50, 0.010, 0.125]},
    {"weight": [[0.05, -0.60, 0.80], [0.90, -0.05, -0.30]], "bias": [2.00, -0.004, 0.60]},
    {"weight": [[-0.45, 0.35, 0.15], [-0.65, 0.55, 0.45]], "bias": [-0.25, 0.008, -0.90]},
]

# A decaying per-step rate, as a schedule would give, so that the rate is taken per step and not cached.
LEARNING_RATES = [0.1, 0.1, 0.05, 0.05, 0.025]

CASES = [
    # kdlab's production Adam (RunJob): betas and eps as there, with weight decay.
    {"name": "adam_default_wd", "optimizer": "adam",
     "hyper": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01}},
    # Unusual betas catch swapped or misplaced betas; an eps near sqrt(v) makes its placement (after the
    # bias-corrected square root, not before it) visible in the result.
    {"name": "adam_eps_large_wd", "optimizer": "adam",
     "hyper": {"beta1": 0.8, "beta2": 0.95, "eps": 0.05, "weight_decay": 0.1}},
    {"name": "sgd_momentum_wd", "optimizer": "sgd",
     "hyper": {"momentum": 0.9, "weight_decay": 0.05}},
    {"name": "sgd_plain_wd", "optimizer": "sgd",
     "hyper": {"momentum": 0.0, "weight_decay": 0.05}},
]


def run(case):
    params = {k: torch.tensor(v, dtype=torch.float32, requires_grad=True) for k, v in INITIAL.items()}
    h = case["hyper"]
    # foreach=False pins the single-tensor update, the plain per-tensor arithmetic kdlab mirrors.
    if case["optimizer"] == "adam":
        opt = torch.optim.Adam(list(params.values()), lr=LEARNING_RATES[0], betas=(h["beta1"], h["beta2"]),
                               eps=h["eps"], weight_decay=h["weight_decay"], foreach=False)
    else:
        opt = torch.optim.SGD(list(params.values()), lr=LEARNING_RATES[0], momentum=h["momentum"],
                              weight_decay=h["weight_decay"], foreach=False)
    trajectory = []
    for lr, grads in zip(LEARNING_RATES, GRADIENTS):
        for group in opt.param_groups:
            group["lr"] = lr
        for k, p in params.items():
            p.grad = torch.tensor(grads[k], dtype=torch.float32)
        opt.step()
        trajectory.append({k: p.detach().tolist() for k, p in params.items()})
    state = {}
    for k, p in params.items():
        s = opt.state[p]
        if case["optimizer"] == "adam":
            state[k + "/m"] = s["exp_avg"].tolist()
            state[k + "/v"] = s["exp_avg_sq"].tolist()
        elif s.get("momentum_buffer") is not None:
            state[k + "/momentum"] = s["momentum_buffer"].tolist()
    # Inputs are written as their float32 values, the values PyTorch actually started from.
    f32 = lambda v: torch.tensor(v, dtype=torch.float32).tolist()
    return {
        "generator": "engine/src/test/python/optimizer_reference.py",
        "torch_version": torch.__version__,
        "optimizer": case["optimizer"],
        "hyper": h,
        "learning_rates": LEARNING_RATES,
        "initial": {k: f32(v) for k, v in INITIAL.items()},
        "gradients": [{k: f32(v) for k, v in g.items()} for g in GRADIENTS],
        "after_step": trajectory,
        "final_state": state,
    }


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for case in CASES:
        path = os.path.join(OUT_DIR, case["name"] + ".json")
        with open(path, "w") as f:
            json.dump(run(case), f, indent=1)
            f.write("\n")
        print("wrote", os.path.relpath(path), file=sys.stderr)


if __name__ == "__main__":
    main()
