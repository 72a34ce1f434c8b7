#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's ab term (read by ActivationBoundaryParityTest).

Regenerate (from the repository root; Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/ab_reference.py

Activation-boundary distillation (Heo, Lee, Yun and Choi, AAAI 2019) as RepDistiller's distiller_zoo/AB.py
computes it, written here from its formulas: each student pre-ReLU map goes through a connector (1x1
convolution without bias, then batch normalisation in training mode, as RepDistiller's
build_feature_connector), and against the teacher's pre-ReLU map t, with margin m = 1,

    l_i = sum((s + m)^2 * [s > -m and t <= 0] + (s - m)^2 * [s <= m and t > 0])

and the loss is sum_i 2^(i - n + 1) * l_i / N / 1000 * 3 over the n pairs. Inputs are float32 draws from
torch.manual_seed; the reference is computed in float64 from them. Gradients: w.r.t. each student map and each
connector's conv weight, batch-norm weight and bias ("params", pair by pair in that order).
"""

import json
import os

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")
BN_EPS = 1e-5


def case(name, pairs, seed, margin=1.0):
    torch.manual_seed(seed)
    n = len(pairs)
    taps = []
    total = 0.0
    for i, (s_shape, t_shape) in enumerate(pairs):
        s = torch.randn(*s_shape).float()
        t = (torch.randn(*t_shape) * 2.0).float()
        w = (torch.randn(t_shape[1], s_shape[1], 1, 1) * (2.0 / t_shape[1]) ** 0.5).float()
        gamma = (1.0 + 0.5 * torch.randn(t_shape[1])).float()
        beta = (0.5 * torch.randn(t_shape[1])).float()
        sd = s.double().requires_grad_(True)
        wd, gd, bd = (x.double().requires_grad_(True) for x in (w, gamma, beta))
        src = F.batch_norm(F.conv2d(sd, wd), None, None, gd, bd, training=True, eps=BN_EPS)
        td = t.double()
        pair = ((src + margin) ** 2 * ((src > -margin) & (td <= 0)).double()
                + (src - margin) ** 2 * ((src <= margin) & (td > 0)).double()).abs().sum()
        loss = 2.0 ** (i - n + 1) * pair / s_shape[0] / 1000 * 3
        loss.backward()
        total += loss.item()
        taps.append({"student": s.tolist(), "teacher": t.tolist(), "value": loss.item(), "grad_student": sd.grad.tolist(),
                     "params": [{"name": "connector.conv.weight", "value": w.tolist(), "grad": wd.grad.tolist()},
                                {"name": "connector.bn.weight", "value": gamma.tolist(), "grad": gd.grad.tolist()},
                                {"name": "connector.bn.bias", "value": beta.tolist(), "grad": bd.grad.tolist()}]})
    return {"name": name, "term": "ab", "margin": margin, "value": total, "pairs": taps}


def main():
    cases = [
        case("ab_two_pairs", [((3, 3, 4, 4), (3, 4, 4, 4)), ((3, 5, 2, 2), (3, 6, 2, 2))], 1),
        case("ab_three_pairs_margin2", [((4, 2, 3, 3), (4, 2, 3, 3)), ((4, 3, 2, 2), (4, 5, 2, 2)), ((4, 4, 1, 1), (4, 3, 1, 1))], 2,
             margin=2.0),
    ]
    os.makedirs(OUT_DIR, exist_ok=True)
    for c in cases:
        with open(os.path.join(OUT_DIR, c["name"] + ".json"), "w") as f:
            json.dump(c, f)
        print(c["name"], c["value"], [p["value"] for p in c["pairs"]])


if __name__ == "__main__":
    main()
