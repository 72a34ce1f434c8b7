#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's RKD term (read by RkdParityTest).

Regenerate (from the repository root; Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/rkd_reference.py

Park, Kim, Lu & Cho, "Relational Knowledge Distillation", CVPR 2019, in the form RepDistiller's distiller_zoo/RKD.py
computes it, written here from its formulas: distances sqrt(clamp(|a|^2 + |b|^2 - 2 a.b, 1e-12)) with a zero
diagonal, divided by their mean over the off-diagonal pairs, smooth-L1 (F.smooth_l1_loss); angles between the
difference vectors e_j - e_i and e_k - e_i (F.normalize), smooth-L1; loss = w_d * distance + w_a * angle. Computed in
float64 on float32 inputs, so that the fixture holds the exact loss of the float32 inputs. The second case has an
outlier row and so normalised-distance differences beyond 1, the smooth-L1's linear branch.

Fixtures: {"term": "rkd", "distance_weight", "angle_weight", "student", "teacher", "value", "grad_student",
"distance", "angle"}.
"""

import json
import os

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")


def pdist(e):
    sq = (e * e).sum(dim=1)
    d = (sq.unsqueeze(1) + sq.unsqueeze(0) - 2 * e @ e.t()).clamp(min=1e-12).sqrt()
    return d * (1 - torch.eye(e.shape[0], dtype=e.dtype))


def distance_loss(s, t):
    n = s.shape[0]
    ds = pdist(s)
    dt = pdist(t)
    ds = ds / (ds.sum() / (n * (n - 1)))
    dt = dt / (dt.sum() / (n * (n - 1)))
    return F.smooth_l1_loss(ds, dt)


def angles(e):
    diff = e.unsqueeze(0) - e.unsqueeze(1)
    unit = F.normalize(diff, p=2, dim=2)
    return torch.bmm(unit, unit.transpose(1, 2)).reshape(-1)


def case(name, student, teacher, wd, wa):
    s = student.float().double().requires_grad_(True)
    t = teacher.float().double()
    dist = distance_loss(s, t)
    ang = F.smooth_l1_loss(angles(s), angles(t))
    loss = wd * dist + wa * ang
    loss.backward()
    return {"name": name, "term": "rkd", "distance_weight": wd, "angle_weight": wa,
            "student": s.detach().tolist(), "teacher": t.tolist(), "value": loss.item(), "grad_student": s.grad.tolist(),
            "distance": dist.item(), "angle": ang.item(), "torch": torch.__version__}


def cases():
    torch.manual_seed(41)
    first = case("rkd_default", torch.randn(6, 5), torch.randn(6, 9), 25.0, 50.0)
    torch.manual_seed(42)
    teacher = torch.randn(7, 4)
    teacher[0] += 6.0
    second = case("rkd_outlier_w1_2", torch.randn(7, 3), teacher, 1.0, 2.0)
    return [first, second]


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    all_cases = cases()
    for c in all_cases:
        with open(os.path.join(OUT_DIR, c["name"] + ".json"), "w") as f:
            json.dump(c, f, indent=1, sort_keys=True)
            f.write("\n")
    print("wrote %d fixtures to %s" % (len(all_cases), os.path.normpath(OUT_DIR)))


if __name__ == "__main__":
    main()
