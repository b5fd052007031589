"""vmoe4j's presets as fast PyTorch eager modules, for tools/bench_pytorch.py.

Written the way a competent PyTorch user would write them for speed (fused qkv, F.linear, F.layer_norm,
exact F.gelu, batched matrix products, per-image MoE run once per expert on its images, mLiT's experts as
SPEC section 3's rewritten form: every W_i in one product, V and W2 once). tools/make_golden.py holds the
slow, literal reference; `bench_pytorch.py --self-check` compares the two (see self_check.py).
"""

import math
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------------------------------------
# Presets (SPEC sections 1-3; the same table as vmoe4j's config/ModelPresets.java)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VitSpec:
    """Dense ViT (SPEC section 1) or, with experts > 0, Mobile V-MoE (SPEC section 2)."""
    img: int = 224
    patch: int = 32
    chans: int = 3
    dim: int = 64
    depth: int = 6
    heads: int = 2
    mlp: int = 256
    classes: int = 1000
    experts: int = 0
    k: int = 1
    moe_layers: int = 0
    eps: float = 1e-6

    def is_moe(self, i):
        return self.experts > 0 and i >= self.depth - self.moe_layers


@dataclass(frozen=True)
class MlitSpec:
    """mLiT (SPEC section 3, ML Table 1)."""
    img: int = 36
    patch: int = 3
    chans: int = 3
    dim: int = 108
    depth: int = 9
    d_first: int = 81
    d_last: int = 27
    heads: int = 6
    groups: int = 3
    stages: tuple = (3, 4, 5)
    k: int = 2
    classes: int = 100
    dropout: float = 0.1
    eps: float = 1e-5
    w_imp: float = 0.01
    w_load: float = 0.01

    def hidden(self, i):
        """SPEC Eq. 15, in integers: floor(((L-1)-i) (d_first-d_last) / (L-1)) + d_last."""
        if self.depth == 1:
            return self.d_first
        return ((self.depth - 1) - i) * (self.d_first - self.d_last) // (self.depth - 1) + self.d_last

    def experts(self, i):
        """Experts grow in equal stages (3, 4, 5): layer i is in stage floor(i S / L)."""
        return self.stages[i * len(self.stages) // self.depth]


def _presets():
    presets = {}
    for depth in (12, 9, 6):
        for dim, heads in ((384, 6), (192, 3), (96, 3), (64, 2)):
            dense = VitSpec(dim=dim, depth=depth, heads=heads, mlp=4 * dim)
            presets[f"vit-{depth}x{dim}"] = dense
            presets[f"mvmoe-{depth}x{dim}"] = VitSpec(dim=dim, depth=depth, heads=heads, mlp=4 * dim,
                                                      experts=10, k=1, moe_layers=2)
    presets["mlit-s"] = MlitSpec(dim=144, depth=15, d_first=144, d_last=72, heads=8, groups=4)
    presets["mlit-xs"] = MlitSpec(dim=128, depth=12, d_first=96, d_last=32, heads=8, groups=4)
    presets["mlit-xxs"] = MlitSpec()
    return presets


PRESETS = _presets()


# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------

def _param(*shape, std=None, fan_in=None):
    """A parameter: truncated normal(std) (ViT) or PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in))."""
    t = torch.empty(*shape)
    if std is not None:
        nn.init.trunc_normal_(t, std=std)
    else:
        bound = 1.0 / math.sqrt(fan_in)
        nn.init.uniform_(t, -bound, bound)
    return nn.Parameter(t)


class LayerNorm(nn.Module):
    def __init__(self, dim, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))
        self.eps = eps

    def forward(self, x):
        return F.layer_norm(x, self.weight.shape, self.weight, self.bias, self.eps)


class Linear(nn.Module):
    """y = x W^T + b, W [out, in]."""

    def __init__(self, d_in, d_out, bias=True, std=None):
        super().__init__()
        self.weight = _param(d_out, d_in, std=std, fan_in=d_in)
        self.bias = _param(d_out, std=std, fan_in=d_in) if bias else None
        if bias and std is not None:
            nn.init.zeros_(self.bias)

    def forward(self, x):
        return F.linear(x, self.weight, self.bias)


class PatchEmbed(nn.Module):
    """Patches row-major over the grid, each flattened in (c, py, px) order, times the flattened conv
    kernel [D, C, P, P]: one GEMM over [B*N, C*P*P] (faster here than conv2d with stride P)."""

    def __init__(self, spec, bias, std=None):
        super().__init__()
        fan_in = spec.chans * spec.patch ** 2
        self.patch = spec.patch
        self.proj = Linear(fan_in, spec.dim, bias=bias, std=std)

    def forward(self, img):
        b, c, h, w = img.shape
        p = self.patch
        x = img.reshape(b, c, h // p, p, w // p, p).permute(0, 2, 4, 1, 3, 5)  # [B, gy, gx, C, P, P]
        return self.proj(x.reshape(b, (h // p) * (w // p), c * p * p))  # [B, N, D]


class Attention(nn.Module):
    """Multi-head attention with H query heads in G key/value groups (G = H: ViT's MHSA; G < H: mLiT's
    GQA, query head h uses group h // (H/G)). One fused qkv product [q of H heads | k of G | v of G];
    each group's R = H/G query heads are stacked into one [R*T, hd] matrix, so K and V are never repeated."""

    def __init__(self, dim, heads, groups, std=None):
        super().__init__()
        self.heads, self.groups, self.hd = heads, groups, dim // heads
        self.qkv = Linear(dim, (heads + 2 * groups) * self.hd, std=std)
        self.proj = Linear(dim, dim, std=std)

    def forward(self, x):
        b, t, _ = x.shape
        g, r, hd = self.groups, self.heads // self.groups, self.hd
        q, k, v = self.qkv(x).split([self.heads * hd, g * hd, g * hd], dim=-1)
        q = q.reshape(b, t, g, r, hd).permute(0, 2, 3, 1, 4).reshape(b * g, r * t, hd)  # [B*G, R*T, hd]
        k = k.reshape(b, t, g, hd).permute(0, 2, 3, 1).reshape(b * g, hd, t)  # [B*G, hd, T]
        v = v.reshape(b, t, g, hd).transpose(1, 2).reshape(b * g, t, hd)  # [B*G, T, hd]
        scores = torch.baddbmm(q.new_empty(1, 1, 1), q, k, beta=0.0, alpha=hd ** -0.5)  # [B*G, R*T, T]
        out = torch.bmm(scores.softmax(dim=-1), v)  # [B*G, R*T, hd]
        out = out.reshape(b, g, r, t, hd).permute(0, 3, 1, 2, 4).reshape(b, t, g * r * hd)  # [B, T, D]
        return self.proj(out)


def cv2(v):
    """Squared coefficient of variation: unbiased variance / (mean^2 + 1e-10)."""
    return v.var() / (v.mean() ** 2 + 1e-10)


# ---------------------------------------------------------------------------------------------
# ViT and Mobile V-MoE (SPEC sections 1 and 2)
# ---------------------------------------------------------------------------------------------

class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = Linear(dim, hidden, std=0.02)
        self.fc2 = Linear(hidden, dim, std=0.02)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class ExpertBank(nn.Module):
    """E MLP experts stacked [E, ...]; every image goes to its k experts (SPEC section 2, per image).
    The (image, slot) pairs are sorted by expert, each expert runs once on all its images' tokens, and the
    gate-weighted outputs are added back per image. (Gathering the chosen experts' weights and using bmm
    was measured slower at batch 32 and no faster at batch 1: see tools/README.md.)"""

    def __init__(self, experts, dim, hidden):
        super().__init__()
        self.fc1 = nn.ParameterDict({"weight": _param(experts, hidden, dim, std=0.02),
                                     "bias": nn.Parameter(torch.zeros(experts, hidden))})
        self.fc2 = nn.ParameterDict({"weight": _param(experts, dim, hidden, std=0.02),
                                     "bias": nn.Parameter(torch.zeros(experts, dim))})

    def forward(self, h, gates, idx):
        """h [B, T, D]; gates, idx [B, k] from the router. Returns sum_j gates[:, j] * expert_idx[:, j](h)."""
        b, k = idx.shape
        flat = idx.reshape(-1)  # [B*k] expert of each (image, slot)
        order = torch.argsort(flat)
        image = torch.div(order, k, rounding_mode="floor")  # image of each sorted pair
        counts = torch.bincount(flat, minlength=self.fc1["weight"].shape[0]).tolist()
        rows = h.index_select(0, image)  # [B*k, T, D] sorted by expert
        outs = []
        start = 0
        for e, n in enumerate(counts):
            if n:
                x = rows[start:start + n]
                x = F.gelu(F.linear(x, self.fc1["weight"][e], self.fc1["bias"][e]))
                outs.append(F.linear(x, self.fc2["weight"][e], self.fc2["bias"][e]))
                start += n
        y = torch.cat(outs) * gates.reshape(-1)[order].view(-1, 1, 1)  # [B*k, T, D]
        if k == 1:
            return y.index_select(0, torch.argsort(order))
        return torch.zeros_like(h).index_add(0, image, y)


class VitBlock(nn.Module):
    def __init__(self, spec, moe):
        super().__init__()
        self.norm1 = LayerNorm(spec.dim, spec.eps)
        self.attn = Attention(spec.dim, spec.heads, spec.heads, std=0.02)
        self.norm2 = LayerNorm(spec.dim, spec.eps)
        if moe:
            self.experts = ExpertBank(spec.experts, spec.dim, spec.mlp)
        else:
            self.mlp = Mlp(spec.dim, spec.mlp)

    def forward(self, x, route=None):
        x = x + self.attn(self.norm1(x))
        h = self.norm2(x)
        return x + (self.experts(h, *route) if route is not None else self.mlp(h))


class VisionTransformer(nn.Module):
    """Dense ViT, or Mobile V-MoE: ONE router per image reads the mean of the patch tokens entering the
    first MoE block; gates = top-k of softmax(W r), not renormalised (SPEC section 2, Eq. 2).
    forward returns (logits [B, classes], router logits [B, E] or None)."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        n = (spec.img // spec.patch) ** 2
        self.patch_embed = PatchEmbed(spec, bias=True, std=0.02)
        self.cls_token = _param(1, 1, spec.dim, std=0.02)
        self.pos_embed = _param(1, n + 1, spec.dim, std=0.02)
        self.blocks = nn.ModuleList(VitBlock(spec, spec.is_moe(i)) for i in range(spec.depth))
        self.norm = LayerNorm(spec.dim, spec.eps)
        self.head = Linear(spec.dim, spec.classes, std=0.02)
        if spec.experts:
            self.router = Linear(spec.dim, spec.experts, bias=False, std=0.02)

    def forward(self, img):
        x = self.patch_embed(img)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.pos_embed  # [B, N+1, D]
        router_logits = route = None
        for i, block in enumerate(self.blocks):
            if self.spec.is_moe(i) and route is None:
                router_logits = self.router(x[:, 1:].mean(dim=1))  # [B, E]
                route = router_logits.softmax(dim=-1).topk(self.spec.k, dim=-1)
            x = block(x, route)
        return self.head(self.norm(x[:, 0])), router_logits

    def loss(self, img, labels, super_labels):
        """Training loss: L_C + 0.3 L_g (router cross-entropy vs super-class labels; SPEC section 2)."""
        logits, router_logits = self(img)
        loss = F.cross_entropy(logits, labels)
        if router_logits is not None:
            loss = loss + 0.3 * F.cross_entropy(router_logits, super_labels)
        return loss


# ---------------------------------------------------------------------------------------------
# mLiT (SPEC section 3)
# ---------------------------------------------------------------------------------------------

class SwiGluMoe(nn.Module):
    """Noisy top-k gate + t SwiGLU experts sharing V and W2, in SPEC section 3's rewritten form:
    y = ((sum_i G_i silu(z W_i + b_i)) * (z V + b_V)) W2 + b_2 (sum_i G_i = 1 under Softmax_k).
    W_1..W_t and V are one [(t+1) dh, m] product; w_gate and w_noise one [2t, m] product."""

    def __init__(self, spec, dh, t):
        super().__init__()
        m = spec.dim
        self.spec, self.dh, self.t = spec, dh, t
        self.gate = Linear(m, 2 * t, bias=False)  # [w_gate^T ; w_noise^T]
        self.wv = Linear(m, (t + 1) * dh)  # [W_1; ...; W_t; V]
        self.w2 = Linear(dh, m)

    def forward(self, x, with_aux):
        b, n, m = x.shape
        z = x.reshape(b * n, m)  # [M, m]
        k, t = self.spec.k, self.t
        clean, raw = self.gate(z).split(t, dim=1)  # [M, t] each
        std = F.softplus(raw) if (self.training or with_aux) else None
        h = clean + torch.randn_like(clean) * std if self.training else clean
        top, idx = h.topk(k + 1 if with_aux else k, dim=1)
        g = torch.zeros_like(h).scatter(1, idx[:, :k], top[:, :k].softmax(dim=1))  # Softmax_k(H) [M, t]
        zw = self.wv(z)  # [M, (t+1) dh]
        a = F.silu(zw[:, :t * self.dh]).view(-1, t, self.dh)  # [M, t, dh]
        s = (a * g.unsqueeze(2)).sum(dim=1)  # [M, dh] = sum_i G_i silu(z W_i + b_i) (faster than bmm here)
        y = self.w2(s * zw[:, t * self.dh:]).view(b, n, m)
        y = F.dropout(y, self.spec.dropout, self.training)
        if not with_aux:
            return y, None
        # load and importance losses (SPEC Eq. 5-12)
        lk, lk1 = top[:, k - 1:k], top[:, k:k + 1]
        psi = torch.where(h >= lk, lk1, lk)
        load = torch.special.ndtr((clean - psi) / std).sum(dim=0)
        aux = self.spec.w_imp * cv2(g.sum(dim=0)) + self.spec.w_load * cv2(load)
        return y, aux


class MlitLayer(nn.Module):
    def __init__(self, spec, i):
        super().__init__()
        self.norm1 = LayerNorm(spec.dim, spec.eps)
        self.attn = Attention(spec.dim, spec.heads, spec.groups)
        self.norm2 = LayerNorm(spec.dim, spec.eps)
        self.moe = SwiGluMoe(spec, spec.hidden(i), spec.experts(i))

    def forward(self, x, with_aux):
        x = x + self.attn(self.norm1(x))
        y, aux = self.moe(self.norm2(x), with_aux)
        return x + y, aux


class Mlit(nn.Module):
    """mLiT: bias-free patch embedding, the zero dummy patch appended as the last token (its embedding is
    zero), + pos_embed, L layers, LN + head on the dummy token. forward returns (logits, moe loss or None)."""

    def __init__(self, spec):
        super().__init__()
        self.spec = spec
        n = (spec.img // spec.patch) ** 2
        self.patch_embed = PatchEmbed(spec, bias=False)
        self.pos_embed = nn.Parameter(torch.randn(1, n + 1, spec.dim) * 0.02)
        self.blocks = nn.ModuleList(MlitLayer(spec, i) for i in range(spec.depth))
        self.norm = LayerNorm(spec.dim, spec.eps)
        self.head = Linear(spec.dim, spec.classes)

    def forward(self, img, with_aux=False):
        x = F.pad(self.patch_embed(img), (0, 0, 0, 1)) + self.pos_embed  # [B, N+1, m], dummy last
        moe_loss = 0.0
        for block in self.blocks:
            x, aux = block(x, with_aux)
            if with_aux:
                moe_loss = moe_loss + aux
        return self.head(self.norm(x[:, -1])), (moe_loss if with_aux else None)

    def loss(self, img, labels, super_labels=None):
        """Training loss: cross-entropy + the MoE layers' importance and load losses."""
        logits, moe_loss = self(img, with_aux=True)
        return F.cross_entropy(logits, labels) + moe_loss


def build(name):
    spec = PRESETS[name]
    return VisionTransformer(spec) if isinstance(spec, VitSpec) else Mlit(spec)
