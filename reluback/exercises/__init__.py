"""Exercises that check themselves: check("dJ_dw22", my_function) prints a verdict.

The checker calls the learner's function on a few fixed nets (nets()), compares its numbers
with reluback's, and when they differ, with the numbers each classic mistake would give
(mistakes.py): a match names the mistake and the notebook section to re-read. Anything else
gets a table of expected vs got. The function is always given copies of the arrays, and runs in
a process of its own with a time limit (sandbox.py): whatever it does, a verdict comes back,
and nothing it changes reaches the checker.

- catalogue.py: the exercises, the nets, the right and the mistaken numbers (read-only)
- sandbox.py: running the learner's function in a forked child, reports as plain data
- checker.py: check() and its verdicts (checker.TIME_LIMIT: seconds per net); result.py: the Result
"""
from .catalogue import (ATOL, EXERCISES, RTOL, Exercise, Net, arguments, candidates, close, diagnose, nets,
                        right_answers)
from . import checker
from .checker import CORRECT, check
from .result import Result

__all__ = ["check", "Result", "nets", "arguments", "EXERCISES", "Exercise", "Net", "candidates",
           "right_answers", "diagnose", "close", "RTOL", "ATOL", "CORRECT", "checker"]
