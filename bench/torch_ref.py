#!/usr/bin/python3
"""PyTorch reference for `npm run bench` (bench/run.ts): the same training steps as
runtime/backend/probe-models.ts and runtime/backend/probe-gan.ts, with identical architectures,
initialisation scheme (Glorot-uniform weights, zero biases), loss (Bernoulli-logit reconstruction
summed over pixels + analytic KL, batch mean; the beta-TCVAE adds (beta-1)*TC with the MSS
estimator) and optimiser (Adam lr 5e-4, betas 0.9/0.999, eps 1e-8). NHWC in tfjs = NCHW here; the
FLOPs are the same. The `gan` row is one InfoGAN MNIST step (D update, then G + Q update; see
InfoGan below).

Run with Debian's torch: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_ref.py [--reps N]
[--threads T] [--only conv,quickstart,mlp,tcvae,gan]. Prints one JSON line:
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
LEAK = 0.01  # InfoGAN's leaky_rectify slope (code)


def glorot(m):
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
        nn.init.xavier_uniform_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)


class ConvBetaVae(nn.Module):
    """disentanglement_lib conv encoder/decoder (Burgess et al. 2018), 64x64xC, D latents."""

    def __init__(self, D=10, C=1):
        super().__init__()
        self.enc = nn.ModuleList(
            [
                nn.Conv2d(C, 32, 4, 2, 1),
                nn.Conv2d(32, 32, 4, 2, 1),
                nn.Conv2d(32, 64, 2, 2, 0),
                nn.Conv2d(64, 64, 2, 2, 0),
            ]
        )
        self.fc = nn.Linear(1024, 256)
        self.mu = nn.Linear(256, D)
        self.lv = nn.Linear(256, D)
        self.d1 = nn.Linear(D, 256)
        self.d2 = nn.Linear(256, 1024)
        self.dec = nn.ModuleList(
            [
                nn.ConvTranspose2d(64, 64, 4, 2, 1),
                nn.ConvTranspose2d(64, 32, 4, 2, 1),
                nn.ConvTranspose2d(32, 32, 4, 2, 1),
                nn.ConvTranspose2d(32, C, 4, 2, 1),
            ]
        )
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
        self.dec = nn.ModuleList(
            [
                nn.Linear(D, 1200),
                nn.Linear(1200, 1200),
                nn.Linear(1200, 1200),
                nn.Linear(1200, 4096),
            ]
        )
        self.apply(glorot)

    def forward(self, x, eps):
        h = x.reshape(x.shape[0], 4096)
        for lin in self.enc:
            h = F.relu(lin(h))
        mu, logvar = self.mu(h), self.lv(h)
        z = mu + torch.exp(0.5 * logvar) * eps
        g = z
        for i, lin in enumerate(self.dec):
            g = lin(g)
            if i < len(self.dec) - 1:
                g = torch.tanh(g)
        return g, mu, logvar, z


def bce_kl(logits, x, mu, logvar):
    B = x.shape[0]
    lg = logits.reshape(B, -1)
    t = x.reshape(B, -1)
    bce = F.relu(lg) - lg * t + torch.log1p(torch.exp(-lg.abs()))
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


def tc_decomposition_mss(z, mu, logvar, logw):
    """beta-TCVAE's (mutual_info, total_correlation, dimwise_kl) by MSS, nats (Chen et al. 2018 eq. 2)."""
    zi, m, lv = z.unsqueeze(1), mu.unsqueeze(0), logvar.unsqueeze(0)
    M = -0.5 * ((zi - m) ** 2 * torch.exp(-lv) + lv + math.log(2 * math.pi))  # [B,B,D]
    logqz = torch.logsumexp(M.sum(2) + logw, dim=1)
    prod = torch.logsumexp(M + logw.unsqueeze(2), dim=1).sum(1)
    condx = (-0.5 * ((z - mu) ** 2 * torch.exp(-logvar) + logvar + math.log(2 * math.pi))).sum(1)
    pz = (-0.5 * (z**2 + math.log(2 * math.pi))).sum(1)
    return (condx - logqz).mean(), (logqz - prod).mean(), (prod - pz).mean()


def total_correlation_mss(z, mu, logvar, logw):
    """mean_i( LSE_j(sum_d M[i,j,d] + logW[i,j]) - sum_d LSE_j(M[i,j,d] + logW[i,j]) ), nats."""
    zi = z.unsqueeze(1)  # [B,1,D]
    m = mu.unsqueeze(0)  # [1,B,D]
    lv = logvar.unsqueeze(0)
    M = -0.5 * ((zi - m) ** 2 * torch.exp(-lv) + lv + math.log(2 * math.pi))  # [B,B,D]
    logqz = torch.logsumexp(M.sum(2) + logw, dim=1)
    prod = torch.logsumexp(M + logw.unsqueeze(2), dim=1).sum(1)
    return (logqz - prod).mean()


class InfoGan(nn.Module):
    """InfoGAN MNIST networks (methods.md sec. 6; runtime/backend/probe-gan.ts): G 74-1024-6272
    (BN, ReLU), deconv 64 (BN, ReLU), deconv 1, sigmoid; D trunk conv 64 lrelu, conv 128 BN
    lrelu, FC 1024 BN lrelu; D head FC 1; Q head FC 128 BN lrelu, FC 12. BN eps 1e-5 in train
    mode; layers followed by BN have no bias."""

    def __init__(self):
        super().__init__()
        self.g = nn.ModuleList(
            [
                nn.Linear(74, 1024, bias=False),
                nn.BatchNorm1d(1024),
                nn.Linear(1024, 6272, bias=False),
                nn.BatchNorm1d(6272),
                nn.ConvTranspose2d(128, 64, 4, 2, 1, bias=False),
                nn.BatchNorm2d(64),
                nn.ConvTranspose2d(64, 1, 4, 2, 1),
            ]
        )
        self.trunk = nn.ModuleList(
            [
                nn.Conv2d(1, 64, 4, 2, 1),
                nn.Conv2d(64, 128, 4, 2, 1, bias=False),
                nn.BatchNorm2d(128),
                nn.Linear(6272, 1024, bias=False),
                nn.BatchNorm1d(1024),
            ]
        )
        self.dhead = nn.Linear(1024, 1)
        self.qhead = nn.ModuleList(
            [nn.Linear(1024, 128, bias=False), nn.BatchNorm1d(128), nn.Linear(128, 12)]
        )
        self.apply(glorot)

    def generate(self, z):
        g = self.g
        h = F.relu(g[1](g[0](z)))
        h = F.relu(g[3](g[2](h))).reshape(z.shape[0], 128, 7, 7)
        h = F.relu(g[5](g[4](h)))
        return torch.sigmoid(g[6](h))

    def features(self, x):
        t = self.trunk
        h = F.leaky_relu(t[0](x), LEAK)
        h = F.leaky_relu(t[2](t[1](h)), LEAK)
        return F.leaky_relu(t[4](t[3](h.reshape(x.shape[0], 6272))), LEAK)

    def d_params(self):
        return list(self.trunk.parameters()) + list(self.dhead.parameters())

    def g_params(self):
        return list(self.g.parameters()) + list(self.qhead.parameters())


def make_gan(B):
    """One step = D update on real + detached fakes, then G + Q update (non-saturating BCE - L_I).
    D's parameters are frozen during the G step (tfjs takes no gradient for them either)."""
    gen = torch.Generator().manual_seed(11)
    model = InfoGan()
    real = torch.rand(B, 1, 28, 28, generator=gen)
    cat = torch.randint(0, 10, (B,), generator=gen)
    cont = torch.rand(B, 2, generator=gen) * 2 - 1
    noise = torch.rand(B, 62, generator=gen) * 2 - 1
    z = torch.cat([noise, F.one_hot(cat, 10).float(), cont], 1)
    ones, zeros = torch.ones(B, 1), torch.zeros(B, 1)
    opt_d = torch.optim.Adam(model.d_params(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    opt_g = torch.optim.Adam(model.g_params(), lr=1e-3, betas=(0.5, 0.999), eps=1e-8)
    bce = F.binary_cross_entropy_with_logits
    half_log_2pi = 0.5 * math.log(2 * math.pi)

    def step():
        for p in model.d_params():
            p.requires_grad_(True)
        opt_d.zero_grad(set_to_none=True)
        fake = model.generate(z).detach()
        d_loss = bce(model.dhead(model.features(real)), ones) + bce(
            model.dhead(model.features(fake)), zeros
        )
        d_loss.backward()
        opt_d.step()
        for p in model.d_params():
            p.requires_grad_(False)
        opt_g.zero_grad(set_to_none=True)
        t = model.features(model.generate(z))
        qh = model.qhead
        q = qh[2](F.leaky_relu(qh[1](qh[0](t)), LEAK))
        logp = F.log_softmax(q[:, :10], 1).gather(1, cat[:, None]).mean()
        gauss = (-0.5 * (cont - q[:, 10:]) ** 2 - half_log_2pi).sum(1).mean()
        g_loss = bce(model.dhead(t), ones) - (logp + gauss)
        g_loss.backward()
        opt_g.step()
        return float(d_loss.item()) + float(g_loss.item())

    return step


def make(which, B):
    if which == "gan":
        return make_gan(B)
    g = torch.Generator().manual_seed(7)
    if which in ("conv", "quickstart"):
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
        elif which == "quickstart":
            mi, tc, dw = tc_decomposition_mss(z, mu, logvar, logw)
            loss = recon + mi + 6.0 * tc + dw
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
    "gan": "InfoGAN MNIST D+G step (batch 64)",
    "quickstart": "examples/quickstart.dis trainer (β-TCVAE MSS, conv)",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--warm", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--only", default="conv,mlp,tcvae,gan")
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
        rows.append(
            {
                "model": which,
                "name": NAMES[which],
                "wallMs": statistics.median(wall),
                "cpuMs": statistics.median(cpu),
                "runs": a.reps,
                "loss": loss,
            }
        )
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
    gflops = 2 * 1024**3 / statistics.median(ts) / 1e9
    print(
        json.dumps(
            {
                "bench": "torch",
                "torch": torch.__version__,
                "threads": a.threads,
                "blas": torch.__config__.show().count("OpenBLAS") > 0 or None,
                "matmulGflops": gflops,
                "rows": rows,
            }
        )
    )


if __name__ == "__main__":
    main()
