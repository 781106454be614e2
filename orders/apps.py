from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("订单")

    def ready(self):
        from orders.services import checkout_complete_for_payment
        from payments.handlers import payment_succeeded_handler_register

        # payments tells orders of a paid payment through this handler, never by importing orders.
        payment_succeeded_handler_register(checkout_complete_for_payment)
