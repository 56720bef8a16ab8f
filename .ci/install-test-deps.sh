#!/usr/bin/env bash
# Installs the independent readers the tests check outputs with: poppler-utils
# (pdftotext, pdfinfo, pdffonts, pdftoppm), qpdf, LibreOffice Calc (XLSX round
# trip) and Graphviz (native dot, to compare with go-graphviz). Only missing
# tools are installed, with apt-get, and only when running as root; otherwise
# it lists what is missing and the tests that need them skip (they fail under
# CI=true instead).
set -euo pipefail

missing=()
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v qpdf      >/dev/null || missing+=(qpdf)
command -v soffice   >/dev/null || missing+=(libreoffice-calc)
command -v dot       >/dev/null || missing+=(graphviz)
command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-test-deps: missing ${missing[*]}; install them (e.g. sudo apt-get install ${missing[*]}) — tests that need them will skip" >&2
  exit 0
fi
echo "install-test-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq "${missing[@]}" >/dev/null
