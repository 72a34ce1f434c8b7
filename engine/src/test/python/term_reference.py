#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's distillation terms (read by TermParityTest).

Regenerate (from the repository root; needs PyTorch, Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/term_reference.py

Inputs come from torch.manual_seed, so a rerun on the same PyTorch reproduces the fixtures; every
fixture under engine/src/test/resources/fixtures/terms/ holds its inputs as well as the outputs, so the
Java test takes nothing from this script except the JSON. The losses are written with torch's own
functions (F.kl_div, F.normalize, F.cross_entropy, F.mse_loss), not with kdlab's formulas, so that the
parity test compares two independent computations; gradients are torch autograd's, with respect to the
student's logits or features only (the teacher is frozen).
"""

import json
import os

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")
BATCH = 4
CLASSES = 5


def logits(scale):
    # A spread of a few units makes the softmaxes neither uniform nor one-hot, so temperature matters.
    return (torch.randn(BATCH, CLASSES) * scale).float()


def kd_case(name, temperature, seed):
    torch.manual_seed(seed)
    s = logits(3.0).requires_grad_(True)
    t = logits(3.0)
    # Hinton et al.'s T²-scaled KL(p_t || p_s); 'batchmean' is the sum over classes, mean over the batch.
    loss = F.kl_div(F.log_softmax(s / temperature, dim=1), F.softmax(t / temperature, dim=1),
                    reduction="batchmean") * temperature ** 2
    loss.backward()
    return {"name": name, "term": "kd", "temperature": temperature,
            "student": s.detach().tolist(), "teacher": t.tolist(),
            "value": loss.item(), "grad_student": s.grad.tolist()}


def attention(f):
    # Zagoruyko & Komodakis as RepDistiller computes it: channel mean of a², flattened, L2-normalised.
    return F.normalize(f.pow(2).mean(1).view(f.size(0), -1))


def at_case(name, seed):
    torch.manual_seed(seed)
    # Two tap pairs; the channels differ between student and teacher, the spatial sizes agree per pair.
    shapes = [((BATCH, 3, 4, 4), (BATCH, 6, 4, 4)), ((BATCH, 2, 2, 2), (BATCH, 5, 2, 2))]
    taps = []
    total = 0
    for i, (ss, ts) in enumerate(shapes):
        s = torch.randn(*ss).requires_grad_(True)
        t = torch.randn(*ts)
        loss = (attention(s) - attention(t)).pow(2).mean()
        loss.backward()
        total += loss.item()
        taps.append({"tap": "tap%d" % i, "student": s.detach().tolist(), "teacher": t.tolist(),
                     "value": loss.item(), "grad_student": s.grad.tolist()})
    return {"name": name, "term": "at", "taps": taps, "value": total}


def pi_classification_case(name, alpha, seed):
    torch.manual_seed(seed)
    s = logits(2.0).requires_grad_(True)
    t = logits(2.0)
    y = torch.randint(0, CLASSES, (BATCH,))
    # Probability targets in F.cross_entropy (torch >= 1.10): −Σ_c p_c log softmax(s)_c, mean over the batch.
    loss = (1 - alpha) * F.cross_entropy(s, y) + alpha * F.cross_entropy(s, F.softmax(t, dim=1))
    loss.backward()
    return {"name": name, "term": "pi_classification", "alpha": alpha,
            "student": s.detach().tolist(), "teacher": t.tolist(), "labels": y.tolist(),
            "value": loss.item(), "grad_student": s.grad.tolist()}


def pi_regression_case(name, alpha, seed):
    torch.manual_seed(seed)
    s = torch.randn(BATCH, 3).requires_grad_(True)
    t = torch.randn(BATCH, 3)
    y = torch.randn(BATCH, 3)
    # Mean over batch and outputs, the convention of kdlab's SquaredErrorTerm.
    loss = (1 - alpha) * F.mse_loss(s, y) + alpha * F.mse_loss(s, t)
    loss.backward()
    return {"name": name, "term": "pi_regression", "alpha": alpha,
            "student": s.detach().tolist(), "teacher": t.tolist(), "targets": y.tolist(),
            "value": loss.item(), "grad_student": s.grad.tolist()}


CASES = [
    kd_case("kd_t1", 1.0, 1),
    kd_case("kd_t4", 4.0, 2),
    # A fractional temperature below 1 sharpens the distributions: T² and 1/T must both be placed right.
    kd_case("kd_t0_5", 0.5, 3),
    at_case("at_two_taps", 4),
    pi_classification_case("pi_cls_a0_3", 0.3, 5),
    pi_classification_case("pi_cls_a0_9", 0.9, 6),
    pi_regression_case("pi_reg_a0_3", 0.3, 7),
    pi_regression_case("pi_reg_a0_9", 0.9, 8),
]


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    for case in CASES:
        case["torch"] = torch.__version__
        with open(os.path.join(OUT_DIR, case["name"] + ".json"), "w") as f:
            json.dump(case, f, indent=1, sort_keys=True)
            f.write("\n")
    print("wrote %d fixtures to %s" % (len(CASES), os.path.normpath(OUT_DIR)))


if __name__ == "__main__":
    main()
