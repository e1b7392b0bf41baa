"""reluback: backpropagation through f(u) = vᵀ max{0, wᵀu + c} + b, in the lecture notes' letters."""
from .net import Cache, Params, backward, book_solution, forward, loss, xor_data
from .scalar import scalar_gradients
from .check import GradientCheck, entry_names, gradient_check, numerical_gradients
from .train import History, ManyHistory, train, train_many
from . import lessons         # named starts for gradient descent, success_rate
from . import plots           # the shared pictures: InputPlane, HiddenSpace, network_diagram
from . import exercises
from . import notes
from . import widgets         # rb.widgets.weight_editor(), …, descent_explorer()
from . import autograd        # Value, loss_graph: the notes' J as a graph of scalars (notebook 04)
from . import cost, graph    # 04: multiplications counted; one sample's graph and the stepper's state

__version__ = "0.1.0"

__all__ = [
    "Params", "Cache", "xor_data", "book_solution", "forward", "loss", "backward",
    "scalar_gradients", "numerical_gradients", "gradient_check", "GradientCheck", "entry_names",
    "History", "train", "ManyHistory", "train_many", "lessons", "plots", "exercises", "notes", "widgets",
    "autograd", "cost", "graph",
]
