"""`manage.py localstripe --port 8420`: localstripe on 127.0.0.1 for the demo (see docs/payments.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from payments.localstripe_server import serve, state_file_path


class Command(BaseCommand):
    help = "Serve localstripe (a fake Stripe) on 127.0.0.1 until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8420)
        parser.add_argument(
            "--state-file", default=None, help="default: localstripe.pickle in the temp folder"
        )
        parser.add_argument("--in-memory", action="store_true", help="keep no state file")
        parser.add_argument("--from-scratch", action="store_true", help="forget what an earlier run kept")
        parser.add_argument(
            "--webhook-url",
            action="append",
            default=[],
            help="send events to this URL, signed with STRIPE_WEBHOOK_SECRET (repeatable)",
        )

    def handle(self, *args, port, state_file, in_memory, from_scratch, webhook_url, **options):
        if webhook_url and not settings.STRIPE_WEBHOOK_SECRET:
            raise CommandError("--webhook-url needs STRIPE_WEBHOOK_SECRET to sign the events.")
        webhooks = tuple(
            (f"gongfang-{index}", url, settings.STRIPE_WEBHOOK_SECRET)
            for index, url in enumerate(webhook_url)
        )
        path = None if in_memory else (state_file or state_file_path())
        self.stdout.write(f"localstripe on http://127.0.0.1:{port} (state: {path or 'in memory'})")
        serve(port=port, state_file=path, from_scratch=from_scratch, webhooks=webhooks)
