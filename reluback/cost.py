"""What backpropagation saves, counted: multiplications of the forward pass, of the backward
pass, and of the notes' per-parameter formulas, on nets of L hidden ReLU layers of width H.

    pre¹ = wᵀ¹u + c¹,  preˡ = wᵀˡ actˡ⁻¹ + cˡ,  actˡ = max{0, preˡ},  f = vᵀ act^L + b

(L = 1 is the notes' net.) Two ways to get each count, held equal by tests:
- instrumented: scalar loops that compute the real gradients, every `*` through a counter;
- closed form: the same count as a formula in N, D, H, L.
Conventions: a multiplication by the indicator 1[pre > 0] counts (the code multiplies);
additions, ReLUs and the one division −2/N do not. g = −(2/N)(f* − f) costs one per sample,
computed once and shared by both gradient methods (as notebook 03 does).
"""
import itertools
from typing import NamedTuple

import numpy as np

__all__ = ["forward_mults", "backward_mults", "per_parameter_mults", "Counted", "counted",
           "deep_net", "cost_rows"]


# ---- closed forms ----------------------------------------------------------------

def forward_mults(N, D, H, L=1):
    """pre¹ (D·H), each later preˡ (H·H), f (H): per sample."""
    return N * (D * H + (L - 1) * H * H + H)


def backward_mults(N, D, H, L=1):
    """g (1), ∂J/∂v = g·act (H), ∂J/∂act^L = g·v (H); per layer: ⊙ 1[pre > 0] (H), ∂J/∂w (fan-in·H),
    and below the top layer ∂J/∂actˡ⁻¹ = ∂J/∂preˡ wᵀ (H·H). Each ∂J/∂pre computed once, reused."""
    return N * (1 + 2 * H + L * H + D * H + 2 * (L - 1) * H * H)


def per_parameter_mults(N, D, H, L=1):
    """Each parameter's own chain from J: Σ over the H^(L−l) paths from its unit to f of
    g × v × (1[pre] × w per later layer) × 1[pre of its unit] (× the input, for a weight)."""
    total = 1 + H                                   # g; ∂J/∂v_j = g·act_j; ∂J/∂b = Σ g
    for l in range(1, L + 1):
        fan_in, later = (D if l == 1 else H), L - l
        paths = H ** later
        total += H * paths * (fan_in * (2 * later + 3) + (2 * later + 2))    # w·ⱼ, then cⱼ
    return N * total


# ---- instrumented: the same gradients, every multiplication counted --------------

class _Counter:
    def __init__(self):
        self.n = 0

    def mul(self, a, b):
        self.n += 1
        return a * b


def _forward(m, u_n, layers, v, b):
    acts, pres = [list(u_n)], []
    for w, c in layers:
        x = acts[-1]
        pre = [sum(m.mul(x[i], w[i][j]) for i in range(len(x))) + c[j] for j in range(len(c))]
        pres.append(pre)
        acts.append([max(p, 0.0) for p in pre])
    return pres, acts, sum(m.mul(v[j], acts[-1][j]) for j in range(len(v))) + b


def _zeros(layers, v):
    return [(np.zeros(np.shape(w)), np.zeros(len(c))) for w, c in layers], np.zeros(len(v)), 0.0


def _backward(m, g, pres, acts, layers, v, grads):
    """One sample's backward pass, added into grads: the recursion of the notes' letters."""
    dlayers, dv, _ = grads
    for j in range(len(v)):
        dv[j] += m.mul(g, acts[-1][j])                                   # ∂J/∂v = g act
    dact = [m.mul(g, v[j]) for j in range(len(v))]                       # ∂J/∂act^L = g v
    for l in reversed(range(len(layers))):
        w, (dw, dc) = layers[l][0], dlayers[l]
        dpre = [m.mul(dact[j], 1.0 if pres[l][j] > 0 else 0.0) for j in range(len(dact))]
        for i, j in itertools.product(range(len(acts[l])), range(len(dpre))):
            dw[i, j] += m.mul(acts[l][i], dpre[j])                       # ∂J/∂w = actᵀ ∂J/∂pre
        dc += dpre                                                       # ∂J/∂c = Σ ∂J/∂pre
        if l:
            dact = [sum(m.mul(w[i][j], dpre[j]) for j in range(len(dpre))) for i in range(len(w))]


def _chain(m, factors):
    out = factors[0]
    for x in factors[1:]:
        out = m.mul(out, x)
    return out


def _per_parameter(m, g, pres, acts, layers, v, grads):
    """One sample, each parameter's chain recomputed from J along every path to f (notebook 03's way)."""
    dlayers, dv, _ = grads
    on = lambda l, j: 1.0 if pres[l][j] > 0 else 0.0
    H, L = len(v), len(layers)
    for j in range(H):
        dv[j] += m.mul(g, acts[-1][j])
    for l, ((w, c), (dw, dc)) in enumerate(zip(layers, dlayers)):
        for j in range(len(c)):
            for path in itertools.product(range(H), repeat=L - 1 - l):   # units k of layers l+1 … L
                units = (j, *path)
                factors = [g, v[units[-1]]]
                for t in range(len(units) - 1, 0, -1):                   # back down the path
                    factors += [on(l + t, units[t]), layers[l + t][0][units[t - 1]][units[t]]]
                factors.append(on(l, j))
                dc[j] += _chain(m, factors)
                for i in range(len(acts[l])):
                    dw[i, j] += _chain(m, factors + [acts[l][i]])


class Counted(NamedTuple):
    """Multiplications counted by running the code, and the gradients that code computed."""
    forward: int
    backward: int
    per_parameter: int
    grads_backward: tuple         # (layers' (dw, dc), dv, db)
    grads_per_parameter: tuple


def counted(u, layers, v, b, f_star):
    """Run forward, backward and the per-parameter formulas with every multiplication counted.

    Inputs: u (N, D); layers: [(w¹ (D, H), c¹ (H,)), (w² (H, H), c²), …]; v (H,); b; f_star (N,).
    Unchecked: a measuring instrument for small sizes, not an entry point for learners' input.
    """
    N = len(u)
    fwd, bwd, per = _Counter(), _Counter(), _Counter()
    grads_b, grads_p = _zeros(layers, v), _zeros(layers, v)
    db = 0.0
    for n in range(N):
        pres, acts, f = _forward(fwd, u[n], layers, v, b)
        g = bwd.mul(-2.0 / N, f_star[n] - f)                             # gₙ, once per method
        db += per.mul(-2.0 / N, f_star[n] - f)                           # ∂J/∂b = Σₙ gₙ
        _backward(bwd, g, pres, acts, layers, v, grads_b)
        _per_parameter(per, g, pres, acts, layers, v, grads_p)
    return Counted(fwd.n, bwd.n, per.n, grads_b[:2] + (db,), grads_p[:2] + (db,))


def deep_net(D, H, L, seed=0):
    """A random net of L hidden layers of width H: (layers, v, b), normal entries."""
    rng = np.random.default_rng(seed)
    layers = [(rng.normal(size=(D if l == 0 else H, H)), rng.normal(size=H)) for l in range(L)]
    return layers, rng.normal(size=H), float(rng.normal())


def cost_rows(widths, depths=(1,), N=4, D=2, count_up_to=2000):
    """Rows (L, H, forward, backward, per_parameter, counted) for each depth and width: closed forms,
    and `counted` (a Counted) where the per-parameter count is at most count_up_to, else None."""
    rows = []
    for L, H in itertools.product(depths, widths):
        row = (L, H, forward_mults(N, D, H, L), backward_mults(N, D, H, L), per_parameter_mults(N, D, H, L))
        run = None
        if row[-1] <= count_up_to:
            layers, v, b = deep_net(D, H, L)
            rng = np.random.default_rng(1)
            run = counted(rng.normal(size=(N, D)), layers, v, b, rng.normal(size=N))
        rows.append(row + (run,))
    return rows
