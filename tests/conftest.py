import numpy as np
import pytest

import reluback as rb

@pytest.fixture
def xor():
    return rb.xor_data()


@pytest.fixture
def skewed():
    """A non-symmetric 2-2-1 net with nonzero entries, no sample on a kink, that descent solves."""
    return rb.Params(w=np.array([[0.7, -1.3], [0.4, 0.9]]), c=np.array([-0.1, 0.3]),
                     v=np.array([1.5, -0.8]), b=0.25)
