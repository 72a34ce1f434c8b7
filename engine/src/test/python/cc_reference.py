#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's CC term (read by CcParityTest).

Regenerate (from the repository root; Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/cc_reference.py

Peng et al., "Correlation Congruence for Knowledge Distillation", ICCV 2019, with the Gaussian-kernel correlation
in the form torchdistill's CCKDLoss computes it (kernel 'gaussian', reduction 'batchmean'), written here from its
formulas: linear embedding heads (F.linear) on the student's and the teacher's flattened features; of each
embedding E the correlation exp(-2 gamma) * sum_{p=0..P} (2 gamma)^p / p! * (E E^T)^p (element-wise powers); the
loss torch.dist(C_s, C_t, 2) / N^2. Float64 on float32 inputs. Gradients: the student's features and both heads'
weights and biases (the teacher's features are fixed; its head trains with the student).

Fixtures: {"term": "cc", "gamma", "order", "student", "teacher", "student_weight", "student_bias",
"teacher_weight", "teacher_bias", "value", "grad_student", "grad_student_weight", "grad_student_bias",
"grad_teacher_weight", "grad_teacher_bias"}.
"""

import json
import math
import os

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")


def correlation(e, gamma, order):
    gram = e @ e.t()
    c = torch.ones_like(gram)
    for p in range(1, order + 1):
        c = c + (2 * gamma) ** p / math.factorial(p) * gram ** p
    return c * math.exp(-2 * gamma)


def case(name, n, ds, dt, width, gamma, order, seed):
    torch.manual_seed(seed)
    inputs = {
        "student": torch.randn(n, ds),
        "teacher": torch.randn(n, dt),
        "student_weight": torch.randn(width, ds) * 0.4,
        "student_bias": torch.randn(width) * 0.1,
        "teacher_weight": torch.randn(width, dt) * 0.3,
        "teacher_bias": torch.randn(width) * 0.1,
    }
    x = {k: v.float().double().requires_grad_(k != "teacher") for k, v in inputs.items()}
    es = F.linear(x["student"], x["student_weight"], x["student_bias"])
    et = F.linear(x["teacher"], x["teacher_weight"], x["teacher_bias"])
    loss = torch.dist(correlation(es, gamma, order), correlation(et, gamma, order), 2) / (n * n)
    loss.backward()
    out = {"name": name, "term": "cc", "gamma": gamma, "order": order, "value": loss.item(), "torch": torch.__version__}
    for k, v in x.items():
        out[k] = v.detach().tolist()
        if k != "teacher":
            out["grad_" + k] = v.grad.tolist()
    return out


CASES = [
    case("cc_g0_4_p2", 6, 5, 7, 4, 0.4, 2, 61),
    case("cc_g0_2_p4", 5, 3, 8, 6, 0.2, 4, 62),
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
