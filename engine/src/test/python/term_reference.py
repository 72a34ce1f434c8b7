#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's loss terms (read by TermParityTest).

Regenerate (from the repository root; needs PyTorch, Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/term_reference.py

Inputs come from torch.manual_seed, so a rerun on the same PyTorch reproduces the fixtures; every
fixture under engine/src/test/resources/fixtures/terms/ holds its inputs as well as the outputs, so the
Java test takes nothing from this script except the JSON. The losses are written with torch's own
functions (F.kl_div, F.normalize, F.cross_entropy, F.mse_loss, F.linear, F.conv2d), not with kdlab's
formulas, so that the parity test compares two independent computations; gradients are torch autograd's,
with respect to the trained side only: the student's logits or features, and for fitnets also the
connector's weight and bias (the teacher, the labels and the targets are fixed).

Fixture files start with the term's prefix; the "term" field says which computation the Java test runs:

    term               what                                                    gradients stored
    kd                 Hinton et al.'s T²-scaled KL(p_t || p_s)                grad_student
    at                 attention transfer per tap ("taps"), summed             grad_student per tap
    pi_classification  privileged information, labels + teacher softmax       grad_student
    pi_regression      privileged information, targets + teacher outputs       grad_student
    ce                 cross-entropy, integer labels, mean over the batch      grad_student
    mse                squared error, mean over batch and outputs               grad_student
    feature_match      Hong et al.: sum over taps of mean((s - t)²)            grad_student per tap
    fitnets            FitNets hint mean((connector(s) - t)²), "connector"     grad_student, grad_weight,
                       linear (s @ Wᵀ + b) or conv (1x1 convolution)           grad_bias
    dkd                Zhao et al.'s α·TCKD + β·NCKD, as mdistiller's dkd_loss  grad_student
    sp                 Tung & Mori per tap ("taps"), summed                    grad_student per tap
    ls_ce              F.cross_entropy(label_smoothing=ε), mean over the batch grad_student
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


def ce_case(name, scale, batch, classes, seed):
    torch.manual_seed(seed)
    s = (torch.randn(batch, classes) * scale).requires_grad_(True)
    y = torch.randint(0, classes, (batch,))
    # −log softmax(s)[y], mean over the batch: F.cross_entropy's default reduction.
    loss = F.cross_entropy(s, y)
    loss.backward()
    return {"name": name, "term": "ce", "student": s.detach().tolist(), "labels": y.tolist(),
            "value": loss.item(), "grad_student": s.grad.tolist()}


def mse_case(name, targets, seed):
    torch.manual_seed(seed)
    s = torch.randn(BATCH, 3).requires_grad_(True)
    if targets == "sign":
        y = (torch.randint(0, 2, (BATCH, 3)) * 2 - 1).float()
    else:
        y = torch.randn(BATCH, 3) * 2.0
    # Mean over batch and outputs: F.mse_loss's default reduction.
    loss = F.mse_loss(s, y)
    loss.backward()
    return {"name": name, "term": "mse", "student": s.detach().tolist(), "targets": y.tolist(),
            "value": loss.item(), "grad_student": s.grad.tolist()}


def feature_match_case(name, seed):
    torch.manual_seed(seed)
    # Two taps of different shapes and sizes: a mean per tap, then a sum, differs from one mean over both.
    shapes = [(BATCH, 8), (BATCH, 3, 4, 4)]
    students = [torch.randn(*sh).requires_grad_(True) for sh in shapes]
    teachers = [torch.randn(*sh) for sh in shapes]
    per_tap = [F.mse_loss(s, t) for s, t in zip(students, teachers)]
    total = per_tap[0] + per_tap[1]
    total.backward()
    taps = [{"tap": "tap%d" % i, "student": s.detach().tolist(), "teacher": t.tolist(),
             "value": v.item(), "grad_student": s.grad.tolist()}
            for i, (s, t, v) in enumerate(zip(students, teachers, per_tap))]
    return {"name": name, "term": "feature_match", "taps": taps, "value": total.item()}


def fitnets_case(name, connector, seed):
    torch.manual_seed(seed)
    if connector == "linear":
        s = torch.randn(BATCH, 6).requires_grad_(True)
        w = (torch.randn(4, 6) * 0.5).requires_grad_(True)
        b = (torch.randn(4) * 0.5).requires_grad_(True)
        t = torch.randn(BATCH, 4)
        adapted = F.linear(s, w, b)  # s @ Wᵀ + b
    else:
        s = torch.randn(BATCH, 3, 4, 4).requires_grad_(True)
        w = (torch.randn(5, 3, 1, 1) * 0.5).requires_grad_(True)
        b = (torch.randn(5) * 0.5).requires_grad_(True)
        t = torch.randn(BATCH, 5, 4, 4)
        adapted = F.conv2d(s, w, b)  # 1x1 convolution, stride 1, no padding: [N, 5, 4, 4]
    # Romero et al.'s hint, averaged over all elements as kdlab's feature terms are.
    loss = F.mse_loss(adapted, t)
    loss.backward()
    return {"name": name, "term": "fitnets", "connector": connector,
            "student": s.detach().tolist(), "weight": w.detach().tolist(), "bias": b.detach().tolist(),
            "teacher": t.tolist(), "value": loss.item(),
            "grad_student": s.grad.tolist(), "grad_weight": w.grad.tolist(), "grad_bias": b.grad.tolist()}


def dkd_case(name, alpha, beta, temperature, seed):
    torch.manual_seed(seed)
    s = logits(3.0).requires_grad_(True)
    t = logits(3.0)
    y = torch.randint(0, CLASSES, (BATCH,))
    # mdistiller's dkd_loss: binary (target, rest) probabilities from the full softmaxes for TCKD; the
    # target's logit lowered by 1000 (after dividing by T) for NCKD; both summed KL, T²-scaled, / batch.
    gt = F.one_hot(y, CLASSES).float()
    ps = F.softmax(s / temperature, dim=1)
    pt = F.softmax(t / temperature, dim=1)
    bs = torch.cat([(ps * gt).sum(1, keepdim=True), (ps * (1 - gt)).sum(1, keepdim=True)], dim=1)
    bt = torch.cat([(pt * gt).sum(1, keepdim=True), (pt * (1 - gt)).sum(1, keepdim=True)], dim=1)
    tckd = F.kl_div(torch.log(bs), bt, reduction="sum") * temperature ** 2 / BATCH
    nckd = F.kl_div(F.log_softmax(s / temperature - 1000.0 * gt, dim=1), F.softmax(t / temperature - 1000.0 * gt, dim=1),
                    reduction="sum") * temperature ** 2 / BATCH
    loss = alpha * tckd + beta * nckd
    loss.backward()
    return {"name": name, "term": "dkd", "alpha": alpha, "beta": beta, "temperature": temperature,
            "student": s.detach().tolist(), "teacher": t.tolist(), "labels": y.tolist(),
            "value": loss.item(), "grad_student": s.grad.tolist()}


def sp_case(name, seed):
    torch.manual_seed(seed)
    # RepDistiller's SP.similarity_loss; the pairs differ in shape (a vector tap against a map), only N agrees.
    # Float32 inputs, computed in float64: the Gram-then-normalise chain cancels enough that torch's own float32
    # rounding (~1e-5 of the checked scale on small gradient elements) would be the larger error in the fixture.
    shapes = [((BATCH, 6), (BATCH, 9)), ((BATCH, 3, 2, 2), (BATCH, 7))]
    taps = []
    total = 0
    for i, (ss, ts) in enumerate(shapes):
        s = torch.randn(*ss).double().requires_grad_(True)
        t = torch.randn(*ts).double()
        fs = s.view(BATCH, -1)
        ft = t.view(BATCH, -1)
        gs = F.normalize(torch.mm(fs, fs.t()))
        gt = F.normalize(torch.mm(ft, ft.t()))
        loss = ((gt - gs) * (gt - gs)).view(-1, 1).sum(0)[0] / (BATCH * BATCH)
        loss.backward()
        total += loss.item()
        taps.append({"tap": "tap%d" % i, "student": s.detach().tolist(), "teacher": t.tolist(),
                     "value": loss.item(), "grad_student": s.grad.tolist()})
    return {"name": name, "term": "sp", "taps": taps, "value": total}


def ls_ce_case(name, smoothing, scale, seed):
    torch.manual_seed(seed)
    s = (torch.randn(BATCH, CLASSES) * scale).requires_grad_(True)
    y = torch.randint(0, CLASSES, (BATCH,))
    loss = F.cross_entropy(s, y, label_smoothing=smoothing)
    loss.backward()
    return {"name": name, "term": "ls_ce", "smoothing": smoothing, "student": s.detach().tolist(), "labels": y.tolist(),
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
    ce_case("ce_scale1", 1.0, BATCH, CLASSES, 9),
    # Large logits (near one-hot softmaxes) over more classes: log-softmax must stay stable.
    ce_case("ce_scale6_k10", 6.0, 8, 10, 10),
    mse_case("mse_sign_targets", "sign", 11),
    mse_case("mse_real_targets", "real", 12),
    feature_match_case("feature_match_two_taps", 13),
    fitnets_case("fitnets_linear", "linear", 14),
    fitnets_case("fitnets_conv1x1", "conv", 15),
    dkd_case("dkd_t4", 1.0, 8.0, 4.0, 16),
    dkd_case("dkd_t1_a0_5_b2", 0.5, 2.0, 1.0, 17),
    sp_case("sp_two_taps", 18),
    ls_ce_case("ls_ce_e0_1", 0.1, 2.0, 21),
    ls_ce_case("ls_ce_e0_4_scale6", 0.4, 6.0, 22),
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
