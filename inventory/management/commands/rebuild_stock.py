from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from inventory.services import stock_rebuild


class Command(BaseCommand):
    help = "从库存流水重建库存数量（rebuild stock levels from movements）。"

    def handle(self, *args, **options):
        fixed = stock_rebuild()
        self.stdout.write(self.style.SUCCESS(_("已修正 %(count)d 行库存。") % {"count": fixed}))
