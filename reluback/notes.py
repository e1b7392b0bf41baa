"""The lecture notes' formulas exactly as written, slips included (docs/NOTATION.md, "Where the notes slip").

Not for use: for comparison. The notebooks set each one beside the right value
(rb.scalar_gradients, rb.backward) and central differences (rb.numerical_gradients).

Two ways to read a derivative line of the notes, chosen with `k`:
- k = a sample index (0 … N−1): as written. The notes' g is one summed number without the
  factor 2 (slips 2, 3), multiplied by the indicator and input of one sample k — the notes'
  (s_k > 0) and u₁ — since a single number has to go there.
- k = None: the line's own factors, kept per sample and summed with the right gₙ:
  Σₙ gₙ · (factors)ₙ. This repairs slips 2 and 3 and leaves only the line's own slip
  (4 or 5), so each slip can be seen alone. Lines without a slip of their own then give
  the right value.

Arguments are the notes' letters: u (N, D), w (D, H), c (H,), v (H,), b, f_star (N,);
the notes have D = H = 2.
"""
import numpy as np

from .net import _forward, check_net, check_targets

__all__ = ["loss", "g", "dJ_dP", "dJ_dw11", "dJ_dw21", "dJ_dc1", "dJ_dv1", "dJ_dw12", "dJ_dw22",
           "dJ_dc2", "dJ_dv2", "dJ_db", "dJ_dw", "LINES"]


def _run(u, w, c, v, b, f_star):
    u, w, c, v, b = check_net(u, w, c, v, b)
    if w.shape != (2, 2):
        raise ValueError(f"the notes' lines are for D = H = 2: w must have shape (D, H) = (2, 2); got {w.shape}")
    f_star = check_targets(f_star, u.shape[0])
    f, cache = _forward(u, w, c, v, b)
    return u, v, f_star, f, cache.pre, cache.act


def _g_right(f, f_star):
    return -2.0 / len(f) * (f_star - f)          # (N,)  gₙ = −(2/N)(f*ₙ − fₙ)


def _line(u, w, c, v, b, f_star, k, factors):
    """Σₙ gₙ·factorsₙ (k = None) or the notes' g × factors of sample k."""
    u, v, f_star, f, pre, act = _run(u, w, c, v, b, f_star)
    per_sample = factors(u, v, pre, act)          # (N,)
    if k is None:
        return float(np.sum(_g_right(f, f_star) * per_sample))
    if not (isinstance(k, (int, np.integer)) and 0 <= k < len(f)):
        raise ValueError(f"k must be a sample index 0 … N−1 = {len(f) - 1}, or None; got {k!r}")
    return float(g(f, f_star) * per_sample[k])


# ---- the loss and g ------------------------------------------------------------

def loss(f, f_star):
    """Slip 1. The notes' first line: j(θ) = (1/N) Σ (f*(u) − f(u; w, c, v, b)) — no square.

    The book's J = (1/N) Σ (f* − f)² is rb.loss. (Page 3 writes the square only inside its
    ∂J/∂P line, where it does not belong: slip 6, dJ_dP.)
    """
    f, f_star = np.asarray(f, dtype=float), np.asarray(f_star, dtype=float)
    return float(np.mean(f_star - f))


def g(f, f_star):
    """Slips 2 and 3. The notes: ∂j/∂f = (1/N) Σ (f*(u) − f(u; w, c, v, b)) × (−1) = g.

    One summed number, and without the factor 2 that the square brings down: it is
    ∂/∂f of J/2, summed over samples. The right g has one entry per sample,
    gₙ = −(2/N)(f*ₙ − fₙ).
    """
    f, f_star = np.asarray(f, dtype=float), np.asarray(f_star, dtype=float)
    return float(np.mean(f_star - f) * -1.0)


def dJ_dP(f, f_star):
    """Slip 6. Page 3, under the heading ∂J/∂P: J = (1/N) Σ (P* − P)² × 1 × −1.

    The loss and its derivative run together: the chain-rule factors × 1 × −1 are attached to
    the loss, the square kept where the derivative 2(P* − P) belongs. Read per sample as the
    notes' ∂J/∂Pₙ it is −(1/N)(P*ₙ − Pₙ)², shape (N,). Right: gₙ = −(2/N)(P*ₙ − Pₙ).
    """
    f, f_star = np.asarray(f, dtype=float), np.asarray(f_star, dtype=float)
    return (f_star - f) ** 2 / len(f) * 1.0 * -1.0


# ---- unit 1 (s): the notes' lines are right apart from g ------------------------

def dJ_dw11(u, w, c, v, b, f_star, k=None):
    """The notes: ∂J/∂w₁₁ = ∂f/∂w₁₁ × ∂J/∂f = (s_k > 0) v₁ u₁ × g.

    As written (k a sample) the summed g multiplies one sample's (s > 0) and u₁: slip 3
    (and slip 2 through g). Kept per sample (k = None) it is right: Σₙ gₙ 1[s_P,ₙ > 0] v₁ u₁ₙ.
    """
    return _line(u, w, c, v, b, f_star, k, lambda u, v, pre, act: (pre[:, 0] > 0) * v[0] * u[:, 0])


def dJ_dw21(u, w, c, v, b, f_star, k=None):
    """The notes' general line ∂f/∂w_p1 = (s_k > 0) v₁ u_p with p = 2, times g:
    (s_k > 0) v₁ u₂ × g. Slips 2 and 3 as written; right per sample (k = None)."""
    return _line(u, w, c, v, b, f_star, k, lambda u, v, pre, act: (pre[:, 0] > 0) * v[0] * u[:, 1])


def dJ_dc1(u, w, c, v, b, f_star, k=None):
    """The notes: ∂J/∂c₁ = ∂f/∂c₁ × ∂J/∂f = (s_k > 0) v₁ × g.
    Slips 2 and 3 as written; right per sample (k = None)."""
    return _line(u, w, c, v, b, f_star, k, lambda u, v, pre, act: (pre[:, 0] > 0) * v[0])


def dJ_dv1(u, w, c, v, b, f_star, k=None):
    """The notes: ∂J/∂v₁ = ∂f/∂v₁ × ∂J/∂f = s₂ × g  (s₂ = s_Δ = s_a, unit 1's activation).
    Slips 2 and 3 as written; right per sample (k = None)."""
    return _line(u, w, c, v, b, f_star, k, lambda u, v, pre, act: act[:, 0])


# ---- unit 2 (r): v₁ where v₂ belongs, and a line written twice -----------------

def dJ_dw12(u, w, c, v, b, f_star, k=None):
    """Slip 4. The notes: ∂J/∂w₁₂ = ∂f/∂w₁₂ × ∂J/∂f = (r_k > 0) v₁ u₁ g.

    w₁₂ feeds unit 2, whose output weight is v₂: right is Σₙ gₙ 1[r_P,ₙ > 0] v₂ u₁ₙ.
    Even per sample (k = None) this line keeps its v₁.
    """
    return _line(u, w, c, v, b, f_star, k, lambda u, v, pre, act: (pre[:, 1] > 0) * v[0] * u[:, 0])


def dJ_dw22(u, w, c, v, b, f_star, k=None):
    """Slip 5. The notes write ∂J/∂w₁₂ = (r_k > 0) v₁ u₁ g a second time, where ∂J/∂w₂₂ was meant.

    Read as ∂J/∂w₂₂ — the only line the notes give for that entry of the matrix ∂J/∂w — it
    is that same body: (r_k > 0) v₁ u₁ g. Right: Σₙ gₙ 1[r_P,ₙ > 0] v₂ u₂ₙ.
    """
    return dJ_dw12(u, w, c, v, b, f_star, k)


def dJ_dc2(u, w, c, v, b, f_star, k=None):
    """Slip 4. The notes: ∂J/∂c₂ = ∂f/∂c₂ × ∂J/∂f = (r_k > 0) v₁ g.

    c₂ feeds unit 2: right is Σₙ gₙ 1[r_P,ₙ > 0] v₂. Per sample (k = None) it keeps its v₁.
    """
    return _line(u, w, c, v, b, f_star, k, lambda u, v, pre, act: (pre[:, 1] > 0) * v[0])


def dJ_dv2(u, w, c, v, b, f_star, k=None):
    """The notes: ∂J/∂v₂ = ∂f/∂v₂ × ∂J/∂f = r₂ g  (r₂ = r_a, unit 2's activation).
    Slips 2 and 3 as written; right per sample (k = None)."""
    return _line(u, w, c, v, b, f_star, k, lambda u, v, pre, act: act[:, 1])


def dJ_db(u, w, c, v, b, f_star):
    """Slip 2. The notes: ∂J/∂b = g — with the notes' g, half the right Σₙ gₙ."""
    _, _, f_star, f, _, _ = _run(u, w, c, v, b, f_star)
    return g(f, f_star)


def dJ_dw(u, w, c, v, b, f_star, k=None):
    """The notes' matrix ∂J/∂w = [[∂J/∂w₁₁, ∂J/∂w₁₂], [∂J/∂w₂₁, ∂J/∂w₂₂]] filled from their lines
    (slips 4 and 5 always; 2 and 3 too when k is a sample). Shape (2, 2): the notes' D = H = 2."""
    args = (u, w, c, v, b, f_star, k)
    return np.array([[dJ_dw11(*args), dJ_dw12(*args)], [dJ_dw21(*args), dJ_dw22(*args)]])


LINES = {        # entry name → the notes' line, for tables
    "w11": dJ_dw11, "w12": dJ_dw12, "w21": dJ_dw21, "w22": dJ_dw22,
    "c1": dJ_dc1, "c2": dJ_dc2, "v1": dJ_dv1, "v2": dJ_dv2,
}
