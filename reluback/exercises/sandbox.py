"""Running a learner's function where it can neither hang, crash nor rig the checker.

run(fn, calls, n_parts, time_limit) calls fn(*args) for each args in `calls` in a child process
forked from this one (so a function defined in a notebook needs no pickling: the child inherits
it) and yields one report per call. Reports are plain data, JSON read from a pipe, never pickled
objects; the parent validates them (plain_array; checker._parts). The parent waits at most
`time_limit` seconds for each report, then kills the child: whatever the function does — an endless loop that
swallows every exception, sum(range(10**11)), a reset signal.setitimer, sys.exit(), os._exit(),
an exception whose __str__ raises, a returned object whose __array__ or __len__ raises — a
report comes back in time, and nothing it changes (module state, the shared nets) reaches the
parent. Without os.fork (Windows) the calls run in this process, with no time limit.

Report kinds: "returned" (out, after, printed), "raised" (type, text, where), "not attempted",
"too slow", "died" (status); and first of all {"kind": "name", "name": fn's name}.
"""
import io
import json
import os
import select
import signal
import sys
import time
import traceback
import warnings

import numpy as np

__all__ = ["run", "plain_array"]

BIG = 10_000       # a returned array larger than this comes back as its shape only
PRINTED = 4_000    # characters of what the function printed that are passed back


def _safe(f, fallback):
    try:
        return str(f())
    except BaseException:                      # noqa: B902 — the learner's __str__/__repr__ may raise anything
        return fallback


def _part(value):
    """One returned value as plain data: None, {"shape", "values"} or {"repr", "error"}."""
    if value is None:
        return None
    try:
        a = np.asarray(value)
        if a.dtype.kind not in "biuf":                 # bool, int, float: numbers; "0.5" is not
            raise TypeError
        a = a.astype(float)
        return {"shape": list(a.shape), "values": a.ravel().tolist() if a.size <= BIG else None}
    except BaseException as e:                         # noqa: B902 — __array__ / __len__ may raise anything
        error = "" if type(e) is TypeError else f"{type(e).__name__}: {_safe(lambda: e, '?')}"
        return {"repr": _safe(lambda: f"{value!r:.60}", f"a {type(value).__name__}"), "error": error[:200]}


def _plain(out, n_parts):
    """fn's return value as plain data: parts (a list), or {"count"/"type"} when not n_parts things."""
    if out is None:
        return None
    if n_parts == 1:
        return [_part(out)]
    if not isinstance(out, (tuple, list)):
        return {"type": type(out).__name__}
    try:
        n = len(out)
        items = [out[k] for k in range(n)] if n == n_parts else None
    except BaseException:                              # noqa: B902
        return {"type": type(out).__name__}
    return [_part(x) for x in items] if items is not None else {"count": n}


def _where(e, fn):
    """(line number, function, source line) of the deepest frame in fn's file, or None."""
    code = getattr(fn, "__code__", None)
    frames = [f for f in traceback.extract_tb(e.__traceback__) if code and f.filename == code.co_filename]
    return [frames[-1].lineno, frames[-1].name, frames[-1].line or ""] if frames else None


def _call(fn, args, n_parts):
    """fn(*args) as a report; what it prints is captured, warnings and float errors silenced."""
    saved, (sys.stdout, sys.stderr) = (sys.stdout, sys.stderr), (printed := io.StringIO(),) * 2
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            out = fn(*args)
            report = {"kind": "returned", "out": _plain(out, n_parts),
                      "after": [plain_of(a) for a in args]}
    except NotImplementedError:
        report = {"kind": "not attempted"}
    except BaseException as e:                         # noqa: B902 — SystemExit, KeyboardInterrupt too
        report = {"kind": "raised", "type": _safe(lambda: type(e).__name__, "an exception"),
                  "text": _safe(lambda: e, "(its message cannot be shown: its __str__ raised)")[:300],
                  "where": _safe_where(e, fn)}
    finally:
        sys.stdout, sys.stderr = saved
    report["printed"] = printed.getvalue()[:PRINTED]
    return report


def _safe_where(e, fn):
    try:
        return _where(e, fn)
    except BaseException:                              # noqa: B902
        return None


def plain_of(a):
    """An argument after the call, as plain data (arrays as {"shape", "values"}), else None."""
    return {"shape": list(a.shape), "values": a.ravel().tolist()} if isinstance(a, np.ndarray) else None


def plain_array(p, limit=BIG):
    """{"shape", "values"} back to a float array, or None when it is not exactly that."""
    if not (isinstance(p, dict) and isinstance(p.get("shape"), list) and isinstance(p.get("values"), list)
            and all(type(n) is int and 0 <= n <= limit for n in p["shape"])):
        return None
    values = p["values"]
    if len(values) != int(np.prod(p["shape"])) or not all(type(x) in (float, int) for x in values):
        return None
    return np.array(values, dtype=float).reshape(p["shape"])


def _reports(fn, calls, n_parts):
    """The child's work: the name, then a report per call, stopping after the first problem."""
    yield {"kind": "name", "name": _safe(lambda: getattr(fn, "__name__", ""), "")}
    for args in calls:
        report = _call(fn, args, n_parts)
        yield report
        if report["kind"] != "returned":
            return


def _child(fn, calls, n_parts, fd):
    """In the forked child: write the reports as JSON lines to fd, then end without cleanup."""
    try:
        os.setpgid(0, 0)                               # its own group, so that the parent can end all of it
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)   # an interrupt is the parent's to handle
        except ValueError:                             # not the main thread of the child
            pass
        for report in _reports(fn, calls, n_parts):
            data = (json.dumps(report) + "\n").encode()
            while data:
                data = data[os.write(fd, data):]
    finally:
        os._exit(0)                                    # no atexit, no flushing the parent's buffers twice


def _line(fd, buf, deadline):
    """(next line or None on timeout or b"" at end of file, rest of buf)."""
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None, buf
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"", buf
        buf += chunk
    line, _, rest = buf.partition(b"\n")
    return line, rest


def _end(pid):
    """Kill the child (and any process it started in its group), and reap it: its exit status,
    or None when it was reaped already."""
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except (ProcessLookupError, PermissionError):
            pass
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def run(fn, calls, n_parts, time_limit):
    """Yield the name report, then one report per call (see the module's docstring)."""
    if not hasattr(os, "fork"):
        yield from (json.loads(json.dumps(r)) for r in _reports(fn, calls, n_parts))
        return
    r, w = os.pipe()
    with warnings.catch_warnings():                    # 3.12+: "fork() in a multi-threaded process"
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        os.close(r)
        _child(fn, calls, n_parts, w)
    os.close(w)
    try:
        os.setpgid(pid, pid)
    except OSError:                                    # the child did it first, or has already ended
        pass
    buf = b""
    try:
        for _ in range(len(calls) + 1):
            line, buf = _line(r, buf, time.monotonic() + time_limit)
            if line is None:
                yield {"kind": "too slow"}
                return
            if line == b"":
                status = _status(_end(pid))
                yield {"kind": "died", "status": status}
                return
            try:
                report = json.loads(line)
            except ValueError:
                report = {"kind": "unreadable"}
            yield report if isinstance(report, dict) else {"kind": "unreadable"}
    finally:
        os.close(r)
        _end(pid)


def _status(status):
    """The child's exit status in words: "exit status 1", "signal 9 (SIGKILL)"."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        return f"signal {sig} ({signal.Signals(sig).name})" if sig in signal.Signals._value2member_map_ \
            else f"signal {sig}"
    return f"exit status {os.WEXITSTATUS(status)}"
