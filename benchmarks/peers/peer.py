"""The PyTorch eager peer of `kdlab bench`: the same student-teacher workloads written the way a PyTorch
user would write them (our own code), timed the same way, ending with the same last line.

  st-mlp       784-W-W-10 teacher and student (W = --width, 1024 by default), batch 256, fresh Gaussian
               noise sigma 0.5 on the student's input, teacher forward on the clean input under no_grad,
               CE + mean squared feature difference on both hidden taps, backward, SGD momentum 0.9.
  st-resnet20  the CIFAR ResNet-20 of He et al. (projection shortcuts, as kdlab's resnet20), 1x32x32
               inputs, batch 128, CE + feature MSE on the three stages, same noise and optimiser.

Both run over an in-memory training set of --samples examples (uniform pixels, random labels): one
untimed warm-up pass of --warmup steps, then the timed epoch (or --steps steps). Use a current PyTorch
(see docs/benchmarks.md: PYTHONPATH=/opt/torch213) or Debian's python3-torch.
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Mlp(nn.Module):
    def __init__(self, width, depth=2):
        super().__init__()
        dims = [784] + [width] * depth
        self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims, dims[1:]))
        self.out = nn.Linear(width, 10)

    def forward(self, x):
        h, taps = x.flatten(1), []
        for layer in self.hidden:
            h = F.relu(layer(h))
            taps.append(h)
        return self.out(h), taps


class Basic(nn.Module):
    def __init__(self, cin, cout, stride, final_relu):
        super().__init__()
        self.c1, self.b1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout)
        self.c2, self.b2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        self.final_relu = final_relu

    def forward(self, x):
        out = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        out = out + (x if self.short is None else self.short(x))
        return F.relu(out) if self.final_relu else out


class ResNetCifar(nn.Module):
    def __init__(self, depth=20, widths=(16, 16, 32, 64), classes=10, channels=1):
        super().__init__()
        n = (depth - 2) // 6
        self.stem = nn.Sequential(nn.Conv2d(channels, widths[0], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU())
        stages, cin = [], widths[0]
        for s in range(1, 4):
            blocks = []
            for i in range(n):
                blocks.append(Basic(cin, widths[s], 2 if s > 1 and i == 0 else 1, i != n - 1))
                cin = widths[s]
            stages.append(nn.Sequential(*blocks))
        self.stages = nn.ModuleList(stages)
        self.fc = nn.Linear(widths[3], classes)

    def forward(self, x):
        h, taps = self.stem(x), []
        for stage in self.stages:
            h = F.relu(stage(h))
            taps.append(h)
        return self.fc(F.adaptive_avg_pool2d(h, 1).flatten(1)), taps


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload", choices=["st-mlp", "st-resnet20"])
    p.add_argument("--width", type=int, default=1024)
    p.add_argument("--batch", type=int)
    p.add_argument("--samples", type=int)
    p.add_argument("--steps", type=int, default=0, help="timed steps instead of one epoch")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--sigma", type=float, default=0.5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    mlp = a.workload == "st-mlp"
    batch = a.batch or (256 if mlp else 128)
    samples = a.samples or (55000 if mlp else 5120)
    shape = (1, 28, 28) if mlp else (1, 32, 32)
    make = (lambda: Mlp(a.width)) if mlp else (lambda: ResNetCifar())
    teacher, student = make().eval(), make()
    for q in teacher.parameters():
        q.requires_grad_(False)
    opt = torch.optim.SGD(student.parameters(), lr=0.01, momentum=0.9)
    x_all = torch.rand((samples,) + shape)
    y_all = torch.randint(0, 10, (samples,))

    def step(idx):
        x, y = x_all[idx], y_all[idx]
        noisy = x + a.sigma * torch.randn_like(x)
        with torch.no_grad():
            _, t_taps = teacher(x)
        logits, s_taps = student(noisy)
        loss = F.cross_entropy(logits, y) + sum(F.mse_loss(s, t) for s, t in zip(s_taps, t_taps))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    def run(steps):
        order = torch.randperm(samples)
        done, loss = 0, None
        for s in range(steps):
            start = (s * batch) % samples
            idx = order[start:start + batch]
            loss = step(idx)
            done += idx.numel()
            if (s + 1) % 50 == 0:
                loss.item()  # a user's loop logs now and then
        loss.item()
        return done

    run(a.warmup)
    steps = a.steps or (samples + batch - 1) // batch
    t0 = time.perf_counter()
    done = run(steps)
    seconds = time.perf_counter() - t0
    print(f"torch {torch.__version__}, {a.workload}, batch {batch}, {steps} steps, {done} samples in {seconds:.2f} s")
    print(f"samples_per_s={done / seconds:.1f} steps_per_s={steps / seconds:.3f}")


if __name__ == "__main__":
    main()
