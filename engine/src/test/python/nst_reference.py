#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's NST term (read by NstParityTest).

Regenerate (from the repository root; Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/nst_reference.py

Huang & Wang, "Like What You Like: Knowledge Distill via Neuron Selectivity Transfer", 2017, in the form
RepDistiller's distiller_zoo/NST.py computes it (full_loss), written here from its formulas: channels flattened
over positions and F.normalize'd; poly(a, b) = ((a_i . b_j)^2) over channel pairs; loss = mean poly(t, t) +
mean poly(s, s) - 2 mean poly(s, t), summed over tap pairs of equal spatial size. Float64 on float32 inputs: the
loss is a difference of kernel means of similar size, so float32 rounding would otherwise be the larger error.

Fixtures: {"term": "nst", "taps": [{"tap", "student", "teacher", "value", "grad_student"}], "value": sum}.
"""

import json
import os

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")


def poly_mean(a, b):
    return (torch.einsum("ncp,ndp->ncd", a, b) ** 2).mean()


def nst(s, t):
    fs = F.normalize(s.reshape(s.shape[0], s.shape[1], -1), dim=2)
    ft = F.normalize(t.reshape(t.shape[0], t.shape[1], -1), dim=2)
    return poly_mean(ft, ft) + poly_mean(fs, fs) - 2 * poly_mean(fs, ft)


def case(name, shapes, relu, seed):
    torch.manual_seed(seed)
    taps = []
    total = 0.0
    for i, (ss, ts) in enumerate(shapes):
        s32 = torch.randn(*ss).float()
        t32 = torch.randn(*ts).float()
        if relu:
            # Post-ReLU maps, as real stages give: non-negative, with some zero positions.
            s32 = torch.relu(s32 + 0.3)
            t32 = torch.relu(t32 + 0.3)
        s = s32.double().requires_grad_(True)
        loss = nst(s, t32.double())
        loss.backward()
        total += loss.item()
        taps.append({"tap": "tap%d" % i, "student": s32.tolist(), "teacher": t32.tolist(),
                     "value": loss.item(), "grad_student": s.grad.tolist()})
    return {"name": name, "term": "nst", "taps": taps, "value": total, "torch": torch.__version__}


CASES = [
    case("nst_one_tap", [((3, 4, 3, 3), (3, 6, 3, 3))], False, 51),
    case("nst_two_taps_relu", [((2, 3, 4, 4), (2, 5, 4, 4)), ((2, 6, 2, 2), (2, 4, 2, 2))], True, 52),
]


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for c in CASES:
        with open(os.path.join(OUT_DIR, c["name"] + ".json"), "w") as f:
            json.dump(c, f, indent=1, sort_keys=True)
            f.write("\n")
    print("wrote %d fixtures to %s" % (len(CASES), os.path.normpath(OUT_DIR)))


if __name__ == "__main__":
    main()
