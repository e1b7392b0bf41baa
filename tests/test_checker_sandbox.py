"""The checker under attack: whatever the learner's function does, check() returns a verdict in
words within the time limit, the kernel survives, and nothing the function (or the notebook)
changes makes a later wrong answer pass. The function runs in a forked child (sandbox.py)."""
import os
import signal
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import reluback as rb
from reluback.exercises import check, nets
from reluback.exercises import catalogue, checker

LIMIT = 1.0


@pytest.fixture(autouse=True)
def short_limit(monkeypatch):
    monkeypatch.setattr(checker, "TIME_LIMIT", LIMIT)


def right_db(u, w, c, v, b, f_star):
    f, _ = rb.forward(u, w, c, v, b)
    return float(np.sum(-2.0 / len(f) * (f_star - f)))


def wrong_db(*args):
    return right_db(*args) + 0.5


def timed(name, fn):
    t0 = time.monotonic()
    result = check(name, fn)
    return result, time.monotonic() - t0


# ---- endless functions: "too slow", within the limit ------------------------------------

def swallows_everything(*args):
    while True:
        try:
            time.sleep(0.01)
        except Exception:
            pass


def counts_forever(*args):
    return sum(range(10 ** 11))


def resets_the_alarm(*args):
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    while True:
        pass


@pytest.mark.parametrize("fn", [swallows_everything, counts_forever, resets_the_alarm])
def test_an_endless_function_is_too_slow_within_the_limit(fn):
    result, seconds = timed("dJ_db", fn)
    assert result.verdict == "too slow" and f"{LIMIT:g} s" in result.message
    assert seconds < LIMIT + 3


def test_an_endless_function_checked_outside_the_main_thread_is_too_slow():
    out = []
    t = threading.Thread(target=lambda: out.append(check("dJ_db", swallows_everything)), daemon=True)
    t.start()
    t.join(LIMIT + 10)
    assert not t.is_alive() and out[0].verdict == "too slow"


# ---- escapes: each one a verdict in words ----------------------------------------------------

class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no words")


class NoArray:
    def __array__(self, *a, **k):
        raise RuntimeError("no numbers")

    def __repr__(self):
        return "NoArray()"


class NoLen:
    def __len__(self):
        raise RuntimeError("no length")

    def __getitem__(self, k):
        return 0.0


class NoLenTuple(tuple):
    def __len__(self):
        raise RuntimeError("no length")


def raise_(e):
    raise e


@pytest.mark.parametrize("name, fn, verdict, words", [
    ("dJ_db", lambda *a: sys.exit(), "raised an error", ["SystemExit", "sys.exit()"]),
    ("dJ_db", lambda *a: sys.exit(3), "raised an error", ["SystemExit: 3"]),
    ("dJ_db", lambda *a: raise_(KeyboardInterrupt()), "raised an error", ["KeyboardInterrupt"]),
    ("dJ_db", lambda *a: raise_(Unprintable()), "raised an error", ["Unprintable", "cannot be shown"]),
    ("dJ_db", lambda *a: NoArray(), "not a number", ["NoArray()", "RuntimeError: no numbers"]),
    ("dJ_db", lambda *a: NoLen(), "not a number", ["NoLen object"]),
    ("backward", lambda *a: NoLenTuple((1, 2, 3, 4)), "wrong shape", ["4 things", "NoLenTuple"]),
    ("g", lambda f, f_star: os._exit(1), "ended its process", ["exit status 1", "os._exit", "unharmed", "end the kernel"]),
    ("dJ_db", lambda *a: os.kill(os.getpid(), signal.SIGKILL), "ended its process", ["SIGKILL"]),
])
def test_every_escape_becomes_a_verdict(name, fn, verdict, words):
    result, seconds = timed(name, fn)
    assert result.verdict == verdict, str(result)
    for word in words:
        assert word in result.message, result.message
    assert str(result) and result._repr_html_() and seconds < LIMIT + 3
    assert check("dJ_db", right_db).verdict == "correct"                 # and the checker still works


def test_what_the_function_prints_is_shown(capsys):
    def dJ_db(*args):
        print("debugging:", args[4])
        return right_db(*args)
    assert check("dJ_db", dJ_db).verdict == "correct"
    assert "debugging: 0.0" in capsys.readouterr().out


# ---- tampering ---------------------------------------------------------------------------

def rigging(*args):
    """Everything the issue lists, from inside the learner's function; then a wrong answer."""
    rb.exercises.RTOL = catalogue.RTOL = 1e300
    rb.exercises.close = catalogue.close = catalogue._close = lambda a, b: True
    checker._close = lambda a, b: True
    for net in nets():
        try:
            net.u.setflags(write=True)
            net.u[:] = 0.0
        except ValueError:
            pass
    return wrong_db(*args)


def test_a_function_cannot_rig_its_own_or_later_verdicts():
    assert check("dJ_db", rigging).verdict != "correct"
    assert check("dJ_db", wrong_db).verdict != "correct"
    assert check("dJ_db", right_db).verdict == "correct"
    assert rb.exercises.RTOL == 1e-6 and checker._close is catalogue.close


def test_the_notebook_cannot_rig_the_checker_either(monkeypatch):
    monkeypatch.setattr(rb.exercises, "RTOL", 1e300)
    monkeypatch.setattr(catalogue, "RTOL", 1e300)
    monkeypatch.setattr(rb.exercises, "close", lambda a, b: True)
    monkeypatch.setattr(catalogue, "close", lambda a, b: True)
    assert check("dJ_db", wrong_db).verdict != "correct"
    for net in nets():
        for a in (net.u, net.w, net.c, net.v, net.f_star):
            with pytest.raises(ValueError):
                a.setflags(write=True)
    for x in catalogue.right_answers("dJ_db"):
        with pytest.raises(ValueError):
            x.setflags(write=True)
    with pytest.raises(TypeError):
        rb.exercises.EXERCISES["dJ_db"] = rb.exercises.EXERCISES["g"]


def test_each_call_gets_its_own_copies():
    seen = []

    def dJ_db(u, w, c, v, b, f_star):
        seen.append(u)
        u[:] = 7.0
        return right_db(u, w, c, v, b, f_star)
    check("dJ_db", dJ_db)
    assert check("dJ_db", right_db).verdict == "correct"
    assert seen == []                          # the child's lists, not ours: it ran in another process


def test_processes_the_function_starts_are_ended_with_it(tmp_path):
    pid_file = tmp_path / "grandchild"

    def dJ_db(*args):
        pid = os.fork()
        if pid == 0:                          # a grandchild that would hold the pipe open
            time.sleep(60)
            os._exit(0)
        pid_file.write_text(str(pid))
        return right_db(*args)
    result, seconds = timed("dJ_db", dJ_db)
    assert result.verdict == "correct" and seconds < LIMIT + 3
    stat = Path(f"/proc/{pid_file.read_text()}/stat")

    def running():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"     # a zombie has ended
        except OSError:
            return False
    deadline = time.monotonic() + 5
    while running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(), "the grandchild still runs"
