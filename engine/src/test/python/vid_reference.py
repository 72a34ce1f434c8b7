#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's vid term (read by VariationalInformationParityTest).

Regenerate (from the repository root; Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/vid_reference.py

Variational information distillation (Ahn et al., CVPR 2019) as RepDistiller's distiller_zoo/VID.py computes
it, written here from its formulas with torch's own functions: for one tap pair, the larger feature map is
average-pooled to the smaller one's spatial size, a regressor maps the student's feature to a mean mu
(three bias-free 1x1 convolutions with ReLUs between, mid channels = the teacher's channels; for flat
features three bias-free linear layers), the variance per teacher channel is softplus(log_scale) + 1e-5,
and the loss is mean(0.5 * ((mu - t)^2 / var + log var)). Inputs are float32 draws from torch.manual_seed;
the reference is computed in float64 from them. Gradients: w.r.t. the student's feature and each trainable
parameter (regressor weights in module order, then log_scale), named as in the fixture's "params".
"""

import json
import math
import os

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")
EPS = 1e-5
INIT_PRED_VAR = 5.0


def f32(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).float()


def case(name, student_shape, teacher_shape, seed):
    torch.manual_seed(seed)
    s = f32(*student_shape)
    t = f32(*teacher_shape)
    conv = len(student_shape) == 4
    c_in, c_out = student_shape[1], teacher_shape[1]
    shapes = [(c_out, c_in), (c_out, c_out), (c_out, c_out)]
    weights = [f32(*(sh + ((1, 1) if conv else ())), scale=1.0 / math.sqrt(sh[1])) for sh in shapes]
    # Around RepDistiller's initial value log(exp(5 - eps) - 1), moved so that each channel's gradient differs.
    log_scale = (math.log(math.exp(INIT_PRED_VAR - EPS) - 1.0) + 0.5 * torch.randn(c_out)).float()

    sd = s.double().requires_grad_(True)
    td = t.double()
    wd = [w.double().requires_grad_(True) for w in weights]
    ld = log_scale.double().requires_grad_(True)
    x = sd
    if conv:
        sh, th = student_shape[2], teacher_shape[2]
        if sh > th:
            x = F.adaptive_avg_pool2d(x, (th, th))
        elif sh < th:
            td = F.adaptive_avg_pool2d(td, (sh, sh))
        layer = F.conv2d
    else:
        layer = F.linear
    mu = layer(F.relu(layer(F.relu(layer(x, wd[0])), wd[1])), wd[2])
    var = F.softplus(ld) + EPS
    var = var.view(1, -1, 1, 1) if conv else var.view(1, -1)
    loss = torch.mean(0.5 * ((mu - td) ** 2 / var + torch.log(var)))
    loss.backward()
    params = [{"name": "regressor.%d.weight" % i, "value": w.tolist(), "grad": g.grad.tolist()}
              for i, (w, g) in enumerate(zip(weights, wd))]
    params.append({"name": "log_scale", "value": log_scale.tolist(), "grad": ld.grad.tolist()})
    return {"name": name, "term": "vid", "student": s.tolist(), "teacher": t.tolist(), "value": loss.item(),
            "grad_student": sd.grad.tolist(), "params": params}


def main():
    cases = [
        case("vid_conv_pooled", (2, 3, 4, 4), (2, 5, 2, 2), 1),
        case("vid_conv_teacher_pooled", (3, 4, 2, 2), (3, 2, 4, 4), 2),
        case("vid_linear", (4, 6), (4, 5), 3),
    ]
    os.makedirs(OUT_DIR, exist_ok=True)
    for c in cases:
        with open(os.path.join(OUT_DIR, c["name"] + ".json"), "w") as f:
            json.dump(c, f)
        print(c["name"], c["value"])


if __name__ == "__main__":
    main()
