#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's PKT term (read by PktParityTest).

Regenerate (from the repository root; Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/pkt_reference.py

Passalis & Tefas, "Learning Deep Representations with Probabilistic Knowledge Transfer", ECCV 2018, in the form
RepDistiller's distiller_zoo/PKT.py computes it: rows divided by (L2 norm + 1e-7), cosine similarities mapped to
[0, 1] by (s + 1) / 2, rows divided by their sums, loss = mean over the N^2 entries of t log((t + eps) / (s + eps)).
Written here from those formulas, in float64 on float32 inputs: the loss is a KL divergence, second order in the
difference of the two distributions, so float32 rounding of the distributions (first order) would be the larger
error in the fixture. Two cases have distributions far from uniform and far from each other (clustered teacher rows, low-dimensional
student rows), where the KL is ~1e-2 and float32 meets it with room to spare; "pkt_near_uniform" has 64-d random
rows (cosines near 0, rows near uniform, KL ~1.4e-3), the hard case: float32 rounding of the distributions is
first order in the loss while the loss is second order, and kdlab's float32 value was 4.5e-6 of it on the machine
the fixtures were made on (under the 1e-5 limit, but with a margin of ~2).

Fixtures: {"term": "pkt", "taps": [{"tap", "student", "teacher", "value", "grad_student"}], "value": sum}.
"""

import json
import os

import torch

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")
EPS = 1e-7


def distribution(f):
    f = f.reshape(f.shape[0], -1)
    unit = f / (torch.sqrt((f * f).sum(dim=1, keepdim=True)) + EPS)
    sim = (unit @ unit.t() + 1.0) / 2.0
    return sim / sim.sum(dim=1, keepdim=True)


def pkt(s, t):
    ps = distribution(s)
    pt = distribution(t)
    return (pt * torch.log((pt + EPS) / (ps + EPS))).mean()


def clustered(n, d, clusters, spread):
    centres = torch.randn(clusters, d)
    labels = torch.arange(n) % clusters
    return centres[labels] + spread * torch.randn(n, d)


def case(name, pairs, seed):
    torch.manual_seed(seed)
    taps = []
    total = 0.0
    for i, (make_s, make_t) in enumerate(pairs):
        s32 = make_s().float()
        t32 = make_t().float()
        s = s32.double().requires_grad_(True)
        loss = pkt(s, t32.double())
        loss.backward()
        total += loss.item()
        taps.append({"tap": "tap%d" % i, "student": s32.tolist(), "teacher": t32.tolist(),
                     "value": loss.item(), "grad_student": s.grad.tolist()})
    return {"name": name, "term": "pkt", "taps": taps, "value": total, "torch": torch.__version__}


N = 8
CASES = [
    # Vectors of different widths: a two-cluster teacher (cosines near +-1) against a 3-d student.
    case("pkt_clustered", [(lambda: torch.randn(N, 3), lambda: clustered(N, 12, 2, 0.3))], 31),
    # Two pairs, a feature map against a vector (flattened, only N agrees), and a 4-cluster pair.
    case("pkt_two_taps", [(lambda: torch.randn(N, 2, 2, 1) + 0.5, lambda: clustered(N, 4, 4, 0.2)),
                          (lambda: clustered(N, 5, 3, 0.5), lambda: clustered(N, 7, 2, 0.1))], 32),
    # The hard case (see above): 64-d random rows, distributions near uniform.
    case("pkt_near_uniform", [(lambda: torch.randn(N, 64), lambda: torch.randn(N, 64))], 33),
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
