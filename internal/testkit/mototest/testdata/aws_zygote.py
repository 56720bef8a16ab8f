"""A warm aws CLI for tests: one Python process imports awscli once and forks
a fresh child for every `aws` call, so a script of a few hundred calls pays
Python's start-up and awscli's imports once instead of per call.

Usage: python3 aws_zygote.py SOCKET. It binds the Unix socket, prints "ready"
on stdout (the caller waits for that line), then serves forever. The client
(aws_client.py, installed as `aws`) sends its own stdin/stdout/stderr file
descriptors with its argv, environment and working directory; the forked
child puts them on 0/1/2, takes the environment and directory, runs the real
awscli.clidriver.main() exactly as the `aws` entry point does, and sends the
exit code back. Each call runs in its own process with a fresh CLI driver, so
no state (region, credentials, parsed arguments) leaks from one call to the
next.
"""
import ctypes
import json
import os
import signal
import socket
import struct
import sys

# The zygote's own environment must not leak into calls: importing awscli
# appends its data directory to AWS_DATA_PATH, so import it from a clean one.
os.environ.pop("AWS_DATA_PATH", None)
import awscli.clidriver  # noqa: E402  the import this process exists to pay once

AWSCLI_DATA = os.environ["AWS_DATA_PATH"]

import botocore.loaders  # noqa: E402
import botocore.session  # noqa: E402

# Every call builds a new botocore session, whose data loader parses the same
# JSON models (megabytes for ec2) again. One loader per search path, created
# and warmed here, is inherited by every forked child: each child's copy is
# private (copy-on-write), so whatever a call does to it stays in that call.
_loaders = {}


def _shared_loader(search_path_string=None):
    if search_path_string not in _loaders:
        _loaders[search_path_string] = botocore.loaders.create_loader(search_path_string)
    return _loaders[search_path_string]


botocore.session.create_loader = _shared_loader

# The services ecspack's collect script and its tests call.
WARM = ("sts", "iam", "ec2", "ecs", "elbv2", "autoscaling", "application-autoscaling", "ecr", "efs",
        "cloudtrail", "cloudwatch", "logs", "servicediscovery", "guardduty")


def _warm():
    loader = _shared_loader(AWSCLI_DATA)
    loader.list_available_services("service-2")
    for name in ("endpoints", "partitions", "sdk-default-configuration", "_retry"):
        try:
            loader.load_data(name)
        except Exception:  # noqa: BLE001  a warm-up, not a requirement
            pass
    for svc in WARM:
        for kind in ("service-2", "paginators-1", "endpoint-rule-set-1", "waiters-2"):
            try:
                loader.load_service_model(svc, kind)
            except Exception:  # noqa: BLE001
                pass

PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """Children die with the zygote (Linux), so a killed test leaves none."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _read_exact(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise EOFError("client went away")
        buf += chunk
    return buf


def _serve_one(conn):
    """Runs in the forked child: one aws call, then the exit code back."""
    _die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    msg, fds, _, _ = socket.recv_fds(conn, 4, 3)
    if len(fds) != 3 or len(msg) != 4:
        os._exit(254)
    (size,) = struct.unpack("!I", msg)
    req = json.loads(_read_exact(conn, size))
    for i, fd in enumerate(fds):
        os.dup2(fd, i)
        os.close(fd)
    sys.stdin = open(0, "r", closefd=False)
    sys.stdout = open(1, "w", closefd=False)
    sys.stderr = open(2, "w", closefd=False, errors="backslashreplace")
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    # What importing awscli and its entry point do to the environment, redone
    # for this caller's: awscli's data directory after any AWS_DATA_PATH.
    paths = [os.path.expanduser(os.path.expandvars(p)) for p in os.environ["AWS_DATA_PATH"].split(os.pathsep)] if "AWS_DATA_PATH" in os.environ else []
    os.environ["AWS_DATA_PATH"] = os.pathsep.join(paths + [AWSCLI_DATA])
    if os.environ.get("LC_CTYPE", "") == "UTF-8":
        os.environ["LC_CTYPE"] = "en_US.UTF-8"
    sys.argv = ["aws"] + req["argv"]
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        rc = awscli.clidriver.main()
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException as e:  # what the interpreter would print and exit 1 for
        sys.stderr.write("aws (zygote child): %r\n" % (e,))
        rc = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:
        pass
    conn.sendall(struct.pack("!i", rc if isinstance(rc, int) else 1))
    os._exit(0)


def main(path):
    _warm()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # reap children automatically
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(64)
    print("ready", flush=True)
    while True:
        conn, _ = srv.accept()
        if os.fork() == 0:
            srv.close()
            try:
                _serve_one(conn)
            finally:
                os._exit(254)
        conn.close()


if __name__ == "__main__":
    _die_with_parent()
    main(sys.argv[1])
