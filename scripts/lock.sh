#!/usr/bin/env bash
# Writes the locks in requirements/ from pyproject.toml's ranges: every package pinned with the hashes
# of its files, for Python 3.11 on any platform. A pin that still fits its range is kept, so adding a
# dependency moves nothing else; extra arguments go to every `uv pip compile` (make lock
# ARGS="--upgrade-package weasyprint" moves one package, ARGS=--upgrade all of them).
#
#   dev.txt   the suite: the project, the dev extra and setuptools      (make test, CI)
#   demo.txt  the demo: the project, the demo extra and setuptools      (make demo)
#   base.txt  production: the project and setuptools                    (the Dockerfile)
#   build.txt setuptools alone, installed first: it builds what is published only as source
#             (localstripe, promise) and the project's editable install, so no build fetches an
#             unpinned one
#   uv.txt    uv itself, the installer
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/uv ] || scripts/install-python.sh dev

compile() {
  .venv/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "make lock" "$@"
}
# dev.txt first: it holds every package the others do, and they take its versions, so all agree.
compile pyproject.toml --extra dev --group pyproject.toml:build -o requirements/dev.txt "$@"
compile pyproject.toml --extra demo --group pyproject.toml:build -c requirements/dev.txt \
  -o requirements/demo.txt
compile pyproject.toml --group pyproject.toml:build -c requirements/dev.txt -o requirements/base.txt
compile --group pyproject.toml:build -c requirements/dev.txt -o requirements/build.txt
compile --group pyproject.toml:installer -o requirements/uv.txt "$@"
