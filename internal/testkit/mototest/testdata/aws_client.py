# Installed as `aws` (with a "#!PYTHON -SE" line prepended) by
# mototest.AWSCLI: hands this process's stdin/stdout/stderr, argv, environment
# and working directory to the warm aws CLI (aws_zygote.py) listening on the
# socket named below, and exits with the code the real CLI returned there.
import json
import os
import socket
import struct
import sys

SOCKET = "@SOCKET@"

s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(SOCKET)
body = json.dumps({"argv": sys.argv[1:], "env": dict(os.environ), "cwd": os.getcwd()}).encode()
socket.send_fds(s, [struct.pack("!I", len(body))], [0, 1, 2])
s.sendall(body)
rc = b""
while len(rc) < 4:
    chunk = s.recv(4 - len(rc))
    if not chunk:
        sys.stderr.write("aws: the warm aws CLI ended without an exit code\n")
        sys.exit(255)
    rc += chunk
sys.exit(struct.unpack("!i", rc)[0])
