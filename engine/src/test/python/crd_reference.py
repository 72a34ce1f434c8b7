#!/usr/bin/env python3
"""PyTorch reference for contrastive representation distillation (read by CrdParityTest).

Regenerate from the repository root with Debian's python3-torch:

    /usr/bin/python3 engine/src/test/python/crd_reference.py

Written from Tian, Krishnan and Isola (ICLR 2020) as RepDistiller computes it (crd/criterion.py, crd/memory.py):
each head is a linear map then division by the row's L2 norm; the rows of the memory that the contrast indices
name (column 0 the positive) are gathered and multiplied with the embedding, out = exp(<row, v> / T); Z, where
not yet set, is N times the mean of out (a constant: no gradient); P = out / Z, and the NCE loss is
-(1/B) [sum_i log(P_i0 / (P_i0 + K/N + eps)) + sum_i sum_k>=1 log((K/N) / (P_ik + K/N + eps))], eps = 1e-7.
The student's embedding is scored against the teacher's memory and the teacher's against the student's; the
term is the sum. In the queue variant the positive is the other model's embedding (detached) and the K
negatives are rows of the other model's buffer. Memory, indices and Z are fixed inputs, so the randomness of the
draws is outside the compared function. Inputs are float32 values; the maths runs in float64.
"""

import json
import os

import torch

DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")
EPS = 1e-7


def head(x, w, b):
    y = x @ w.t() + b
    return y / y.pow(2).sum(1, keepdim=True).pow(0.5)


def nce(out, z, n):
    bsz = out.shape[0]
    m = out.shape[1] - 1
    pn = 1.0 / n
    p = out / z
    log_d1 = torch.log(p[:, 0] / (p[:, 0] + m * pn + EPS))
    log_d0 = torch.log((m * pn) / (p[:, 1:] + m * pn + EPS))
    return -(log_d1.sum() + log_d0.sum()) / bsz


def gathered_scores(v, rows, t):
    # rows [B, C, d]: RepDistiller's bmm of the gathered rows with the embedding.
    return torch.exp(torch.bmm(rows, v.unsqueeze(2)).squeeze(2) / t)


def normalisers(z, out_s, out_t, n):
    fresh = [out_s.mean().item() * n, out_t.mean().item() * n]
    return [fresh[i] if z[i] < 0 else z[i] for i in range(2)]


def case(name, seed, queue, z_scale, b=4, ds=6, dt=9, d=5, n=11, k=7, q=6, t=0.07):
    g = torch.Generator().manual_seed(seed)
    fs = torch.randn(b, ds, generator=g)
    ft = torch.randn(b, dt, generator=g)
    ws = torch.randn(d, ds, generator=g) * 0.5
    bs = torch.randn(d, generator=g) * 0.1
    wt = torch.randn(d, dt, generator=g) * 0.5
    bt = torch.randn(d, generator=g) * 0.1
    rows = q if queue else n
    stdv = 1.0 / (d / 3) ** 0.5
    mem_s = torch.rand(rows, d, generator=g) * 2 * stdv - stdv
    mem_t = torch.rand(rows, d, generator=g) * 2 * stdv - stdv
    if queue:
        idx = torch.randint(0, q, (b, k), generator=g)
    else:
        own = torch.randperm(n, generator=g)[:b]
        idx = torch.cat([own.unsqueeze(1), torch.randint(0, n, (b, k), generator=g)], 1)

    leaves = [a.double().requires_grad_(True) for a in (fs, ft, ws, bs, wt, bt)]
    vs = head(leaves[0], leaves[2], leaves[3])
    vt = head(leaves[1], leaves[4], leaves[5])
    ms, mt = mem_s.double(), mem_t.double()
    if queue:
        neg_s = mt[idx.reshape(-1)].reshape(b, k, d)
        neg_t = ms[idx.reshape(-1)].reshape(b, k, d)
        rows_s = torch.cat([vt.detach().unsqueeze(1), neg_s], 1)
        rows_t = torch.cat([vs.detach().unsqueeze(1), neg_t], 1)
    else:
        rows_s = mt[idx.reshape(-1)].reshape(b, k + 1, d)
        rows_t = ms[idx.reshape(-1)].reshape(b, k + 1, d)
    out_s = gathered_scores(vs, rows_s, t)
    out_t = gathered_scores(vt, rows_t, t)
    z_in = [-1.0, -1.0]
    if z_scale is not None:
        # A Z set on an earlier batch: here a multiple of this batch's own, fixed as a float32 value.
        fresh = normalisers(z_in, out_s, out_t, n)
        z_in = [float(torch.tensor(fresh[0] * z_scale).float()), float(torch.tensor(fresh[1] * z_scale * 0.7).float())]
    z = normalisers(z_in, out_s, out_t, n)
    loss = nce(out_s, z[0], n) + nce(out_t, z[1], n)
    loss.backward()
    fixture = {"name": name, "term": "crd", "queue": queue, "temperature": t, "samples": n,
               "student": fs.tolist(), "teacher": ft.tolist(), "weight_s": ws.tolist(), "bias_s": bs.tolist(),
               "weight_t": wt.tolist(), "bias_t": bt.tolist(), "memory_student": mem_s.tolist(), "memory_teacher": mem_t.tolist(),
               "indices": idx.tolist(), "z_in": z_in, "z": z, "value": loss.item(),
               "grad_student": leaves[0].grad.tolist(), "grad_teacher": leaves[1].grad.tolist(),
               "grad_weight_s": leaves[2].grad.tolist(), "grad_bias_s": leaves[3].grad.tolist(),
               "grad_weight_t": leaves[4].grad.tolist(), "grad_bias_t": leaves[5].grad.tolist()}
    path = os.path.join(DIR, name + ".json")
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print("wrote", path, "value", loss.item(), "z", z)


def main():
    case("crd_bank_first_batch", 7, False, None)
    case("crd_bank_fixed_z", 8, False, 1.7)
    case("crd_queue_k_over_q", 9, True, None, k=9, q=6)


if __name__ == "__main__":
    main()
