"""Loss terms, likelihoods and schedules of the disc stdlib in PyTorch (scalars in nats).

Each function mirrors one stdlib entry (stdlib/penalties/*.ts, stdlib/math/*.ts) and reduces
the same way: sum over pixels / latent dims, mean over the batch. Formulas and papers: the
TypeScript entries' docstrings and docs/stdlib.md.
"""

import math

import torch
import torch.nn.functional as F

LOG_2PI = math.log(2 * math.pi)


def bernoulli_nll(x, logits):
    """Per-example Σ_pixels softplus(l) − l·x, x and logits [B, C, H, W] -> [B] nats
    (disentanglement_lib losses.py::bernoulli_loss)."""
    if x.shape != logits.shape:
        raise ValueError(f"bernoulli: logits {tuple(logits.shape)} do not match the data {tuple(x.shape)}")
    return (F.softplus(logits) - logits * x).reshape(x.shape[0], -1).sum(1)


def _location_scale(x, params, learned, name):
    """Splits decoder params [B, P·C, H, W] into the mean [B, C, H, W] (first C channels) and the
    log scale (next C channels when learned, else 0), as stdlib/likelihoods/gaussian.ts splitParams."""
    c = x.shape[1]
    if params.shape[1] != c * (2 if learned else 1):
        raise ValueError(f"{name}: decoder gives {params.shape[1]} channels, needs {2 if learned else 1} × {c}")
    m = params[:, :c]
    if m.shape != x.shape:
        raise ValueError(f"{name}: means {tuple(m.shape)} do not match the data {tuple(x.shape)}")
    return m, (params[:, c:] if learned else torch.zeros_like(x))


def gaussian_nll(x, params, learned):
    """Per-example Σ_pixels ½((x − m)/σ)² + log σ + ½ ln 2π, x [B, C, H, W], params = mean (‖ log σ
    when learned) -> [B] nats (rtqichen/beta-tcvae lib/dist.py::Normal.log_density)."""
    m, log_sigma = _location_scale(x, params, learned, "gaussian")
    per_pixel = 0.5 * ((x - m) * torch.exp(-log_sigma)) ** 2 + log_sigma + 0.5 * LOG_2PI
    return per_pixel.reshape(x.shape[0], -1).sum(1)


def laplace_nll(x, params, learned):
    """Per-example Σ_pixels |x − m|/b + log b + ln 2, x [B, C, H, W], params = mean (‖ log b when
    learned) -> [B] nats (rtqichen/beta-tcvae lib/dist.py::Laplace.log_density)."""
    m, log_b = _location_scale(x, params, learned, "laplace")
    per_pixel = (x - m).abs() * torch.exp(-log_b) + log_b + math.log(2)
    return per_pixel.reshape(x.shape[0], -1).sum(1)


def recon(nll, x, reduction="sum"):
    """recon(x): mean over the batch of the per-example NLL [B] of x under the decoder's
    likelihood (bernoulli_nll, gaussian_nll, ...); `mean` divides by H·W·C."""
    if reduction == "mean":
        nll = nll / x[0].numel()
    return nll.mean()


def gaussian_log_density(x, mu, logvar):
    """Elementwise log N(x; mu, exp(logvar)); broadcasts (vae.py::gaussian_log_density)."""
    return -0.5 * ((x - mu) ** 2 * torch.exp(-logvar) + logvar + LOG_2PI)


def gaussian_kl(mu, logvar):
    """Batch mean of ½Σ_d(mu² + e^logvar − logvar − 1); mu, logvar [B, D] -> scalar nats."""
    return (0.5 * (mu**2 + torch.exp(logvar) - logvar - 1).sum(1)).mean()


def capacity_at(step, c_max, over):
    """C(t) = min(C_max, C_max·t/T), nats (Burgess et al. 2018 eq. 8)."""
    if not over > 0:
        raise ValueError(f"capacity: 'over' must be a positive number of steps, got {over}")
    return min(c_max, c_max * step / over)


def capacity(mu, logvar, step, c_max, over):
    """|mean_b KL − C(step)|, scalar nats."""
    return torch.abs(gaussian_kl(mu, logvar) - capacity_at(step, c_max, over))


def mss_log_weights(batch, dataset_size, device=None):
    """log W [B, B] of minibatch stratified sampling, the intended matrix of Chen et al. 2018
    (Appendix C; as stdlib/math/minibatch.ts):
    W[i,i] = 1/N, W[i,(i+1) mod B] = (N−B+1)/(N(B−1)), else 1/(B−1)."""
    b, n = batch, dataset_size
    if n < b:
        raise ValueError(f"mss: dataset size N ({n}) must be at least the batch size B ({b})")
    if b == 1:
        return torch.zeros(1, 1, device=device)
    w = torch.full((b, b), 1.0 / (b - 1), dtype=torch.float64)
    idx = torch.arange(b)
    w[idx, idx] = 1.0 / n
    w[idx, (idx + 1) % b] = (n - b + 1) / (n * (b - 1))
    return torch.log(w).to(torch.float32).to(device)


def minibatch_log_densities(z, mu, logvar, estimator, dataset_size, constants=True):
    """(log q(z_i|x_i), log q(z_i), Σ_d log q(z_i,d), log p(z_i)), each [B] nats, by the mws or
    mss estimator (Chen et al. 2018, Appendix C; stdlib/math/minibatch.ts)."""
    b, d = z.shape
    if dataset_size < b:
        raise ValueError(f"minibatch estimator: dataset size N ({dataset_size}) must be at least the batch size ({b})")
    m = gaussian_log_density(z.unsqueeze(1), mu.unsqueeze(0), logvar.unsqueeze(0))  # [B, B, D]
    s = m.sum(2)
    if estimator == "mss":
        w = mss_log_weights(b, dataset_size, z.device)
        s = s + w
        m = m + w.unsqueeze(2)
    logqz = torch.logsumexp(s, 1)
    logqz_prod = torch.logsumexp(m, 1).sum(1)
    if estimator == "mws" and constants:
        c = math.log(dataset_size * b)
        logqz = logqz - c
        logqz_prod = logqz_prod - d * c
    logqz_condx = gaussian_log_density(z, mu, logvar).sum(1)
    logpz = gaussian_log_density(z, torch.zeros_like(z), torch.zeros_like(z)).sum(1)
    return logqz_condx, logqz, logqz_prod, logpz


def total_correlation(z, mu, logvar, estimator, dataset_size, constants=True):
    """TC = mean_i(log q(z_i) − Σ_d log q(z_i,d)), scalar nats."""
    _, logqz, prod, _ = minibatch_log_densities(z, mu, logvar, estimator, dataset_size, constants)
    return (logqz - prod).mean()


def mutual_info(z, mu, logvar, estimator, dataset_size):
    """I_q(z; n) = mean_i(log q(z_i|x_i) − log q(z_i)), scalar nats (constants included)."""
    condx, logqz, _, _ = minibatch_log_densities(z, mu, logvar, estimator, dataset_size, True)
    return (condx - logqz).mean()


def dimwise_kl(z, mu, logvar, estimator, dataset_size):
    """Σ_j KL(q(z_j) ‖ p(z_j)) = mean_i(Σ_d log q(z_i,d) − log p(z_i)), scalar nats."""
    _, _, prod, logpz = minibatch_log_densities(z, mu, logvar, estimator, dataset_size, True)
    return (prod - logpz).mean()


def dip(mu, logvar, variant="i", lambda_od=10.0, lambda_d=100.0):
    """DIP-VAE: λ_od Σ_{i≠j} C_ij² + λ_d Σ_i (C_ii − 1)², C the population covariance of mu
    (+ mean diag(exp(logvar)) for variant ii). Kumar et al. 2018 eq. 6/7."""
    centred = mu - mu.mean(0, keepdim=True)
    c = centred.t() @ centred / mu.shape[0]
    if variant == "ii":
        c = c + torch.diag(torch.exp(logvar).mean(0))
    eye = torch.eye(c.shape[0], device=c.device)
    off = c * (1 - eye)
    return lambda_od * (off**2).sum() + lambda_d * ((torch.diagonal(c) - 1) ** 2).sum()


def density_ratio_tc(logits):
    """FactorVAE's TC ≈ mean_b(logits[b,0] − logits[b,1]), logits [B, 2] -> scalar nats."""
    return (logits[:, 0] - logits[:, 1]).mean()


def discriminator_loss(logits_z, logits_perm):
    """−½ mean logSoftmax(l_z)[:,0] − ½ mean logSoftmax(l_perm)[:,1] (vae.py::FactorVAE)."""
    a = F.log_softmax(logits_z, 1)[:, 0].mean()
    b = F.log_softmax(logits_perm, 1)[:, 1].mean()
    return -(0.5 * a + 0.5 * b)


def permute_dims(z, generator=None):
    """Each column of z [B, D] shuffled independently across the batch (no gradient)."""
    b, d = z.shape
    cols = [z[torch.randperm(b, generator=generator, device="cpu").to(z.device), j] for j in range(d)]
    return torch.stack(cols, 1).detach()


# --- schedules (stdlib/schedules) -------------------------------------------------------------


def anneal(step, from_, to, over, start=0):
    """from + (to − from)·clamp((t − start)/over, 0, 1)."""
    return from_ + (to - from_) * min(1.0, max(0.0, (step - start) / over))


def warmup(step, value, over):
    """value·min(1, t/over)."""
    return value * min(1.0, max(0.0, step / over))


def constant(step, value):
    """value at every step."""
    return value
