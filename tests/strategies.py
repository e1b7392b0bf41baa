"""Hypothesis strategies shared by the tests (imported as `from strategies import nets`:
a module of its own, since tests/browser/conftest.py would shadow `from conftest import`)."""
import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


@st.composite
def nets(draw, max_n=6, max_d=4, max_h=5):
    """(u, w, c, v, b, f_star) of random sizes N, D, H and values."""
    N, D, H = (draw(st.integers(1, m)) for m in (max_n, max_d, max_h))
    arr = lambda shape: draw(hnp.arrays(np.float64, shape, elements=finite))
    return arr((N, D)), arr((D, H)), arr((H,)), arr((H,)), draw(finite), arr((N,))
