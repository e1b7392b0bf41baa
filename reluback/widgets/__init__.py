"""The interactive views, one import away: rb.widgets.<view>(...).

Each view builds its figure once and redraws only what a control changes (canvas.py);
each has `.controls` (name → widget), `.figure`, and `.widget`, and can be driven
without a browser (set `view.controls[name].value`).
"""
from .editor import loss_parabola, weight_editor
from .samples import sample_view
from .slopes import slope_explorer
from .descent import descent_explorer

__all__ = ["weight_editor", "loss_parabola", "slope_explorer", "sample_view", "descent_explorer"]
