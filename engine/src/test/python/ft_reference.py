#!/usr/bin/env python3
"""PyTorch reference values and gradients for kdlab's ft term (read by FactorTransferParityTest).

Regenerate (from the repository root; Debian's python3-torch is enough):

    /usr/bin/python3 engine/src/test/python/ft_reference.py

Factor transfer (Kim, Park and Kwak, NeurIPS 2018) as RepDistiller computes it (distiller_zoo/FT.py and the
Paraphraser and Translator of models/util.py, rate k = 0.5), written here with torch's functional ops:

  paraphraser (no batch norm), on the teacher's map [N, C, H, W], C' = int(C * k):
    encoder: conv3x3(C->C) LeakyReLU(0.1), conv3x3(C->C') LeakyReLU, conv3x3(C'->C') LeakyReLU
    decoder: convT3x3(C'->C') LeakyReLU, convT3x3(C'->C) LeakyReLU, convT3x3(C->C) LeakyReLU
             (its kernels and their gradients written in kdlab's layout, that of the equivalent convolution:
             see as_conv)
  translator (batch norm, training mode), on the student's map with Cs channels:
    conv3x3(Cs->Cs) BN LeakyReLU, conv3x3(Cs->C') BN LeakyReLU, conv3x3(C'->C') BN LeakyReLU
  (every convolution with bias, stride 1, padding 1)

  init phase:  mean((decoder(encoder(t)) - t)^2)                 gradients: the paraphraser's parameters
  main phase:  mean(|factor(translator(s)) - factor(encoder(t))|)  gradients: the student's map, the translator's
               with factor(x) = F.normalize(mean over channels of x^2, flattened), the larger factor
               average-pooled to the smaller one's spatial size; the teacher's factor is a fixed target.

Inputs are float32 draws from torch.manual_seed; the reference is computed in float64 from them.
"""

import json
import os

import torch
import torch.nn.functional as F

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "terms")
RATE = 0.5
SLOPE = 0.1
BN_EPS = 1e-5


def conv(c_out, c_in, transpose=False):
    shape = (c_in, c_out, 3, 3) if transpose else (c_out, c_in, 3, 3)
    return [(torch.randn(*shape) / (9 * c_in) ** 0.5).float(), (0.1 * torch.randn(c_out)).float()]


def bn(c):
    return [(1.0 + 0.3 * torch.randn(c)).float(), (0.3 * torch.randn(c)).float()]


def named(prefix, names, values, grads):
    return [{"name": prefix + n, "value": v.tolist(), "grad": g.tolist()} for n, v, g in zip(names, values, grads)]


def as_conv(w):
    # kdlab holds a stride-1, padding-1 transposed convolution's kernel [in, out, 3, 3] as the equivalent
    # convolution's [out, in, 3, 3], flipped in space (DJL's PyTorch engine has no transposed convolution). The map
    # is a permutation, so a gradient maps the same way; the loss itself is computed with F.conv_transpose2d.
    return w.transpose(0, 1).flip(2, 3) if w.dim() == 4 else w


def encoder(x, p):
    for i in range(3):
        x = F.leaky_relu(F.conv2d(x, p[2 * i], p[2 * i + 1], padding=1), SLOPE)
    return x


def decoder(x, p):
    for i in range(3):
        x = F.leaky_relu(F.conv_transpose2d(x, p[2 * i], p[2 * i + 1], padding=1), SLOPE)
    return x


def translator(x, p):
    for i in range(3):
        x = F.conv2d(x, p[4 * i], p[4 * i + 1], padding=1)
        x = F.batch_norm(x, None, None, p[4 * i + 2], p[4 * i + 3], training=True, eps=BN_EPS)
        x = F.leaky_relu(x, SLOPE)
    return x


def factor(x):
    return F.normalize(x.pow(2).mean(1).view(x.size(0), -1))


def case(name, student_shape, teacher_shape, seed):
    torch.manual_seed(seed)
    s = torch.randn(*student_shape).float()
    t = torch.randn(*teacher_shape).float()
    c, cs = teacher_shape[1], student_shape[1]
    k = int(c * RATE)
    enc = conv(c, c) + conv(k, c) + conv(k, k)
    dec = conv(k, k, True) + conv(c, k, True) + conv(c, c, True)
    tra = conv(cs, cs) + bn(cs) + conv(k, cs) + bn(k) + conv(k, k) + bn(k)

    td = t.double()
    encd = [p.double().requires_grad_(True) for p in enc]
    decd = [p.double().requires_grad_(True) for p in dec]
    init_loss = F.mse_loss(decoder(encoder(td, encd), decd), td)
    init_loss.backward()

    sd = s.double().requires_grad_(True)
    trad = [p.double().requires_grad_(True) for p in tra]
    fs_map = translator(sd, trad)
    ft_map = encoder(td, [p.double() for p in enc])
    sh, th = fs_map.shape[2], ft_map.shape[2]
    if sh > th:
        fs_map = F.adaptive_avg_pool2d(fs_map, (th, th))
    elif sh < th:
        ft_map = F.adaptive_avg_pool2d(ft_map, (sh, sh))
    main_loss = (factor(fs_map) - factor(ft_map).detach()).abs().mean()
    main_loss.backward()

    conv_names = ["%d.weight", "%d.bias"]
    enc_names = [n % i for i in range(3) for n in conv_names]
    tra_names = [n % i for i in range(3) for n in ["%d.conv.weight", "%d.conv.bias", "%d.bn.weight", "%d.bn.bias"]]
    return {"name": name, "term": "ft", "rate": RATE, "student": s.tolist(), "teacher": t.tolist(),
            "init": {"value": init_loss.item(),
                     "encoder": named("paraphraser.encoder.", enc_names, enc, [p.grad for p in encd]),
                     "decoder": named("paraphraser.decoder.", enc_names, [as_conv(p) for p in dec],
                                     [as_conv(p.grad) for p in decd])},
            "main": {"value": main_loss.item(), "grad_student": sd.grad.tolist(),
                     "translator": named("translator.", tra_names, tra, [p.grad for p in trad])}}


def main():
    cases = [
        case("ft_same_size", (2, 3, 4, 4), (2, 4, 4, 4), 1),
        case("ft_student_pooled", (3, 2, 6, 6), (3, 6, 3, 3), 2),
    ]
    os.makedirs(OUT_DIR, exist_ok=True)
    for c in cases:
        with open(os.path.join(OUT_DIR, c["name"] + ".json"), "w") as f:
            json.dump(c, f)
        print(c["name"], c["init"]["value"], c["main"]["value"])


if __name__ == "__main__":
    main()
