#!/usr/bin/env python3
"""PyTorch reference for SoTeacher's consistency loss (read by ConsistencyTermTest).

Regenerate from the repository root with Debian's python3-torch:

    /usr/bin/python3 engine/src/test/python/consistency_reference.py

Written from PAPERS.md section 3.3: p = softmax(z) (T = 1), loss = (1/B) sum_i sum_k (p_ik - S_ik)^2 with the
stored targets S carrying no gradient; the gradient is with respect to the logits z.
"""

import json
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms", "consistency_b5_k4.json")


def main():
    torch.manual_seed(41)
    z = (torch.randn(5, 4) * 2).requires_grad_(True)
    s = torch.softmax(torch.randn(5, 4), dim=1)
    p = torch.softmax(z, dim=1)
    loss = ((p - s.detach()) ** 2).sum(dim=1).mean()
    loss.backward()
    fixture = {"name": "consistency_b5_k4", "term": "consistency", "student": z.detach().tolist(), "targets": s.tolist(),
               "value": loss.item(), "grad_student": z.grad.tolist()}
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
