"""The fixed nets of rb.exercises: each exercise meets enough nets where its answer is not 0."""
import numpy as np

import reluback as rb


def test_every_exercise_is_checked_on_at_least_four_nets_where_its_answer_is_not_0():
    """A right answer of 0 hides a missing factor: each exercise needs ≥ 4 nets where it is not 0,
    computed here by central differences, independently of the checker's right answers."""
    nonzero = {}
    for net in rb.exercises.nets():
        num = rb.numerical_gradients(net.u, net.w, net.c, net.v, net.b, net.f_star)
        f, _ = rb.forward(net.u, net.w, net.c, net.v, net.b)
        answers = {"g": np.abs(f - net.f_star).max(), "dJ_dw21": abs(num.w[1, 0]), "dJ_dw22": abs(num.w[1, 1]),
                   "dJ_dc2": abs(num.c[1]), "dJ_dv1": abs(num.v[0]), "dJ_db": abs(num.b),
                   "backward": min(abs(num.b), np.abs(num.v).max(), np.abs(num.c).max(), np.abs(num.w).max()),
                   "dJ_dw12_sum": abs(num.w[0, 1])}
        # the node exercises (04_backward_pass): sample n's share, from central differences on n alone
        alone = [rb.numerical_gradients(net.u[n:n + 1], net.w, net.c, net.v, net.b, net.f_star[n:n + 1])
                 for n in range(len(net.u))]
        answers["dJ_drP"] = max(abs(s.c[1]) for s in alone) / len(net.u)          # ∂r_P/∂c₂ = 1
        answers["dJ_dw22_shares"] = max(abs(s.w[1, 1]) for s in alone) / len(net.u)
        for name, size in answers.items():
            nonzero[name] = nonzero.get(name, 0) + (size > 1e-6)
    assert set(nonzero) == set(rb.exercises.EXERCISES)
    assert all(k >= 4 for k in nonzero.values()), nonzero
