import pytest

import reluback as rb
from reluback.net import skewed_net

@pytest.fixture
def xor():
    return rb.xor_data()


@pytest.fixture
def skewed():
    """A non-symmetric 2-2-1 net with nonzero entries, no sample on a kink, that descent solves."""
    return skewed_net()
