#!/usr/bin/env bash
# Installs everything the tests run besides Go (what `make deps` does):
#  - Debian packages: poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm),
#    qpdf, LibreOffice Calc (XLSX round trip), Graphviz (native dot, compared
#    with go-graphviz) and librsvg2-bin (SVG rendering), with apt-get;
#  - from the Python package index, pinned: moto[server] (the AWS emulator the
#    discovery tests run) and the aws CLI v1 (the collect script's tests), with
#    `python3 -m pip` into the python3 on PATH.
# Only what is missing, or at another version, is installed: on a machine that
# has it all this touches nothing. apt-get waits for the package locks another
# apt or dpkg holds (up to DEPS_LOCK_TIMEOUT seconds, 600 by default) instead
# of giving up at once.
#
# Without root (apt) or pip, it says what is missing and exits 0: the tests
# that need it skip. Under CI=true the same situation exits 1, and those tests
# fail rather than skip, so CI cannot pass by skipping.
set -euo pipefail

MOTO_VERSION=5.2.1
AWSCLI_VERSION=1.45.11
LOCK_TIMEOUT=${DEPS_LOCK_TIMEOUT:-600}

say() { echo "install-test-deps: $*" >&2; }
give_up() {
  say "$*"
  if [ "${CI:-}" = true ]; then
    say "CI=true: the tests need it; failing"
    exit 1
  fi
  say "the tests that need it will skip (they fail under CI=true)"
}

# --- Debian packages -------------------------------------------------------
missing=()
command -v pdftotext    >/dev/null || missing+=(poppler-utils)
command -v qpdf         >/dev/null || missing+=(qpdf)
command -v soffice      >/dev/null || missing+=(libreoffice-calc)
command -v dot          >/dev/null || missing+=(graphviz)
command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
command -v python3      >/dev/null || missing+=(python3 python3-pip)

# apt-get update takes /var/lib/apt/lists/lock, which DPkg::Lock::Timeout does
# not cover (apt 2.6): retry while another process holds it.
apt_update() {
  local waited=0 out
  while ! out=$(apt-get update -qq 2>&1); do
    if ! grep -q 'Could not get lock' <<<"$out" || [ "$waited" -ge "$LOCK_TIMEOUT" ]; then
      echo "$out" >&2
      return 1
    fi
    [ "$waited" -gt 0 ] || say "waiting for the apt lists lock: $(grep -m1 'Could not get lock' <<<"$out")"
    sleep 5
    waited=$((waited + 5))
  done
}

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    give_up "missing ${missing[*]}; install them (e.g. sudo apt-get install ${missing[*]})"
  else
    say "installing ${missing[*]} (waiting up to ${LOCK_TIMEOUT}s for the package locks)"
    export DEBIAN_FRONTEND=noninteractive
    apt_update
    # DPkg::Lock::Timeout waits for /var/lib/dpkg/lock-frontend and lock.
    apt-get -o DPkg::Lock::Timeout="$LOCK_TIMEOUT" install -y -qq "${missing[@]}" >/dev/null
  fi
fi

# --- Python: moto[server] and the aws CLI, pinned -----------------------------
command -v python3 >/dev/null || { give_up "python3 is not on PATH: moto and the aws CLI cannot be installed"; exit 0; }
# version DIST: the installed version of a Python distribution, or nothing.
version() { python3 -c 'import sys, importlib.metadata as m
try: print(m.version(sys.argv[1]))
except m.PackageNotFoundError: pass' "$1"; }
want=()
# moto's server extra (flask, flask-cors, ...) is what moto_server imports.
if [ "$(version moto)" != "$MOTO_VERSION" ] || ! python3 -c 'import moto.server' 2>/dev/null || ! command -v moto_server >/dev/null; then
  want+=("moto[server]==$MOTO_VERSION")
fi
if [ "$(version awscli)" != "$AWSCLI_VERSION" ] || ! command -v aws >/dev/null; then
  want+=("awscli==$AWSCLI_VERSION")
fi
if [ ${#want[@]} -gt 0 ]; then
  if ! python3 -m pip --version >/dev/null 2>&1; then
    give_up "missing ${want[*]} and python3 has no pip"
    exit 0
  fi
  user=()
  [ "$(id -u)" -eq 0 ] || user=(--user)
  # A clean CI container's Debian python3 is "externally managed" (PEP 668);
  # CI is disposable, so install into it there. A user is told instead.
  [ "${CI:-}" != true ] || export PIP_BREAK_SYSTEM_PACKAGES=1
  say "installing ${want[*]} with python3 -m pip ${user[*]}"
  if ! python3 -m pip install -q --disable-pip-version-check "${user[@]}" "${want[@]}"; then
    give_up "pip could not install ${want[*]}"
    exit 0
  fi
  # pyenv puts new console scripts (moto_server, aws) on PATH only after a rehash.
  if command -v pyenv >/dev/null; then pyenv rehash || true; fi
  command -v moto_server >/dev/null && command -v aws >/dev/null ||
    give_up "moto_server or aws is still not on PATH after pip install (add python3's scripts directory to PATH)"
fi
