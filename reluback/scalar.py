"""The notes' scalar derivatives, entry by entry, with explicit loops.

Each line is one formula of the notes (corrected where they slip, docs/NOTATION.md):

    gₙ        = −(2/N)(f*ₙ − fₙ)                    ∂J/∂f for sample n
    ∂J/∂w_pj  = Σₙ gₙ · 1[pre_nj > 0] · v_j · u_np
    ∂J/∂c_j   = Σₙ gₙ · 1[pre_nj > 0] · v_j
    ∂J/∂v_j   = Σₙ gₙ · act_nj
    ∂J/∂b     = Σₙ gₙ

Slow on purpose: it reads like the notes, and tests hold net.backward to it.
"""
import numpy as np

from .net import Params, check_net, check_targets, g_of

__all__ = ["scalar_forward", "scalar_gradients"]


def scalar_forward(u, w, c, v, b):
    """pre, act, f computed one sample and one unit at a time, as the notes write s_P = w₁₁u₁ + w₂₁u₂ + c₁."""
    (N, D), H = u.shape, len(c)
    pre, act, f = np.zeros((N, H)), np.zeros((N, H)), np.zeros(N)
    for n in range(N):
        for j in range(H):
            pre[n, j] = sum(w[i, j] * u[n, i] for i in range(D)) + c[j]
            act[n, j] = max(pre[n, j], 0.0)
        f[n] = sum(v[j] * act[n, j] for j in range(H)) + b
    return pre, act, f


def scalar_gradients(u, w, c, v, b, f_star):
    """∂J/∂w, ∂J/∂c, ∂J/∂v, ∂J/∂b as a Params, each entry summed over samples by hand."""
    u, w, c, v, b = check_net(u, w, c, v, b)
    (N, D), H = u.shape, len(c)
    f_star = check_targets(f_star, N)
    pre, act, f = scalar_forward(u, w, c, v, b)
    g = g_of(f, f_star)                                   # gₙ = −(2/N)(f*ₙ − fₙ), net.g_of
    on = lambda n, j: 1.0 if pre[n, j] > 0 else 0.0       # 1[s > 0]; relu'(0) = 0

    dw = np.zeros((D, H))
    for p in range(D):
        for j in range(H):
            dw[p, j] = sum(g[n] * on(n, j) * v[j] * u[n, p] for n in range(N))
    dc = np.array([sum(g[n] * on(n, j) * v[j] for n in range(N)) for j in range(H)])
    dv = np.array([sum(g[n] * act[n, j] for n in range(N)) for j in range(H)])
    db = sum(g[n] for n in range(N))
    return Params(dw, dc, dv, float(db))
