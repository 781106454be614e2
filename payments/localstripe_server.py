"""Serve localstripe (the stateful fake Stripe) on loopback, for the demo and the test suite.

localstripe's own `localstripe` command binds every interface and keeps its state in the fixed file
/tmp/localstripe.pickle, so two instances (two xdist workers, the demo next to the tests) would
share and clobber one state. Here it binds 127.0.0.1 only, and its state lives at a path of our
choosing: by default `localstripe.pickle` in the temp folder (`tempfile.gettempdir()`, which honours
TMPDIR), so an instance started with its own TMPDIR is private.

One route is added to localstripe's own: `GET /_config/health` answers once the server is up. (A
test's webhook is silenced by registering it again with an empty list of events, through
localstripe's own `POST /_config/webhooks/<name>`: tests/payments/localstripe.py.)

This module does not import Django: `python -m payments.localstripe_server --port 8420` works
without settings (the test fixture starts it that way); `manage.py localstripe` calls `serve`.
"""

import argparse
import functools
import os
import pickle
import tempfile


def state_file_path() -> str:
    return os.path.join(tempfile.gettempdir(), "localstripe.pickle")


@functools.cache
def _routes_added_key():
    from aiohttp import web

    return web.AppKey("gongfang_routes_added", bool)


def build_app(*, state_file: str | None, from_scratch: bool = False):
    """localstripe's aiohttp app, its store kept at state_file (None: in memory only)."""
    from aiohttp import web
    from localstripe import resources
    from localstripe.server import app

    store = resources.store
    store_class = type(store)

    def load(self):
        if state_file is None:
            return
        try:
            with open(state_file, "rb") as f:
                old = pickle.load(f)
        except FileNotFoundError:
            return
        self.clear()
        self.update(old)

    def dump(self):
        if state_file is None:
            return
        # Written aside and renamed, so a reader never sees half a file.
        partial = f"{state_file}.{os.getpid()}.tmp"
        with open(partial, "wb") as f:
            pickle.dump(dict(self), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, state_file)

    store_class.try_load_from_disk = load
    store_class.dump_to_disk = dump

    async def health(request):
        return web.json_response({"ok": True})

    routes_added = _routes_added_key()
    if not app.get(routes_added, False):
        app.router.add_get("/_config/health", health)
        app[routes_added] = True  # (aiohttp's documented per-app storage)

    if from_scratch:
        store.clear()
        dump(store)
    else:
        load(store)
    return app


def register_webhook(*, name: str, url: str, secret: str, events: list[str] | None = None) -> None:
    """Register a webhook in this process's localstripe (as POST /_config/webhooks/<name> would)."""
    from localstripe.webhooks import register_webhook as register

    register(name, url, secret, events)


def serve(
    *,
    port: int,
    host: str = "127.0.0.1",
    state_file: str | None = None,
    from_scratch: bool = False,
    webhooks: tuple[tuple[str, str, str], ...] = (),
) -> None:
    """Run until interrupted. webhooks: (name, url, secret) to register before serving."""
    import logging

    from aiohttp import web

    app = build_app(state_file=state_file, from_scratch=from_scratch)
    for name, url, secret in webhooks:
        register_webhook(name=name, url=url, secret=secret)
    logger = logging.getLogger("aiohttp.access")
    logger.setLevel(logging.INFO)
    if not logger.handlers:
        logger.addHandler(logging.StreamHandler())
    web.run_app(app, host=host, port=port, print=None, access_log=logger)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="localstripe on loopback")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--state-file", default=None, help="default: localstripe.pickle in the temp folder")
    parser.add_argument("--in-memory", action="store_true", help="keep no state file")
    parser.add_argument("--from-scratch", action="store_true", help="start with no objects")
    args = parser.parse_args(argv)
    state_file = None if args.in_memory else (args.state_file or state_file_path())
    serve(port=args.port, state_file=state_file, from_scratch=args.from_scratch)


if __name__ == "__main__":
    main()
