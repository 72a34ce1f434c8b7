#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's pi_mse term (read by PiMseParityTest).

Regenerate (from the repository root; Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/pi_mse_reference.py

Privileged-information transfer with squared loss (Rahbar, Panahi et al., arXiv 2003.13438; PAPERS.md 2.3) on
class labels: (1 - alpha) * mse(s, one_hot(y)) + alpha * mse(s, softmax(t)), F.mse_loss's mean over batch and
classes. Written with torch's own F.one_hot, F.softmax and F.mse_loss, not kdlab's formulas; the gradient is
autograd's with respect to the student's outputs only (teacher and labels are fixed).

Fixtures: {"term": "pi_mse", "alpha", "student", "teacher", "labels", "value", "grad_student"}.
"""

import json
import os

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")


def case(name, alpha, batch, classes, scale, seed):
    torch.manual_seed(seed)
    s = (torch.randn(batch, classes) * scale).float().requires_grad_(True)
    t = (torch.randn(batch, classes) * 2.0).float()
    y = torch.randint(0, classes, (batch,))
    loss = (1 - alpha) * F.mse_loss(s, F.one_hot(y, classes).float()) + alpha * F.mse_loss(s, F.softmax(t, dim=1))
    loss.backward()
    return {"name": name, "term": "pi_mse", "alpha": alpha, "student": s.detach().tolist(), "teacher": t.tolist(),
            "labels": y.tolist(), "value": loss.item(), "grad_student": s.grad.tolist(), "torch": torch.__version__}


CASES = [
    # The kernel study's task: two classes, outputs of order 1 around the targets.
    case("pi_mse_k2_a0_25", 0.25, 6, 2, 0.5, 41),
    # Five classes, a teacher-heavy mix, larger outputs.
    case("pi_mse_k5_a0_8", 0.8, 4, 5, 2.0, 42),
    # alpha = 1: only the teacher's softmax; the labels must drop out.
    case("pi_mse_k3_a1", 1.0, 4, 3, 1.0, 43),
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
