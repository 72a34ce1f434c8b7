#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's fsp term (read by FlowOfSolutionParityTest).

Regenerate (from the repository root; Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/fsp_reference.py

The flow of solution procedure (Yim, Joo, Bae and Kim, CVPR 2017) as RepDistiller's distiller_zoo/FSP.py
computes it, written here from its formulas: for consecutive taps (bottom, top) of one network, the larger map
is average-pooled (F.adaptive_avg_pool2d) to the smaller one's size, and G[n, j, i] = mean over positions of
top[n, j] * bottom[n, i], an [N, C_top, C_bottom] matrix; the loss is the sum over consecutive pairs of
mean((G_student - G_teacher)^2). Inputs are float32 draws from torch.manual_seed; the reference is computed in
float64 from them. Gradients: w.r.t. each student tap ("taps", in order).
"""

import json
import os

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")


def fsp_matrices(maps):
    out = []
    for bot, top in zip(maps[:-1], maps[1:]):
        bh, th = bot.shape[2], top.shape[2]
        if bh > th:
            bot = F.adaptive_avg_pool2d(bot, (th, th))
        elif bh < th:
            top = F.adaptive_avg_pool2d(top, (bh, bh))
        n = bot.shape[0]
        b = bot.reshape(n, 1, bot.shape[1], -1)
        t = top.reshape(n, top.shape[1], 1, -1)
        out.append((b * t).mean(-1))
    return out


def case(name, student_shapes, teacher_shapes, seed):
    torch.manual_seed(seed)
    s = [torch.randn(*sh).float() for sh in student_shapes]
    t = [torch.randn(*sh).float() for sh in teacher_shapes]
    sd = [x.double().requires_grad_(True) for x in s]
    pairs = [(gs - gt).pow(2).mean() for gs, gt in zip(fsp_matrices(sd), fsp_matrices([x.double() for x in t]))]
    loss = sum(pairs)
    loss.backward()
    return {"name": name, "term": "fsp", "value": loss.item(), "pair_values": [p.item() for p in pairs],
            "taps": [{"student": a.tolist(), "teacher": b.tolist(), "grad_student": g.grad.tolist()} for a, b, g in zip(s, t, sd)]}


def main():
    cases = [
        case("fsp_three_taps_pooled", [(2, 3, 4, 4), (2, 4, 4, 4), (2, 5, 2, 2)], [(2, 3, 8, 8), (2, 4, 4, 4), (2, 5, 4, 4)], 1),
        case("fsp_two_taps", [(3, 2, 3, 3), (3, 4, 3, 3)], [(3, 2, 3, 3), (3, 4, 3, 3)], 2),
    ]
    os.makedirs(OUT_DIR, exist_ok=True)
    for c in cases:
        with open(os.path.join(OUT_DIR, c["name"] + ".json"), "w") as f:
            json.dump(c, f)
        print(c["name"], c["value"], c["pair_values"])


if __name__ == "__main__":
    main()
