"""Full-batch gradient descent, θ ← θ − lr · ∂J/∂θ, with every step recorded."""
import numbers
from typing import NamedTuple, Optional

import numpy as np

from .net import Params, _backward, _forward, check_net, check_targets

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
        """The parameters after k steps, as a Params."""
        w, c, v, b = self.params
        return Params(w[k], c[k], v[k], float(b[k]))


def check_lr(lr):
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a finite learning rate > 0; got {lr!r}")
    return float(lr)


def check_steps(steps):
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be a whole number ≥ 0; got {steps!r}")
    return int(steps)


def train(u, f_star, params, lr, steps):
    """Run `steps` steps of gradient descent on J from `params` = (w, c, v, b); returns a History."""
    if len(params) != 4:
        raise ValueError(f"params must be (w, c, v, b); got {len(params)} values")
    u, w, c, v, b = check_net(u, *params)
    f_star = check_targets(f_star, u.shape[0])
    lr, steps = check_lr(lr), check_steps(steps)

    theta = Params(w.copy(), c.copy(), v.copy(), b)
    losses, thetas, grads = [], [], []
    diverged_at = None
    with np.errstate(all="ignore"):   # divergence is reported, not warned about
        for k in range(steps + 1):
            f, cache = _forward(u, *theta)
            J = float(np.mean((f_star - f) ** 2))
            grad = _backward(cache, f_star)
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
