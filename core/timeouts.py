"""Every SQL statement a web request runs on PostgreSQL is stopped after DATABASE_STATEMENT_TIMEOUT_MS
(docs/limits.md): no request holds a worker and a database connection for longer.

The timeout is set once on each connection a web process opens (Django's connection_created, the
documented hook for a new connection's own settings), so it costs no round trip per request. Only
web processes set it: config.limits' middleware asks for it when the request handler is built, so
Celery workers and commands (migrations, a payout run over the whole ledger) keep PostgreSQL's own
setting.
"""

from django.conf import settings
from django.db import OperationalError
from django.db.backends.signals import connection_created
from psycopg import errors


def bound_statements_of_web_requests() -> None:
    """From now on, this process's new PostgreSQL connections have the statement timeout."""
    connection_created.connect(_set_statement_timeout, dispatch_uid="gongfang-statement-timeout")


def _set_statement_timeout(sender, connection, **kwargs) -> None:
    milliseconds = settings.DATABASE_STATEMENT_TIMEOUT_MS
    if connection.vendor != "postgresql" or milliseconds <= 0:
        return
    with connection.cursor() as cursor:
        # set_config, not SET: SET takes no bound parameters (DATABASE_SERVER_SIDE_BINDING).
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}ms"])


def is_statement_timeout(error) -> bool:
    """Whether error is a statement PostgreSQL stopped (the timeout, or a cancel)."""
    return isinstance(error, OperationalError) and isinstance(error.__cause__, errors.QueryCanceled)
