import logging
import time

from django.core.management.base import BaseCommand, CommandError

from demo.builder import build
from demo.guard import demo_refusal, demo_world_mark


class Command(BaseCommand):
    help = (
        "建立演示数据：总库、三辆零售车、手工艺人、商品、图片、账户与库存（在演示数据库上可重复运行；"
        "已有其他数据的数据库或生产环境的设置需加 --force）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="也在已有其他数据的数据库上、或在生产环境的设置下建立（会加入公开的登录账户）。",
        )

    def handle(self, *args, force=False, **options):
        refusal = None if force else demo_refusal()
        if refusal:
            raise CommandError(refusal)
        demo_world_mark()  # first: a run that stops half-way is recognised and completed next time
        # Thumbnails are made in-process here; one log line per image would bury the progress lines.
        logging.getLogger("celery").setLevel(logging.WARNING)
        logging.getLogger("kombu").setLevel(logging.ERROR)
        started = time.monotonic()
        made = build(write=self.stdout.write)
        seconds = time.monotonic() - started
        if made:
            self.stdout.write(self.style.SUCCESS(f"演示数据已建好（{seconds:.1f} 秒）。"))
        else:
            self.stdout.write(self.style.SUCCESS("演示数据已存在，没有做任何改动。"))
