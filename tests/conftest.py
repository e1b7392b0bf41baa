import numpy as np
import pytest
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import reluback as rb

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


@st.composite
def nets(draw, max_n=6, max_d=4, max_h=5):
    """(u, w, c, v, b, f_star) of random sizes N, D, H and values."""
    N, D, H = (draw(st.integers(1, m)) for m in (max_n, max_d, max_h))
    arr = lambda shape: draw(hnp.arrays(np.float64, shape, elements=finite))
    return arr((N, D)), arr((D, H)), arr((H,)), arr((H,)), draw(finite), arr((N,))


@pytest.fixture
def xor():
    return rb.xor_data()


@pytest.fixture
def skewed():
    """A non-symmetric 2-2-1 net with nonzero entries, no sample on a kink, that descent solves."""
    return rb.Params(w=np.array([[0.7, -1.3], [0.4, 0.9]]), c=np.array([-0.1, 0.3]),
                     v=np.array([1.5, -0.8]), b=0.25)
