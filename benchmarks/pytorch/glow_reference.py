#!/usr/bin/env python3
"""A small, faithful PyTorch reference of FlowLab's multi-scale Glow (torch + numpy only).

It reproduces, layer for layer, the model FlowLab builds from
  dataset mnist or fashion-mnist (nBits 8), model {levels, depth, hidden, permutation, coupling,
  prior (split-conditional, learned or standard-normal), normalization: actnorm}
so that FlowLab's speed and its learning curve can be compared with PyTorch on the same CPU.
See benchmarks/pytorch/README.md for set-up and the exact commands; shared/DESIGN.md for the maths.

Modes:
  (default)   train for --steps steps, train bits/dim every 10 steps, test bits/dim every --eval-every
  --bench N   time only: N warm-up steps, then --steps measured steps; median ms/step, images/s and
              sampling images/s (64 samples at T=0.7)
  --check     self-check on a tiny input in float64: decode(encode(x)) == x and the summed log|det J|
              against the log|det| of the autograd Jacobian, for every coupling × permutation
"""

import argparse
import gzip
import math
import os
import statistics
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOG_2PI = math.log(2 * math.pi)
HIDDEN_INIT_STD = 0.05          # Glow / FlowLab Conv2d.random
ZERO_CONV_LOG_SCALE_FACTOR = 3.0  # Glow's conv2d_zeros gain exp(3·logs)
TOP_LOG_SCALE_FACTOR = 3.0      # Glow's learntop logscale_factor (FlowLab Gaussians.LOG_SCALE_FACTOR)
ACTNORM_STD_FLOOR = 1e-6
SCALE_OFFSET = 2.0              # affine scale = sigmoid(raw + 2)
SPLINE_IDENTITY_DERIVATIVE = math.log(math.expm1(1 - 1e-3))  # nflows' linear-tail constant: derivative 1
EVAL_NOISE_SEED = 0x5EEDE7A1    # fixed dequantisation noise for the test split
EVAL_BATCH = 500
SAMPLE_COUNT = 64
SAMPLE_WARMUP = 5
SAMPLE_REPEATS = 9


# ----------------------------------------------------------------------------------------------- data

def read_idx_images(path):
    """uint8 [N, 1, H, W] from an IDX3 file (gzip or plain)."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, n, h, w = struct.unpack(">IIII", data[:16])
    if magic != 2051:
        raise ValueError(f"{path}: not an IDX3 image file (magic {magic})")
    return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, 1, h, w)


def find_mnist_file(folder, stem):
    for name in (stem + ".gz", stem):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"{stem}(.gz) not found in {folder}")


def load_idx_dataset(data_dir, name):
    """(train, test) uint8 images of mnist or fashion-mnist, from FlowLab's data folder layout."""
    folder = Path(data_dir) / name
    train = read_idx_images(find_mnist_file(folder, "train-images-idx3-ubyte"))
    test = read_idx_images(find_mnist_file(folder, "t10k-images-idx3-ubyte"))
    return train, test


def dequantize(pixels_uint8, rng):
    """x̃ = (pixel + u)/256 − 0.5, u ~ U[0, 1) (FlowLab Dequantizer with nBits 8)."""
    u = rng.random(pixels_uint8.shape, dtype=np.float64)
    x = (pixels_uint8.astype(np.float64) + u) / 256.0 - 0.5
    return torch.from_numpy(x.astype(np.float32))


def to_pixels(x):
    """x̃ back to 0..255, clipped (FlowLab Dequantizer.toPixels)."""
    return torch.clamp(torch.floor((x + 0.5) * 256.0), 0, 255)


class BatchSampler:
    """Shuffled mini-batches epoch after epoch; the last incomplete batch of an epoch is dropped."""

    def __init__(self, size, batch, rng):
        if batch > size:
            raise ValueError(f"batch {batch} larger than the training split ({size})")
        self.size, self.batch, self.rng = size, batch, rng
        self._shuffle()

    def _shuffle(self):
        self.order = self.rng.permutation(self.size)
        self.pos = 0

    def next(self):
        if self.pos + self.batch > self.size:
            self._shuffle()
        idx = self.order[self.pos:self.pos + self.batch]
        self.pos += self.batch
        return idx


# ----------------------------------------------------------------------------------------------- layers

def squeeze2d(x):
    """2×2 space-to-depth; channel c becomes channels 4c..4c+3 (Glow-PyTorch squeeze2d, FlowLab Squeeze)."""
    b, c, h, w = x.shape
    x = x.view(b, c, h // 2, 2, w // 2, 2).permute(0, 1, 3, 5, 2, 4)
    return x.reshape(b, c * 4, h // 2, w // 2)


def unsqueeze2d(x):
    b, c, h, w = x.shape
    x = x.view(b, c // 4, 2, 2, h, w).permute(0, 1, 4, 2, 5, 3)
    return x.reshape(b, c // 4, h * 2, w * 2)


def gaussian_log_prob(z, mean, log_std):
    """Σ over C,H,W of log N(z; mean, exp(log_std)²), one value per sample."""
    eps = (z - mean) * torch.exp(-log_std)
    return (-0.5 * eps * eps - log_std - 0.5 * LOG_2PI).sum(dim=(1, 2, 3))


def logit_forward(x, alpha):
    """RealNVP's logit (FlowLab plugin preprocessing 'logit'): y = logit(q), q = α + (1 − 2α)(x̃ + 0.5);
    returns y and log|det J| = Σ [log(1 − 2α) − log q − log(1 − q)] per sample."""
    q = alpha + (1 - 2 * alpha) * (x + 0.5)
    log_q, log_1mq = torch.log(q), torch.log1p(-q)
    log_det = (math.log(1 - 2 * alpha) - log_q - log_1mq).sum(dim=(1, 2, 3))
    return log_q - log_1mq, log_det


def logit_inverse(y, alpha):
    return (torch.sigmoid(y) - alpha) / (1 - 2 * alpha) - 0.5


class ActNorm(nn.Module):
    """y = (x + b)·exp(logs) per channel; data-dependent init on the first batch; log|det| = H·W·Σ logs."""

    def __init__(self, channels, pixels):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(1, channels, 1, 1))
        self.logs = nn.Parameter(torch.zeros(1, channels, 1, 1))
        self.register_buffer("initialized", torch.zeros(()))
        self.pixels = pixels
        self.init_mode = False

    @torch.no_grad()
    def _initialize(self, x):
        xd = x.detach().double()
        mean = xd.mean(dim=(0, 2, 3), keepdim=True)
        std = ((xd - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True).sqrt()
        self.bias.copy_((-mean).to(self.bias.dtype))
        self.logs.copy_(torch.log(1.0 / (std + ACTNORM_STD_FLOOR)).to(self.logs.dtype))
        self.initialized.fill_(1.0)

    def forward(self, x):
        if self.init_mode and self.initialized.item() == 0:
            self._initialize(x)
        y = (x + self.bias) * torch.exp(self.logs)
        return y, self.pixels * self.logs.sum()

    def inverse(self, y):
        return y * torch.exp(-self.logs) - self.bias


class InvConv1x1LU(nn.Module):
    """Glow's LU 1×1 conv: W = P·L·(U + diag(sign_s·exp(log_s))); log|det| = H·W·Σ log_s.

    L and U are stored as full n×n parameters and masked, like FlowLab (so parameter counts agree)."""

    def __init__(self, channels, pixels, generator):
        super().__init__()
        g = torch.randn(channels, channels, generator=generator, dtype=torch.float64)
        q, _ = torch.linalg.qr(g)                              # random orthogonal
        p, lower, upper = torch.linalg.lu(q)                   # q = P·L·U
        s = torch.diagonal(upper)
        self.register_buffer("p", p.float())
        self.register_buffer("sign_s", torch.sign(s).float())
        self.register_buffer("lower_mask", torch.tril(torch.ones(channels, channels), -1))
        self.register_buffer("eye", torch.eye(channels))
        self.lower = nn.Parameter((lower * torch.tril(torch.ones_like(lower), -1)).float())
        self.upper = nn.Parameter((upper * torch.triu(torch.ones_like(upper), 1)).float())
        self.log_s = nn.Parameter(torch.log(torch.abs(s)).float())
        self.pixels = pixels
        self.channels = channels

    def weight(self, dtype=None):
        dtype = dtype or self.lower.dtype
        mask = self.lower_mask.to(dtype)
        eye = self.eye.to(dtype)
        lower = self.lower.to(dtype) * mask + eye
        upper = self.upper.to(dtype) * mask.t() + torch.diag(self.sign_s.to(dtype) * torch.exp(self.log_s.to(dtype)))
        return self.p.to(dtype) @ lower @ upper

    def forward(self, x):
        w = self.weight().view(self.channels, self.channels, 1, 1)
        return F.conv2d(x, w), self.pixels * self.log_s.sum()

    def inverse(self, y):
        # W⁻¹ in double, as FlowLab computes it on the JVM.
        w_inv = torch.linalg.inv(self.weight(torch.float64)).to(y.dtype)
        return F.conv2d(y, w_inv.view(self.channels, self.channels, 1, 1))


class ChannelPermutation(nn.Module):
    """A fixed reordering of channels (reverse, or a random shuffle); log|det| = 0."""

    def __init__(self, order):
        super().__init__()
        order = torch.as_tensor(order, dtype=torch.long)
        self.register_buffer("order", order)
        self.register_buffer("inverse_order", torch.argsort(order))

    def forward(self, x):
        return x[:, self.order], x.new_zeros(())

    def inverse(self, y):
        return y[:, self.inverse_order]


class Conv2dZeros(nn.Module):
    """Zero-initialised 3×3 conv (SAME) whose output is multiplied by exp(3·logs), logs per output channel."""

    def __init__(self, cin, cout, kernel=3):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, padding=kernel // 2)
        nn.init.zeros_(self.conv.weight)
        nn.init.zeros_(self.conv.bias)
        self.logs = nn.Parameter(torch.zeros(1, cout, 1, 1))

    def forward(self, x):
        return self.conv(x) * torch.exp(self.logs * ZERO_CONV_LOG_SCALE_FACTOR)


def hidden_conv(cin, cout, kernel, generator):
    conv = nn.Conv2d(cin, cout, kernel, padding=kernel // 2)
    with torch.no_grad():
        conv.weight.copy_(torch.randn(conv.weight.shape, generator=generator) * HIDDEN_INIT_STD)
        conv.bias.zero_()
    return conv


class CouplingNetwork(nn.Module):
    """conv3×3(hidden) → ReLU → conv1×1(hidden) → ReLU → Conv2dZeros 3×3."""

    def __init__(self, cin, hidden, cout, generator):
        super().__init__()
        self.conv1 = hidden_conv(cin, hidden, 3, generator)
        self.conv2 = hidden_conv(hidden, hidden, 1, generator)
        self.conv3 = Conv2dZeros(hidden, cout, 3)

    def forward(self, x):
        h = F.relu(self.conv1(x))
        h = F.relu(self.conv2(h))
        return self.conv3(h)


class Coupling(nn.Module):
    """Affine: (shift, raw) = NN(xa); scale = sigmoid(raw + 2); yb = (xb + shift)·scale; log|det| = Σ log scale.
    Additive: yb = xb + NN(xa); log|det| = 0. The first half of the channels conditions."""

    def __init__(self, channels, hidden, affine, generator):
        super().__init__()
        self.ca = channels // 2
        self.cb = channels - self.ca
        self.affine = affine
        self.nn = CouplingNetwork(self.ca, hidden, 2 * self.cb if affine else self.cb, generator)

    def _params(self, xa):
        h = self.nn(xa)
        shift, raw = h[:, :self.cb], h[:, self.cb:]
        return shift, raw + SCALE_OFFSET

    def forward(self, x):
        xa, xb = x[:, :self.ca], x[:, self.ca:]
        if not self.affine:
            return torch.cat([xa, xb + self.nn(xa)], 1), x.new_zeros(())
        shift, raw = self._params(xa)
        yb = (xb + shift) * torch.sigmoid(raw)
        return torch.cat([xa, yb], 1), F.logsigmoid(raw).sum(dim=(1, 2, 3))

    def inverse(self, y):
        ya, yb = y[:, :self.ca], y[:, self.ca:]
        if not self.affine:
            return torch.cat([ya, yb - self.nn(ya)], 1)
        shift, raw = self._params(ya)
        return torch.cat([ya, yb / torch.sigmoid(raw) - shift], 1)


class SplineCoupling(nn.Module):
    """FlowLab's `spline` coupling with nflows' rational-quadratic spline (Durkan et al. 2019, linear tails):
    the network gives each element of the second half K widths, K heights and K−1 interior derivatives
    (channel t·(3K−1) + p, as FlowLab lays out its channels-last output), the derivatives offset so that zero
    parameters are the identity; nflows.transforms.splines.rational_quadratic does the rest. Needs nflows (pinned
    in requirements.txt); imported only for --coupling spline."""

    def __init__(self, channels, hidden, generator, bins=8, tail_bound=3.0):
        super().__init__()
        from nflows.transforms.splines.rational_quadratic import unconstrained_rational_quadratic_spline
        self.spline = unconstrained_rational_quadratic_spline
        self.ca = channels // 2
        self.cb = channels - self.ca
        self.bins = bins
        self.tail_bound = tail_bound
        self.nn = CouplingNetwork(self.ca, hidden, self.cb * (3 * bins - 1), generator)

    def _transform(self, xa, xb, inverse):
        n, _, h, w = xb.shape
        k = self.bins
        p = self.nn(xa).reshape(n, self.cb, 3 * k - 1, h, w).permute(0, 1, 3, 4, 2)
        yb, logdet = self.spline(xb, p[..., :k], p[..., k:2 * k], p[..., 2 * k:] + SPLINE_IDENTITY_DERIVATIVE,
                                 inverse=inverse, tails="linear", tail_bound=self.tail_bound)
        return torch.cat([xa, yb], 1), logdet.sum(dim=(1, 2, 3))

    def forward(self, x):
        return self._transform(x[:, :self.ca], x[:, self.ca:], False)

    def inverse(self, y):
        return self._transform(y[:, :self.ca], y[:, self.ca:], True)[0]


class SplitPrior(nn.Module):
    """Glow split2d: z₂ ~ N(mean(z₁), exp(logstd(z₁))) from a Conv2dZeros 3×3 of the kept half z₁."""

    def __init__(self, kept_channels):
        super().__init__()
        self.kept = kept_channels
        self.conv = Conv2dZeros(kept_channels, 2 * kept_channels, 3)

    def forward(self, z1):
        h = self.conv(z1)
        return h[:, :self.kept], h[:, self.kept:]


class StandardSplit(nn.Module):
    """z₂ ~ N(0, I), whatever z₁ is (FlowLab's `learned` and `standard-normal` priors for the split latents)."""

    def __init__(self, kept_channels):
        super().__init__()
        self.kept = kept_channels

    def forward(self, z1):
        zeros = z1.new_zeros(1, z1.shape[1], z1.shape[2], z1.shape[3])
        return zeros, zeros


class Glow(nn.Module):
    def __init__(self, shape=(1, 28, 28), levels=2, depth=4, hidden=32, coupling="affine",
                 permutation="conv1x1-lu", seed=1, logit_alpha=None, prior="split-conditional", bins=8,
                 tail_bound=3.0):
        super().__init__()
        if prior not in ("split-conditional", "learned", "standard-normal"):
            raise ValueError(f"unknown prior {prior}")
        self.logit_alpha = logit_alpha
        c, h, w = shape
        if h % (1 << levels) or w % (1 << levels):
            raise ValueError(f"levels={levels} needs H and W divisible by {1 << levels}")
        self.shape, self.levels = shape, levels
        generator = torch.Generator().manual_seed(seed)
        np_rng = np.random.default_rng(seed)
        self.steps = nn.ModuleList()
        self.splits = nn.ModuleList()
        self.level_shapes = []
        for level in range(levels):
            c, h, w = c * 4, h // 2, w // 2
            self.level_shapes.append((c, h, w))
            layers = nn.ModuleList()
            for _ in range(depth):
                if permutation == "conv1x1-lu":
                    perm = InvConv1x1LU(c, h * w, generator)
                elif permutation == "reverse":
                    perm = ChannelPermutation(list(range(c - 1, -1, -1)))
                elif permutation == "shuffle":
                    perm = ChannelPermutation(np_rng.permutation(c).tolist())
                else:
                    raise ValueError(f"unknown permutation {permutation}")
                coupling_layer = (SplineCoupling(c, hidden, generator, bins, tail_bound) if coupling == "spline"
                                  else Coupling(c, hidden, coupling == "affine", generator))
                layers.append(nn.ModuleList([ActNorm(c, h * w), perm, coupling_layer]))
            self.steps.append(layers)
            if level < levels - 1:
                self.splits.append(SplitPrior(c // 2) if prior == "split-conditional" else StandardSplit(c // 2))
                c = c // 2
        # The top latent: learned per position (Glow's learntop) unless the prior is standard-normal.
        learn_top = prior != "standard-normal"
        self.top_mean = nn.Parameter(torch.zeros(1, c, h, w), requires_grad=learn_top)
        self.top_log_std = nn.Parameter(torch.zeros(1, c, h, w), requires_grad=learn_top)

    def top_prior(self):
        return self.top_mean, self.top_log_std * TOP_LOG_SCALE_FACTOR

    def encode(self, x, standardized=None):
        """(latents: splits then top, log|det J| per sample, log p(z) per sample). If `standardized` is a list,
        the standardised latents ε = (z − mean)/std are appended to it in the same order."""
        h = x
        log_det = x.new_zeros(x.shape[0])
        if self.logit_alpha is not None:
            h, log_det = logit_forward(x, self.logit_alpha)
        log_p = x.new_zeros(x.shape[0])
        latents = []
        for level in range(self.levels):
            h = squeeze2d(h)
            for step in self.steps[level]:
                for layer in step:
                    h, ld = layer(h)
                    log_det = log_det + ld
            if level < self.levels - 1:
                keep = h.shape[1] // 2
                z1, z2 = h[:, :keep], h[:, keep:]
                mean, log_std = self.splits[level](z1)
                log_p = log_p + gaussian_log_prob(z2, mean, log_std)
                latents.append(z2)
                if standardized is not None:
                    standardized.append((z2 - mean) * torch.exp(-log_std))
                h = z1
        mean, log_std = self.top_prior()
        log_p = log_p + gaussian_log_prob(h, mean, log_std)
        latents.append(h)
        if standardized is not None:
            standardized.append((h - mean) * torch.exp(-log_std))
        return latents, log_det, log_p

    def bits_per_dim(self, x):
        _, log_det, log_p = self.encode(x)
        dims = x[0].numel()
        return (-(log_p + log_det) + dims * math.log(256.0)) / (dims * math.log(2.0))

    def decode(self, eps, temperature=1.0):
        """eps: standardised latents (splits, then top); every latent = mean + std·T·ε."""
        mean, log_std = self.top_prior()
        h = mean + torch.exp(log_std) * temperature * eps[-1]
        for level in range(self.levels - 1, -1, -1):
            if level < self.levels - 1:
                m, ls = self.splits[level](h)
                h = torch.cat([h, m + torch.exp(ls) * temperature * eps[level]], 1)
            for step in reversed(self.steps[level]):
                for layer in reversed(step):
                    h = layer.inverse(h)
            h = unsqueeze2d(h)
        return h if self.logit_alpha is None else logit_inverse(h, self.logit_alpha)

    @torch.no_grad()
    def initialize(self, x):
        """Data-dependent init of every ActNorm, in forward order, each seeing already-initialised layers."""
        actnorms = [m for m in self.modules() if isinstance(m, ActNorm)]
        for a in actnorms:
            a.init_mode = True
        self.encode(x)
        for a in actnorms:
            a.init_mode = False

    def sample(self, count, temperature, generator):
        eps = []
        for level in range(self.levels - 1):
            c, h, w = self.level_shapes[level]
            eps.append(torch.randn(count, c // 2, h, w, generator=generator))
        c, h, w = self.level_shapes[-1]
        eps.append(torch.randn(count, c, h, w, generator=generator))
        return self.decode(eps, temperature)


def encode_standardized(model, x):
    """Standardised latents ε (splits, then top), for the round-trip check."""
    eps = []
    model.encode(x, standardized=eps)
    return eps


def parameter_count(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# ----------------------------------------------------------------------------------------------- training

@torch.no_grad()
def test_bpd(model, test_pixels):
    rng = np.random.default_rng(EVAL_NOISE_SEED)
    total = 0.0
    for start in range(0, len(test_pixels), EVAL_BATCH):
        x = dequantize(test_pixels[start:start + EVAL_BATCH], rng)
        total += model.bits_per_dim(x).double().sum().item()
    return total / len(test_pixels)


@torch.no_grad()
def sampling_speed(model):
    gen = torch.Generator().manual_seed(0)
    for _ in range(SAMPLE_WARMUP):  # as flowlab bench: timed in the steady state
        to_pixels(model.sample(SAMPLE_COUNT, 0.7, gen))
    times = []
    for i in range(SAMPLE_REPEATS):
        gen = torch.Generator().manual_seed(i + 1)
        start = time.perf_counter()
        to_pixels(model.sample(SAMPLE_COUNT, 0.7, gen))
        times.append(time.perf_counter() - start)
    return SAMPLE_COUNT / statistics.median(times)


def load_average():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "n/a"


def describe(args):
    pre = "" if args.preprocessing == "none" else f"logit {args.logit_alpha:g}, "
    return (f"{args.dataset}, L={args.levels}, K={args.depth}, hidden {args.hidden}, batch {args.batch}, "
            f"{pre}{args.coupling}, {args.permutation}, actnorm, {args.prior}")


def train(args):
    torch.manual_seed(args.seed)
    train_pixels, test_pixels = load_idx_dataset(args.data_dir, args.dataset)
    if args.train_size > 0:
        train_pixels = train_pixels[:args.train_size]
    test_pixels = test_pixels[:args.test_size]
    model = Glow(train_pixels.shape[1:], args.levels, args.depth, args.hidden, args.coupling,
                 args.permutation, args.seed, args.logit_alpha if args.preprocessing == "logit" else None,
                 args.prior, args.bins, args.tail_bound)
    rng = np.random.default_rng(args.seed)
    sampler = BatchSampler(len(train_pixels), args.batch, rng)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    bench = args.bench is not None
    total_steps = (args.bench + args.steps) if bench else args.steps
    print(f"glow_reference: {describe(args)}; torch {torch.__version__}, {torch.get_num_threads()} threads; "
          f"{parameter_count(model):,} parameters; train {len(train_pixels)}, test {len(test_pixels)}; "
          f"lr {args.lr} (warm-up {args.warmup}), seed {args.seed}; load {load_average()}", flush=True)

    step_ms = []
    curve = []
    recent = []
    started = time.perf_counter()
    profiler = None
    for step in range(1, total_steps + 1):
        if bench and args.profile and step == total_steps - args.profile + 1:
            # Like `flowlab bench --profile`: where the last measured steps spend their time, per op.
            profiler = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU])
            profiler.__enter__()
        t0 = time.perf_counter()
        x = dequantize(train_pixels[sampler.next()], rng)
        if step == 1:
            model.initialize(x)
        lr = args.lr * min(1.0, step / args.warmup) if args.warmup > 0 else args.lr
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.zero_grad(set_to_none=True)
        loss = model.bits_per_dim(x).mean()
        loss.backward()
        if args.clip and args.clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimizer.step()
        value = loss.item()
        step_ms.append((time.perf_counter() - t0) * 1000)
        if not math.isfinite(value):
            print(f"non-finite loss {value} at step {step}", flush=True)
            return 1
        recent = (recent + [value])[-max(1, args.eval_every):]
        if not bench and (step % 10 == 0 or step == 1):
            print(f"step {step:5d}  train bpd {value:.4f}  lr {lr:.2e}  {step_ms[-1]:.0f} ms", flush=True)
        if not bench and args.eval_every > 0 and (step % args.eval_every == 0 or step == total_steps):
            tb = test_bpd(model, test_pixels)
            curve.append((step, tb))
            print(f"step {step:5d}  TEST bpd {tb:.4f}  ({time.perf_counter() - started:.0f} s, "
                  f"load {load_average()})", flush=True)

    if profiler is not None:
        profiler.__exit__(None, None, None)
        print(f"profile of the last {args.profile} steps (self CPU time summed over them):")
        print(profiler.key_averages().table(sort_by="self_cpu_time_total", row_limit=15))

    if bench:
        measured = sorted(step_ms[args.bench:])
        median = statistics.median(measured)
        p10 = measured[int(round(0.1 * (len(measured) - 1)))]
        p90 = measured[int(round(0.9 * (len(measured) - 1)))]
        model.eval()
        sps = sampling_speed(model)
        print(f"bench: {describe(args)}; threads {args.threads}; {parameter_count(model):,} parameters; "
              f"{args.bench} warm-up + {len(measured)} measured steps")
        print(f"  ms/step median {median:.1f} (p10 {p10:.1f}, p90 {p90:.1f}); train images/s "
              f"{args.batch / median * 1000:.1f}; sampling images/s {sps:.1f} ({SAMPLE_COUNT} at T=0.7, "
              f"median of {SAMPLE_REPEATS} after {SAMPLE_WARMUP} warm-up); load {load_average()}; final train bpd {value:.4f}")
        return 0

    if not curve or curve[-1][0] != total_steps:
        curve.append((total_steps, test_bpd(model, test_pixels)))
    elapsed = time.perf_counter() - started
    print("SUMMARY " + describe(args)
          + f", lr {args.lr}, warmup {args.warmup}, steps {total_steps}, threads {args.threads}, seed {args.seed}: "
          + ", ".join(f"test bpd@{s} {b:.4f}" for s, b in curve)
          + f"; mean train bpd last {len(recent)} {sum(recent) / len(recent):.4f}; "
          + f"median {statistics.median(step_ms):.1f} ms/step; {elapsed:.0f} s; load {load_average()}", flush=True)
    return 0


# ----------------------------------------------------------------------------------------------- self-check

def self_check():
    """Inverse and log-det checks in float64 on a 1×8×8 input with every parameter randomised."""
    torch.set_default_dtype(torch.float64)
    ok = True
    gen = torch.Generator().manual_seed(123)
    split = "split-conditional"
    variants = [(c, p, None, split) for c in ("affine", "additive") for p in ("conv1x1-lu", "reverse", "shuffle")]
    variants += [("spline", "conv1x1-lu", None, split), ("spline", "shuffle", 1e-6, "learned")]
    variants += [("affine", "conv1x1-lu", 1e-6, split), ("additive", "reverse", 0.05, split),
                 ("affine", "conv1x1-lu", None, "learned"), ("affine", "shuffle", None, "standard-normal")]
    for coupling, permutation, alpha, prior in variants:
        model = Glow((1, 8, 8), levels=2, depth=2, hidden=8, coupling=coupling, permutation=permutation, seed=7,
                     logit_alpha=alpha, prior=prior)
        model.double()
        x = torch.rand(6, 1, 8, 8, generator=gen) - 0.5
        model.initialize(x)
        with torch.no_grad():  # move every parameter off its init so no layer is the identity
            for name, p in model.named_parameters():
                if p.requires_grad:
                    p.add_(0.1 * torch.randn(p.shape, generator=gen))
        eps = encode_standardized(model, x)
        x_rec = model.decode(eps, 1.0)
        rec_err = (x_rec - x).abs().max().item()

        def flat_latents(v):
            lat, _, _ = model.encode(v.view(1, 1, 8, 8))
            return torch.cat([z.reshape(-1) for z in lat])

        _, log_det, log_p = model.encode(x)
        det_err = 0.0
        for i in range(2):
            jac = torch.autograd.functional.jacobian(flat_latents, x[i].reshape(-1))
            sign, logabs = torch.linalg.slogdet(jac)
            det_err = max(det_err, abs(logabs.item() - log_det[i].item()))
        good = rec_err < 1e-9 and det_err < 1e-8 and torch.isfinite(log_p).all().item()
        ok &= good
        pre = "none" if alpha is None else f"logit {alpha:g}"
        print(f"check {coupling:8s} {permutation:10s} {pre:12s} {prior:17s}: max|decode(encode(x)) - x| = {rec_err:.2e}, "
              f"max|log|det J| - autograd| = {det_err:.2e}  {'ok' if good else 'FAILED'}")
    torch.set_default_dtype(torch.float32)
    small = Glow((1, 28, 28), 2, 4, 32, "affine", "conv1x1-lu", 1)
    n = parameter_count(small)
    good = n == 31184
    ok &= good
    print(f"check parameter count of L=2, K=4, hidden 32, affine, conv1x1-lu: {n:,} "
          f"(FlowLab: 31,184)  {'ok' if good else 'FAILED'}")
    # FlowLab's count for the spline coupling (`flowlab bench --set model.depth=4 --set model.hidden=32
    # --set model.coupling=spline`): the network's last layer gives 3K-1 values per transformed channel.
    n = parameter_count(Glow((1, 28, 28), 2, 4, 32, "spline", "conv1x1-lu", 1))
    good = n == 177344
    ok &= good
    print(f"check parameter count of L=2, K=4, hidden 32, spline (8 bins), conv1x1-lu: {n:,} "
          f"(FlowLab: 177,344)  {'ok' if good else 'FAILED'}")
    # FlowLab's counts for experiments/priors.yaml's model (L=2, K=6, hidden 64), from its run store.
    for prior, flowlab in (("standard-normal", 114216), ("learned", 115000), ("split-conditional", 115080)):
        n = parameter_count(Glow((1, 28, 28), 2, 6, 64, "affine", "conv1x1-lu", 1, prior=prior))
        good = n == flowlab
        ok &= good
        print(f"check parameter count of L=2, K=6, hidden 64, prior {prior}: {n:,} (FlowLab: {flowlab:,})  "
              f"{'ok' if good else 'FAILED'}")
    print("self-check " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


# ----------------------------------------------------------------------------------------------- main

def main(argv=None):
    default_data = os.environ.get("FLOWLAB_DATA_DIR") or str(PROJECT_ROOT.parent / "shared" / "data")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--levels", type=int, default=2)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--warmup", type=int, default=20, help="linear lr warm-up steps")
    ap.add_argument("--steps", type=int, default=300, help="training steps (with --bench: measured steps)")
    ap.add_argument("--eval-every", type=int, default=100)
    ap.add_argument("--test-size", type=int, default=1000)
    ap.add_argument("--train-size", type=int, default=0, help="first N training images; 0 = all 60000")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data-dir", default=default_data,
                    help="folder holding mnist/ and fashion-mnist/ (default: $FLOWLAB_DATA_DIR or <project>/../shared/data)")
    ap.add_argument("--dataset", choices=["mnist", "fashion-mnist"], default="mnist")
    ap.add_argument("--prior", choices=["split-conditional", "learned", "standard-normal"],
                    default="split-conditional", help="FlowLab model.prior")
    ap.add_argument("--coupling", choices=["affine", "additive", "spline"], default="affine")
    ap.add_argument("--bins", type=int, default=8, help="spline bins K (--coupling spline)")
    ap.add_argument("--tail-bound", type=float, default=3.0, help="spline interval [-B, B] (--coupling spline)")
    ap.add_argument("--permutation", choices=["conv1x1-lu", "reverse", "shuffle"], default="conv1x1-lu")
    ap.add_argument("--preprocessing", choices=["none", "logit"], default="none",
                    help="the bijection before the flow (FlowLab model.preprocessing)")
    ap.add_argument("--logit-alpha", type=float, default=1e-6, help="alpha of --preprocessing logit")
    ap.add_argument("--clip", type=float, default=0.0, help="global gradient-norm clipping (0 = off)")
    ap.add_argument("--bench", type=int, metavar="N", default=None,
                    help="time only: N warm-up steps, then --steps measured steps")
    ap.add_argument("--profile", type=int, metavar="N", default=0,
                    help="with --bench: run the last N measured steps under torch.profiler and print its op table")
    ap.add_argument("--check", action="store_true", help="run the self-check and exit")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    if args.check:
        return self_check()
    return train(args)


if __name__ == "__main__":
    sys.exit(main())
