import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Payments through several providers: Stripe's intent id becomes the provider's reference (unique
    per provider), each payment names its provider (Stripe for every one made before) and the tourist's
    next step; the wallets' signed notifications are kept as received."""

    dependencies = [
        ("payments", "0002_payment_fee"),
    ]

    operations = [
        migrations.RenameField(model_name="payment", old_name="stripe_payment_intent_id", new_name="provider_reference"),
        migrations.AlterField(
            model_name="payment",
            name="provider_reference",
            field=models.CharField(max_length=64, verbose_name="渠道单号"),
        ),
        migrations.AddField(
            model_name="payment",
            name="provider",
            field=models.CharField(
                choices=[("stripe", "银行卡（Stripe）"), ("wechat_pay", "微信支付"), ("alipay", "支付宝")],
                default="stripe",
                max_length=20,
                verbose_name="支付渠道",
            ),
        ),
        migrations.AddField(
            model_name="payment",
            name="next_step",
            field=models.CharField(
                blank=True,
                choices=[
                    ("client_secret", "在本页填写银行卡"),
                    ("redirect", "跳转到支付页面"),
                    ("qr_code", "扫描二维码"),
                    ("jsapi", "在微信内支付"),
                ],
                max_length=20,
                verbose_name="下一步",
            ),
        ),
        migrations.AddField(
            model_name="payment",
            name="next_step_value",
            field=models.TextField(blank=True),
        ),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.UniqueConstraint(fields=("provider", "provider_reference"), name="payment_provider_reference"),
        ),
        migrations.RenameField(model_name="refund", old_name="stripe_refund_id", new_name="provider_refund_id"),
        migrations.AlterField(
            model_name="refund",
            name="provider_refund_id",
            field=models.CharField(max_length=64, unique=True, verbose_name="渠道退款单号"),
        ),
        migrations.CreateModel(
            name="PaymentNotification",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "provider",
                    models.CharField(
                        choices=[("stripe", "银行卡（Stripe）"), ("wechat_pay", "微信支付"), ("alipay", "支付宝")],
                        max_length=20,
                        verbose_name="支付渠道",
                    ),
                ),
                ("notification_id", models.CharField(max_length=100, verbose_name="通知编号")),
                ("payload", models.JSONField(verbose_name="内容")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="接收时间")),
                ("processed_at", models.DateTimeField(blank=True, null=True, verbose_name="处理时间")),
                (
                    "payment",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="notifications",
                        to="payments.payment",
                        verbose_name="支付",
                    ),
                ),
            ],
            options={
                "verbose_name": "支付通知",
                "verbose_name_plural": "支付通知",
                "ordering": ["-created", "-pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("provider", "notification_id"), name="payment_notification_once")
                ],
            },
        ),
    ]
