"""The two servers' locks: the token never in a process's arguments, a foreign Host refused.

- Token: any local user can read every process's arguments (ps, /proc/*/cmdline), only its
  owner its environment. `make lab` and `make app` pass the token in JUPYTER_TOKEN; these tests
  read the arguments of every process of each server's tree (make, the shell, the server, its
  kernels) and look for the token.
- Host (DNS rebinding): a page on evil.example whose name is made to resolve to 127.0.0.1 sends
  `Host: evil.example`; JupyterLab refuses it (ServerApp.allow_remote_access is False when bound
  to 127.0.0.1), Voilà by app/voila.json (tornado_settings allow_remote_access = false).
"""
import http.client
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

FOREIGN = ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "[::2]"]


def tree(pid):
    """pid and every process descended from it, read from /proc."""
    children = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:                      # gone meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def arguments(pids):
    out = {}
    for p in pids:
        try:
            out[p] = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            pass
    return out


def status(server, path, host):
    """The status of a GET sent with this Host header (http.client sends ours instead of its own)."""
    port = int(server.url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Host": host})
        return conn.getresponse().status
    finally:
        conn.close()


def assert_token_not_in_arguments(server):
    pids = tree(server.proc.pid)
    args = arguments(pids)
    assert any("ipykernel" in a for a in args.values()), args      # a kernel is in the tree too
    leaks = {p: a for p, a in args.items() if server.token in a}
    assert leaks == {}, f"the token is in these processes' arguments: {leaks}"
    # it went by the environment, which only the owner can read (/proc/<pid>/environ is 0400)
    told = [p for p in pids if Path(f"/proc/{p}/environ").exists()
            and f"JUPYTER_TOKEN={server.token}".encode() in Path(f"/proc/{p}/environ").read_bytes().split(b"\0")]
    assert told, "no process of the tree has the token in JUPYTER_TOKEN"


def test_lab_token_is_not_in_any_process_arguments(lab):
    kernel = lab.api("POST", "/api/kernels")             # its kernels are part of the tree
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("ipykernel" in a
                                                      for a in arguments(tree(lab.proc.pid)).values()):
            time.sleep(0.2)
        assert_token_not_in_arguments(lab)
    finally:
        lab.api("DELETE", f"/api/kernels/{kernel['id']}")


@pytest.mark.parametrize("host", FOREIGN)
def test_lab_refuses_a_foreign_host(lab, host):
    assert status(lab, f"/api/status?token={lab.token}", host) == 403
    assert status(lab, f"/lab?token={lab.token}", host) == 403


def test_lab_answers_its_own_host(lab):
    port = lab.url.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert status(lab, f"/api/status?token={lab.token}", host) == 200


def test_app_token_is_not_in_any_process_arguments(app):
    assert status(app, f"/?token={app.token}", f"127.0.0.1:{app.url.rsplit(':', 1)[1]}") == 200   # runs a kernel
    assert_token_not_in_arguments(app)


@pytest.mark.parametrize("host", FOREIGN)
def test_app_refuses_a_foreign_host(app, host):
    """Every page, API and kernel route answers 403 (Voilà's packaged JS/CSS, the same on every
    install, are plain static files and served to anyone who can reach the port)."""
    for path in ["/", f"/?token={app.token}", "/login", f"/api/kernels?token={app.token}",
                 f"/api/kernels/00000000-0000-4000-8000-000000000000/channels?token={app.token}"]:
        assert status(app, path, host) == 403, path


def test_app_answers_its_own_host_with_the_token_only(app):
    port = app.url.rsplit(":", 1)[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
        assert status(app, "/login", host) == 200
        assert status(app, "/api/kernels", host) in (302, 403)
