"""The interactive views, one import away: rb.widgets.<view>(...); and the backward stepper's
pictures (GraphFigure, ForkFigure), which notebook 04 also shows alone.

Each view builds its figure once and redraws only what a control changes (canvas.py);
each has `.controls` (name → widget), `.figure`, and `.widget`, and can be driven
without a browser (set `view.controls[name].value`). How a view is built, and how to add
one: docs/ARCHITECTURE.md.
"""
from .canvas import FigureWidget, View, new_figure
from .descent import descent_explorer
from .editor import weight_editor
from .export import jshtml
from .graph_figure import ForkFigure, GraphFigure
from .live_editor import live_weight_editor
from .live_stepper import live_backward_stepper
from .parabola import loss_parabola
from .samples import sample_view
from .slopes import slope_explorer
from .stepper import backward_stepper

__all__ = ["weight_editor", "loss_parabola", "slope_explorer", "sample_view", "descent_explorer", "live_weight_editor",
           "backward_stepper", "live_backward_stepper", "jshtml", "GraphFigure", "ForkFigure", "View", "FigureWidget", "new_figure"]
