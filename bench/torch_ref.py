#!/usr/bin/python3
"""PyTorch reference for `npm run bench` (bench/run.ts): the same three training steps as
runtime/backend/probe-models.ts, with identical architectures, initialisation scheme
(Glorot-uniform weights, zero biases), loss (Bernoulli-logit reconstruction summed over
pixels + analytic KL, batch mean; the beta-TCVAE adds (beta-1)*TC with the MSS estimator)
and optimiser (Adam lr 5e-4, betas 0.9/0.999, eps 1e-8). NHWC in tfjs = NCHW here; the
FLOPs are the same.

Run with Debian's torch: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_ref.py [--reps N]
[--threads T] [--only conv,mlp,tcvae]. Prints one JSON line:
{"bench":"torch","torch":ver,"threads":T,"rows":[{"name","wallMs","cpuMs","runs","loss"}]}.
Step times are medians; cpuMs is process CPU time (time.process_time) per step.
"""
import argparse
import json
import math
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DATASET_SIZE = 737280  # dSprites, for the MSS weights


def glorot(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.xavier_uniform_(m.weight)
        nn.init.zeros_(m.bias)


class ConvBetaVae(nn.Module):
    """disentanglement_lib conv encoder/decoder (Burgess et al. 2018), 64x64xC, D latents."""

    def __init__(self, D=10, C=1):
        super().__init__()
        self.enc = nn.ModuleList([
            nn.Conv2d(C, 32, 4, 2, 1), nn.Conv2d(32, 32, 4, 2, 1),
            nn.Conv2d(32, 64, 2, 2, 0), nn.Conv2d(64, 64, 2, 2, 0)])
        self.fc = nn.Linear(1024, 256)
        self.mu = nn.Linear(256, D)
        self.lv = nn.Linear(256, D)
        self.d1 = nn.Linear(D, 256)
        self.d2 = nn.Linear(256, 1024)
        self.dec = nn.ModuleList([
            nn.ConvTranspose2d(64, 64, 4, 2, 1), nn.ConvTranspose2d(64, 32, 4, 2, 1),
            nn.ConvTranspose2d(32, 32, 4, 2, 1), nn.ConvTranspose2d(32, C, 4, 2, 1)])
        self.apply(glorot)

    def forward(self, x, eps):
        B = x.shape[0]
        h = x
        for c in self.enc:
            h = F.relu(c(h))
        # tfjs flattens NHWC; order does not change the cost
        z0 = F.relu(self.fc(h.reshape(B, 1024)))
        mu, logvar = self.mu(z0), self.lv(z0)
        z = mu + torch.exp(0.5 * logvar) * eps
        g = F.relu(self.d2(F.relu(self.d1(z)))).reshape(B, 64, 4, 4)
        for i, c in enumerate(self.dec):
            g = c(g)
            if i < len(self.dec) - 1:
                g = F.relu(g)
        return g, mu, logvar, z


class MlpVae(nn.Module):
    """fc_encoder 4096-1200-1200 ReLU -> mu/logvar; fc_decoder D-1200-1200-1200 tanh -> 4096."""

    def __init__(self, D=10):
        super().__init__()
        self.enc = nn.ModuleList([nn.Linear(4096, 1200), nn.Linear(1200, 1200)])
        self.mu = nn.Linear(1200, D)
        self.lv = nn.Linear(1200, D)
        self.dec = nn.ModuleList([nn.Linear(D, 1200), nn.Linear(1200, 1200),
                                  nn.Linear(1200, 1200), nn.Linear(1200, 4096)])
        self.apply(glorot)

    def forward(self, x, eps):
        h = x.reshape(x.shape[0], 4096)
        for l in self.enc:
            h = F.relu(l(h))
        mu, logvar = self.mu(h), self.lv(h)
        z = mu + torch.exp(0.5 * logvar) * eps
        g = z
        for i, l in enumerate(self.dec):
            g = l(g)
            if i < len(self.dec) - 1:
                g = torch.tanh(g)
        return g, mu, logvar, z


def bce_kl(logits, x, mu, logvar):
    B = x.shape[0]
    l = logits.reshape(B, -1)
    t = x.reshape(B, -1)
    bce = F.relu(l) - l * t + torch.log1p(torch.exp(-l.abs()))
    recon = bce.sum() / B
    kl = 0.5 * (torch.exp(logvar) + mu * mu - 1 - logvar).sum() / B
    return recon, kl


def mss_log_weights(B, N):
    """Intended MSS matrix (methods.md): W[i,i]=1/N, W[i,(i+1)%B]=(N-B+1)/(N(B-1)), else 1/(B-1)."""
    W = torch.full((B, B), 1.0 / (B - 1))
    idx = torch.arange(B)
    W[idx, idx] = 1.0 / N
    W[idx, (idx + 1) % B] = (N - B + 1) / (N * (B - 1))
    return W.log()


def total_correlation_mss(z, mu, logvar, logw):
    """mean_i( LSE_j(sum_d M[i,j,d] + logW[i,j]) - sum_d LSE_j(M[i,j,d] + logW[i,j]) ), nats."""
    zi = z.unsqueeze(1)  # [B,1,D]
    m = mu.unsqueeze(0)  # [1,B,D]
    lv = logvar.unsqueeze(0)
    M = -0.5 * ((zi - m) ** 2 * torch.exp(-lv) + lv + math.log(2 * math.pi))  # [B,B,D]
    logqz = torch.logsumexp(M.sum(2) + logw, dim=1)
    prod = torch.logsumexp(M + logw.unsqueeze(2), dim=1).sum(1)
    return (logqz - prod).mean()


def make(which, B):
    g = torch.Generator().manual_seed(7)
    if which == "conv":
        model = ConvBetaVae()
        x = (torch.rand(B, 1, 64, 64, generator=g) > 0.5).float()
        beta = 4.0
    else:
        model = MlpVae()
        x = (torch.rand(B, 4096, generator=g) > 0.5).float()
        beta = 1.0 if which == "mlp" else 6.0
    eps = torch.randn(B, 10, generator=g)
    opt = torch.optim.Adam(model.parameters(), lr=5e-4, betas=(0.9, 0.999), eps=1e-8)
    logw = mss_log_weights(B, DATASET_SIZE)

    def step():
        opt.zero_grad(set_to_none=True)
        logits, mu, logvar, z = model(x, eps)
        recon, kl = bce_kl(logits, x, mu, logvar)
        if which == "tcvae":
            loss = recon + kl + (beta - 1.0) * total_correlation_mss(z, mu, logvar, logw)
        else:
            loss = recon + beta * kl
        loss.backward()
        opt.step()
        return float(loss.item())

    return step


NAMES = {
    "conv": "conv β-VAE (Burgess), 64×64×1",
    "mlp": "MLP VAE 4096-1200-1200-10",
    "tcvae": "MLP β-TCVAE (MSS)",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--warm", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--only", default="conv,mlp,tcvae")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    torch.set_flush_denormal(True)
    rows = []
    for which in a.only.split(","):
        step = make(which, a.batch)
        loss = float("nan")
        for _ in range(a.warm):
            loss = step()
        wall, cpu = [], []
        for _ in range(a.reps):
            w0, c0 = time.perf_counter(), time.process_time()
            loss = step()
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        rows.append({"model": which, "name": NAMES[which], "wallMs": statistics.median(wall),
                     "cpuMs": statistics.median(cpu), "runs": a.reps, "loss": loss})
        print(f"torch {which}: {statistics.median(wall):.1f} ms wall", file=sys.stderr)
    # matmul rate, for the floor: 1024^3 float32
    A, Bm = torch.randn(1024, 1024), torch.randn(1024, 1024)
    for _ in range(3):
        A @ Bm
    ts = []
    for _ in range(10):
        t0 = time.perf_counter()
        A @ Bm
        ts.append(time.perf_counter() - t0)
    gflops = 2 * 1024 ** 3 / statistics.median(ts) / 1e9
    print(json.dumps({"bench": "torch", "torch": torch.__version__, "threads": a.threads,
                      "blas": torch.__config__.show().count("OpenBLAS") > 0 or None,
                      "matmulGflops": gflops, "rows": rows}))


if __name__ == "__main__":
    main()
