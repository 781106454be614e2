"""`GONGFANG_TEST_CLOCK=... make test` (scripts/test.sh) preloads libfaketime into the suite and every
process it starts, so the tests and the servers they start share one clock at another date. Tools
that are not Python crash or hang under it (ruff panics, Playwright's driver exits, redis-cli hangs);
they are started without it and keep the machine's own clock, as a tablet's browser keeps its own."""

import contextlib
import os

PRELOAD = "LD_PRELOAD"


def environ_without_faketime() -> dict[str, str]:
    """This process's environment for a child that must not load libfaketime."""
    return {name: value for name, value in os.environ.items() if name != PRELOAD}


@contextlib.contextmanager
def children_without_faketime():
    """Children started in the block (by a library that reads os.environ itself) load no libfaketime;
    this process keeps the one it loaded at its start."""
    preload = os.environ.pop(PRELOAD, None)
    try:
        yield
    finally:
        if preload is not None:
            os.environ[PRELOAD] = preload
