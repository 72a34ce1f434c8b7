#!/usr/bin/env python3
"""PyTorch reference for SoTeacher's Lipschitz penalty (read by LipschitzPenaltyTest).

Regenerate from the repository root with Debian's python3-torch:

    /usr/bin/python3 engine/src/test/python/lipschitz_reference.py

Written from PAPERS.md section 3.3, not from kdlab's Java: for every Conv2d the entry-wise l1 norm of its
weight, for every BatchNorm2d max_c |gamma_c| / sqrt(running_var_c + eps) (running_var is a buffer: no
gradient), for every Linear the largest absolute column sum of its weight (out x in); summed over the leaf
modules of a small network. The fixture holds the parameters, the value and the gradient of each parameter.
"""

import json
import os

import torch
import torch.nn as nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms", "lipschitz_conv_bn_linear.json")


def penalty(model):
    total = torch.zeros(())
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            total = total + m.weight.abs().sum()
        elif isinstance(m, nn.BatchNorm2d):
            total = total + (m.weight.abs() / torch.sqrt(m.running_var + m.eps)).max()
        elif isinstance(m, nn.Linear):
            total = total + m.weight.abs().sum(dim=0).max()
    return total


def main():
    torch.manual_seed(31)
    conv = nn.Conv2d(2, 3, kernel_size=3, bias=False)
    bn = nn.BatchNorm2d(3)
    linear = nn.Linear(5, 4, bias=False)
    with torch.no_grad():
        bn.weight.copy_(torch.randn(3) * 2)
        bn.running_var.copy_(torch.rand(3) * 3 + 0.1)
    model = nn.Sequential(conv, bn, nn.ReLU(), linear)
    value = penalty(model)
    value.backward()
    fixture = {
        "name": "lipschitz_conv_bn_linear", "term": "lipschitz", "epsilon": bn.eps,
        "conv_weight": conv.weight.detach().tolist(), "bn_gamma": bn.weight.detach().tolist(),
        "bn_running_var": bn.running_var.tolist(), "linear_weight": linear.weight.detach().tolist(),
        "value": value.item(),
        "grad_conv_weight": conv.weight.grad.tolist(), "grad_bn_gamma": bn.weight.grad.tolist(),
        "grad_linear_weight": linear.weight.grad.tolist(),
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
