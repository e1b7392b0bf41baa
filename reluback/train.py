"""Full-batch gradient descent, θ ← θ − lr · ∂J/∂θ, with every step recorded."""
from typing import NamedTuple, Optional

import numpy as np

from .net import J_of, Params, backward_pass, forward_pass, check_net, check_params, check_targets, g_of
from .train_checks import (check_index, check_lr, check_memory, check_params_batch, check_scale_batch,
                           check_steps)

__all__ = ["EXPLODES", "History", "train", "ManyHistory", "train_many"]

EXPLODES = 1e6   # J above EXPLODES · max(J₀, 1) counts as diverged


class History(NamedTuple):
    """A training run. Index k is the state after k steps (k = 0 is the start).

    - loss: J at each step, shape (T + 1,)
    - params: Params with a leading step axis: w (T + 1, D, H), c (T + 1, H), v (T + 1, H), b (T + 1,)
    - grads: ∂J/∂θ at each step, same shapes as params
    - diverged: True when J turned non-finite or exploded; the run stopped there
    - diverged_at: that step (T = diverged_at), else None
    - lr: the learning rate
    """
    loss: np.ndarray
    params: Params
    grads: Params
    diverged: bool
    diverged_at: Optional[int]
    lr: float

    @property
    def steps(self):
        """Steps taken: len(loss) − 1."""
        return len(self.loss) - 1

    def at(self, k):
        """The parameters after k steps, as a Params (k = 0 … steps; negative k counts from the end)."""
        k = check_index("k", k, self.steps + 1, "steps")
        w, c, v, b = self.params
        return Params(w[k], c[k], v[k], float(b[k]))


def train(u, f_star, params, lr, steps):
    """Run `steps` steps of gradient descent on J from `params` = (w, c, v, b); returns a History."""
    u, (w, c, v, b) = check_params(params, u)
    f_star = check_targets(f_star, u.shape[0])
    lr, steps = check_lr(lr), check_steps(steps)
    D, H = w.shape                  # every step keeps θ and ∂J/∂θ: 2 (DH + 2H + 1) floats, ~1 kB of Python objects
    check_memory(steps, 2 * (8 * (D * H + 2 * H + 1) + 600) + 40, "train's History of every step",
                  'train_many(u, f_star, params_batch with one run, lr, steps, keep="loss"), which keeps J only')

    theta = Params(w.copy(), c.copy(), v.copy(), b)
    losses, thetas, grads = [], [], []
    diverged_at = None
    with np.errstate(all="ignore"):   # divergence is reported, not warned about
        for k in range(steps + 1):
            f, cache = forward_pass(u, *theta)
            J = float(J_of(f, f_star))
            grad = backward_pass(cache, f_star)
            losses.append(J)
            thetas.append(theta)
            grads.append(grad)
            if not np.isfinite(J) or J > EXPLODES * max(losses[0], 1.0):
                diverged_at = k
                break
            if k < steps:
                theta = Params(*(p - lr * d for p, d in zip(theta, grad)))
    stack = lambda seq: Params(*(np.array(x) for x in zip(*seq)))
    return History(np.array(losses), stack(thetas), stack(grads),
                   diverged_at is not None, diverged_at, lr)


# ---- many runs at once ----------------------------------------------------------

class ManyHistory(NamedTuple):
    """K training runs made side by side by train_many. Run k is row k of every array.

    - loss: J of run k after t steps at loss[k, t], shape (K, T + 1); nan after a run diverged
    - final: Params where each run ended (its last step, or where it diverged):
      w (K, D, H), c (K, H), v (K, H), b (K,)
    - diverged: (K,) bool; diverged_at: (K,) int, the step it diverged at, −1 if it did not
    - lr: the learning rate
    - params, grads: every step's Params, w (K, T + 1, D, H) …, when keep="all"; else None
      (10,000 runs × 2,001 steps of all nine numbers would be 1.4 GB)
    """
    loss: np.ndarray
    final: Params
    diverged: np.ndarray
    diverged_at: np.ndarray
    lr: float
    params: Optional[Params] = None
    grads: Optional[Params] = None

    @property
    def steps(self):
        return self.loss.shape[1] - 1

    def run(self, k):
        """Run k as the History that train would have returned (needs keep="all")."""
        if self.params is None:
            raise ValueError('run(k) needs every step: call train_many(..., keep="all")')
        k = check_index("k", k, self.loss.shape[0], "runs")
        T = int(self.diverged_at[k]) if self.diverged[k] else self.steps
        cut = lambda P: Params(*(np.asarray(p[k, :T + 1]) for p in P))
        return History(self.loss[k, :T + 1].copy(), cut(self.params), cut(self.grads),
                       bool(self.diverged[k]), T if self.diverged[k] else None, self.lr)


def train_many(u, f_star, params_batch, lr, steps, keep="loss"):
    """Train K starts at once: the same steps as train, vectorized over the runs (no loop over K).

    Inputs:
    - u (N, D), f_star (N,): the data, shared by every run
    - params_batch: Params with a leading axis K: w (K, D, H), c (K, H), v (K, H), b (K,)
    - lr, steps: as for train
    - keep: "loss" (the loss curves and the final parameters) or "all" (also every step's
      parameters and gradients: K · (T + 1) · 2 · (DH + 2H + 1) floats — for small K)

    Returns a ManyHistory. A run that diverges stops there, as in train: later steps leave
    its parameters alone and record J = nan.
    """
    if keep not in ("loss", "all"):
        raise ValueError(f'keep must be "loss" or "all"; got {keep!r}')
    w, c, v, b = check_params_batch(params_batch)
    K, D, H = w.shape
    u, *_ = check_net(u, w[0], c[0], v[0], float(b[0]))      # u's shape against (D, H)
    f_star = check_targets(f_star, u.shape[0])
    lr, steps = check_lr(lr), check_steps(steps)
    check_scale_batch(u, w, c, v, b)
    floats = K * (1 + (2 * (D * H + 2 * H + 1) if keep == "all" else 0))
    check_memory(steps, 8 * floats, f'keep="{keep}" for K = {K} runs',
                  'keep="loss", which keeps J and the final θ only' if keep == "all"
                  else "fewer runs at a time")

    # Layout: runs side by side in the columns, so that one matrix product serves all K:
    # pre[n, k, j] = Σᵢ u[n, i] w[k, i, j] + c[k, j]  is  u @ W with W = w as (D, K·H).
    theta = (w.transpose(1, 0, 2).copy(), c.copy(), v.copy(), b.copy())   # new arrays, never views of the input
    P = G = None
    if keep == "all":
        P = Params(np.empty((steps + 1, K, D, H)), np.empty((steps + 1, K, H)),
                   np.empty((steps + 1, K, H)), np.empty((steps + 1, K)))
        G = Params(*(np.zeros_like(p) for p in P))
    loss, diverged_at, t = _descend_many(u, f_star[:, None], theta, lr, steps, P, G)
    W, c, v, b = theta
    final = Params(W.transpose(1, 0, 2).copy(), c, v, b)
    out = dict(loss=loss.T, final=final, diverged=diverged_at >= 0, diverged_at=diverged_at, lr=lr)
    if P is not None:
        if t < steps:                                           # all diverged early: fill the rest
            for store, x in zip(P, final):
                store[t + 1:] = x
        out["params"] = Params(*(np.moveaxis(p, 0, 1) for p in P))
        out["grads"] = Params(*(np.moveaxis(p, 0, 1) for p in G))
    return ManyHistory(**out)


def _descend_many(u, fs, theta, lr, steps, P=None, G=None):
    """The steps of train_many, θ = (W, c, v, b) updated in place; P, G: every step's parameters and
    gradients, kept when given. Returns loss (T + 1, K), diverged_at (K,) and the last step t."""
    K = theta[3].shape[0]
    loss = np.full((steps + 1, K), np.nan)
    alive = np.ones(K, dtype=bool)
    diverged_at = np.full(K, -1)
    limit = None
    with np.errstate(all="ignore"):
        for t in range(steps + 1):
            J, grads = _many_grads(u, fs, *theta)
            if limit is None:
                limit = EXPLODES * np.maximum(J, 1.0)
            loss[t, alive] = J[alive]
            if P is not None:
                _record(P, G, t, (theta[0].transpose(1, 0, 2), *theta[1:]), grads, alive)
            bad = alive & ~(J <= limit)                                 # nan, inf or exploded
            if bad.any():
                diverged_at[bad] = t
                alive &= ~bad
                if G is not None and t < steps:
                    for store in G:
                        store[t + 1:, bad] = np.nan
            if t == steps or not alive.any():
                break
            _many_step(theta, grads, lr, alive)
    return loss, diverged_at, t


def _many_grads(u, fs, W, c, v, b):
    """J (K,) and ∂J/∂θ of K runs side by side: W (D, K, H), c, v (K, H), b (K,), fs = f* as (N, 1).
    Returns J and (dW (D, K, H), dc (K, H), dv (K, H), db (K,))."""
    (N, D), (_, K, H) = u.shape, W.shape
    pre = (u @ W.reshape(D, K * H)).reshape(N, K, H) + c          # (N, K, H)  s_P, r_P
    act = np.maximum(pre, 0.0)                                      # (N, K, H)
    f = np.einsum("nkh,kh->nk", act, v) + b                         # (N, K)
    J = J_of(f, fs, axis=0)                                         # (K,)
    g = g_of(f, fs, axis=0)                                         # (N, K)   ∂J/∂f
    dv = np.einsum("nkh,nk->kh", act, g)                            # (K, H)
    db = g.sum(axis=0)                                              # (K,)
    dpre = g[:, :, None] * v * (pre > 0)                            # (N, K, H)
    dW = (u.T @ dpre.reshape(N, K * H)).reshape(D, K, H)            # (D, K, H)
    dc = dpre.sum(axis=0)                                           # (K, H)
    return J, (dW, dc, dv, db)


def _record(P, G, t, params, grads, alive):
    """Keep step t's parameters (all runs) and gradients (the runs still alive)."""
    dW, dc, dv, db = grads
    for store, x in zip(P, params):
        store[t] = x
    for store, x in zip(G, (dW.transpose(1, 0, 2), dc, dv, db)):
        store[t][alive] = x[alive]


def _many_step(params, grads, lr, alive):
    """θ ← θ − lr · ∂J/∂θ in place, for the runs still alive."""
    for p, d in zip(params, grads):
        if alive.all():
            p -= lr * d
        elif p.ndim == 3:                                           # W: runs on axis 1
            p[:, alive] -= lr * d[:, alive]
        else:
            p[alive] -= lr * d[alive]
