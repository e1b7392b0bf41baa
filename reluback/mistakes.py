"""The classic mistakes of the backward pass, each one written as code.

`slipped(u, w, c, v, b, f_star, **slips)` is the backward pass as a learner might write
it: with no slips it is right; each keyword makes one classic mistake. The exercise
checker (exercises.py) compares a learner's numbers with the numbers each mistake would
produce, and names the mistake whose numbers match. Nothing here is a stored number.

MISTAKES lists them: a verdict, the slips that make it (one or more ways to make the same
mistake), a sentence for the learner, and the notebook section to re-read. The last two are
mistakes at one node of the graph (notebook 04_backward_pass); their slips are keywords of the node
exercises' own `wrong` functions (exercises/catalogue.py), as are indicator and relu0 there.
"""
from typing import NamedTuple

import numpy as np

from .net import Params

__all__ = ["PER_SAMPLE", "slipped", "Mistake", "MISTAKES", "SHAPE"]

PER_SAMPLE = {"mean": lambda N: 1.0 / N,            # J = (1/N) Σ: right
              "sum": lambda N: 1.0,                  # J taken as Σ, not its mean
              "twice": lambda N: 1.0 / N ** 2}       # the 1/N in gₙ, then a mean over samples again


def slipped(u, w, c, v, b, f_star, *, two=2.0, sign=-1.0, per_sample="mean", w_T=False, dw_T=False,
            relu0=0.0, indicator=True, v1_everywhere=False, sum_outside=False, pre_for_act=False):
    """(g, Params(dw, dc, dv, db)) computed with the given slips; the defaults are the right formulas.

    - two=1.0: g without its factor 2            - sign=+1.0: g = (2/N)(f* − f), sign flipped
    - per_sample="sum" / "twice": a factor N off   - w_T: the forward reads w[i, j] as unit i, input j
    - dw_T: ∂J/∂w returned transposed              - relu0=1.0: ReLU′(0) taken as 1
    - indicator=False: the 1[pre > 0] left out     - v1_everywhere: v₁ used for every unit
    - sum_outside: (Σₙ gₙ)(Σₙ …) for Σₙ gₙ(…)     - pre_for_act: ∂f/∂v_j = pre_j, not act_j
    """
    N = u.shape[0]
    pre = u @ (w.T if w_T else w) + c                                  # (N, H)
    act = np.maximum(pre, 0.0)                                         # (N, H)
    f = act @ v + b                                                    # (N,)
    g = sign * two * PER_SAMPLE[per_sample](N) * (f_star - f)          # (N,)
    on = (pre >= 0) if relu0 == 1.0 else (pre > 0)
    on = np.ones_like(pre) if not indicator else on.astype(float)      # (N, H)  ∂act/∂pre
    x = on * (np.full_like(v, v[0]) if v1_everywhere else v)           # (N, H)  ∂f/∂pre
    a = pre if pre_for_act else act                                    # (N, H)  ∂f/∂v
    if sum_outside:
        G = g.sum()
        dw, dc, dv = G * (u.T @ x), G * x.sum(axis=0), G * a.sum(axis=0)
    else:
        dpre = g[:, None] * x
        dw, dc, dv = u.T @ dpre, dpre.sum(axis=0), a.T @ g
    return g, Params(dw.T if dw_T else dw, dc, dv, g.sum())


class Mistake(NamedTuple):
    verdict: str        # a few words, e.g. "factor 2 dropped"
    slips: tuple        # ((slips for slipped(), a detail sentence or ""), ...): ways to make it
    message: str        # one or two sentences a learner understands
    notebook: str       # the notebook to re-read
    section: str        # its heading in that notebook (fixed words)


MISTAKES = {m.verdict: m for m in [
    Mistake("factor 2 dropped", ((dict(two=1.0), ""),),
            "g lost its factor 2 (that alone halves every number). J = (1/N) Σ (f* − f)² has no ½, "
            "so gₙ = −(2/N)(f*ₙ − fₙ); the notes write it without the 2.",
            "02_loss_and_g.ipynb", "The factor 2 the notes drop"),
    Mistake("sign of g flipped", ((dict(sign=1.0), ""),),
            "g has the wrong sign: gₙ = ∂J/∂fₙ = −(2/N)(f*ₙ − fₙ) = (2/N)(fₙ − f*ₙ). "
            "Differentiating (f* − f)² brings out a factor −1 from the inner −f.",
            "02_loss_and_g.ipynb", "g = ∂J/∂f, sample by sample"),
    Mistake("mean vs sum",
            ((dict(per_sample="sum"), "The 1/N is missing: J is a mean, so each gₙ carries a 1/N."),
             (dict(per_sample="twice"), "The 1/N is there twice: it is already inside gₙ; "
                                        "the chain rule then sums over the samples, it does not average again.")),
            "A factor N (the number of samples) is off.",
            "02_loss_and_g.ipynb", "g = ∂J/∂f, sample by sample"),
    Mistake("sum pulled out of the indicator", ((dict(sum_outside=True), ""),),
            "You multiplied the summed g by the rest summed on its own, (Σₙ gₙ)(Σₙ 1[pre > 0] v u). The sum must stay "
            "outside the whole product, Σₙ gₙ·1[preₙ > 0]·v·uₙ: the indicator and u change from sample to sample.",
            "03_scalar_derivatives.ipynb", "Why the sum over samples stays outside"),
    Mistake("v₁ used for unit 2", ((dict(v1_everywhere=True), ""),),
            "You used v₁ where unit 2 needs v₂ (the notes' slip in ∂J/∂w₁₂ and ∂J/∂c₂). Unit 2's output r_a "
            "reaches f through v₂, so every gradient through unit 2 carries v₂.",
            "03_scalar_derivatives.ipynb", "Checking the notes"),
    Mistake("w transposed", ((dict(w_T=True, dw_T=True), ""), (dict(w_T=True), ""), (dict(dw_T=True), "")),
            "You read w the other way round (w_ji for w_ij). In the notes w_ij joins input i to hidden unit j: "
            "s_P = w₁₁u₁ + w₂₁u₂ + c₁, so in code pre = u @ w + c and ∂J/∂w[i, j] = Σₙ uₙᵢ·(∂J/∂pre)ₙⱼ.",
            "01_forward_pass.ipynb", "Which index is which: w_ij joins input i to unit j"),
    Mistake("ReLU′(0) taken as 1", ((dict(relu0=1.0), ""),),
            "Where a sample sits exactly on a kink, pre = 0, you counted it (pre >= 0). The notes' "
            "indicator is (s > 0): ReLU′(0) = 0, so that sample adds nothing.",
            "03_scalar_derivatives.ipynb", "At a kink: ReLU′(0) = 0"),
    Mistake("indicator left out", ((dict(indicator=False), ""),),
            "You left out the indicator 1[pre > 0]: a unit that is off (pre ≤ 0) for a sample passes no "
            "gradient back for that sample, because max{0, pre} is flat there.",
            "03_scalar_derivatives.ipynb", "At a kink: ReLU′(0) = 0"),
    Mistake("wrong side of the product", ((dict(other_side=True), ""),),
            "A product passes the gradient back scaled by its *other* input: ∂(w₂₂·u₂)/∂w₂₂ = u₂, so sample n's "
            "share of ∂J/∂w₂₂ is ∂J/∂(w₂₂·u₂)ₙ × u₂ₙ. You multiplied by w₂₂, the input on the same side.",
            "04_backward_pass.ipynb", "2 · The backward pass, one node at a time"),
    Mistake("= instead of +=", ((dict(accumulate=False), ""),),
            "Your loop keeps only the last sample's share: `dw = …` replaces what the samples before it gave. "
            "Every sample uses the same w₁₂ (a fork in the batch's graph), so the shares add: start from 0 "
            "and write dw += ….",
            "04_backward_pass.ipynb", "3 · The batch: gradients add at forks"),
    Mistake("pre used for act", ((dict(pre_for_act=True), ""),),
            "You used the pre-activation where ∂f/∂v_j needs the unit's output: f = vᵀ act + b, so "
            "∂f/∂v₁ = s_a = max{0, s_P}, not s_P.",
            "01_forward_pass.ipynb", ""),
]}

SHAPE = ("05_matrix_gradients.ipynb", "The shape rule")
