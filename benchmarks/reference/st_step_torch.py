"""PyTorch reference for kdlab's StudentTeacherStepBenchmark: the same student-teacher step
(MLP 784-512-512-10, batch 128, Gaussian noise sigma 0.5 drawn per step, frozen teacher forward on the
clean batch, CE + mean squared feature difference over both hidden taps, backward, SGD momentum 0.9).
Run: /usr/bin/python3 benchmarks/reference/st_step_torch.py  (Debian's python3-torch)."""
import time
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
torch.manual_seed(0)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1, self.l2, self.out = nn.Linear(784, 512), nn.Linear(512, 512), nn.Linear(512, 10)

    def forward(self, x):
        h1 = F.relu(self.l1(x.flatten(1)))
        h2 = F.relu(self.l2(h1))
        return self.out(h2), (h1, h2)


teacher, student = Mlp().eval(), Mlp()
for p in teacher.parameters():
    p.requires_grad_(False)
opt = torch.optim.SGD(student.parameters(), lr=0.01, momentum=0.9)
x = torch.rand(128, 1, 28, 28)
y = torch.randint(0, 10, (128,))


def step():
    noisy = x + 0.5 * torch.randn_like(x)
    with torch.no_grad():
        _, t_feats = teacher(x)
    logits, s_feats = student(noisy)
    loss = F.cross_entropy(logits, y) + sum(F.mse_loss(s, t) for s, t in zip(s_feats, t_feats))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(50):
    step()
for trial in range(3):
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < 3:
        step()
        n += 1
    print(f"trial {trial}: {n / (time.perf_counter() - t0):.1f} steps/s")
