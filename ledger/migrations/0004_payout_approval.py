"""Payouts that wait for a second staff member: approval states on runs and payouts, the approval
record, and payee-detail fingerprints with their change history.

Rows made before this migration are judged by the same rules once: a run whose payouts are still
pending waits for approval when its total is above the threshold, and a pending bank or Stripe
payout waits when its details differ from her last paid payout's (or she was never paid).
The fingerprint is copied here, not imported: a migration must not follow live code that may change.
"""

import hashlib
import re

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Sum


def _squeeze(text):
    return re.sub(r"[\s\-]+", "", text or "").casefold()


def _fingerprint(method, payee_name, bank_name, account_number, stripe_account_id):
    if method == "bank":
        parts = (method, _squeeze(payee_name), _squeeze(bank_name), _squeeze(account_number))
    elif method == "stripe":
        parts = (method, _squeeze(stripe_account_id))
    else:
        return ""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def judge_existing(apps, schema_editor):
    PayoutProfile = apps.get_model("ledger", "PayoutProfile")
    PayoutRun = apps.get_model("ledger", "PayoutRun")
    Payout = apps.get_model("ledger", "Payout")
    threshold = int(getattr(settings, "LEDGER_PAYOUT_APPROVAL_THRESHOLD_FEN", 5_000_000))

    for profile in PayoutProfile.objects.select_related("artisan"):
        payee = (profile.account_name or profile.artisan.name_zh) if profile.method == "bank" else ""
        profile.details_fingerprint = _fingerprint(
            profile.method, payee, profile.bank_name, profile.account_number, profile.stripe_account_id
        )
        profile.save(update_fields=["details_fingerprint"])

    payouts = list(Payout.objects.order_by("paid_at", "pk"))
    for payout in payouts:
        payout.payee_fingerprint = _fingerprint(
            payout.method, payout.payee_name, payout.bank_name, payout.account_number,
            payout.stripe_account_id,
        )
    Payout.objects.bulk_update(payouts, ["payee_fingerprint"])

    totals = dict(Payout.objects.values_list("run_id").annotate(total=Sum("amount_fen")).order_by())
    over_threshold = set()
    for run in PayoutRun.objects.all():
        run.total_fen = totals.get(run.pk) or 0
        run.approval_threshold_fen = threshold
        run.save(update_fields=["total_fen", "approval_threshold_fen"])
        if run.total_fen > threshold:
            over_threshold.add(run.pk)

    last_paid = {}
    for payout in payouts:  # ordered by paid_at: the last one paid wins
        if payout.status == "paid":
            last_paid[payout.artisan_id] = payout.payee_fingerprint
    held = []
    for payout in payouts:
        if payout.status != "pending":
            continue
        payout.new_payee = payout.method in ("bank", "stripe") and (
            last_paid.get(payout.artisan_id) != payout.payee_fingerprint
        )
        if payout.new_payee or payout.run_id in over_threshold:
            payout.approval_status = "awaiting_approval"
            held.append(payout)
    Payout.objects.bulk_update(held, ["new_payee", "approval_status"])
    awaiting_runs = {payout.run_id for payout in held}
    PayoutRun.objects.filter(pk__in=awaiting_runs).update(approval_status="awaiting_approval")


class Migration(migrations.Migration):

    dependencies = [
        ('artisans', '0003_portal_login'),
        ('ledger', '0003_payout_schedule'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PayoutProfileChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changed_at', models.DateTimeField(verbose_name='更改时间')),
                ('method', models.CharField(choices=[('bank', '银行转账'), ('cash', '现金'), ('stripe', 'Stripe Connect 转账')], max_length=10, verbose_name='付款方式')),
                ('fingerprint', models.CharField(blank=True, max_length=64, verbose_name='收款账户指纹')),
                ('summary', models.CharField(blank=True, max_length=200, verbose_name='收款账户')),
            ],
            options={
                'verbose_name': '收款信息更改记录',
                'verbose_name_plural': '收款信息更改记录',
                'ordering': ['-changed_at', '-pk'],
            },
        ),
        migrations.AlterModelOptions(
            name='payoutrun',
            options={'ordering': ['-run_date'], 'permissions': [('approve_payoutrun', '可以审批付款批次（第二人复核）')], 'verbose_name': '付款批次', 'verbose_name_plural': '付款批次'},
        ),
        migrations.AddField(
            model_name='payout',
            name='approval_status',
            field=models.CharField(choices=[('not_required', '无需审批'), ('awaiting_approval', '待审批'), ('approved', '已审批')], default='not_required', max_length=20, verbose_name='审批状态'),
        ),
        migrations.AddField(
            model_name='payout',
            name='new_payee',
            field=models.BooleanField(default=False, verbose_name='新的收款账户'),
        ),
        migrations.AddField(
            model_name='payout',
            name='payee_fingerprint',
            field=models.CharField(blank=True, max_length=64, verbose_name='收款账户指纹'),
        ),
        migrations.AddField(
            model_name='payoutprofile',
            name='details_changed_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='收款账户更改时间'),
        ),
        migrations.AddField(
            model_name='payoutprofile',
            name='details_changed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='收款账户更改人'),
        ),
        migrations.AddField(
            model_name='payoutprofile',
            name='details_fingerprint',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='收款账户指纹'),
        ),
        migrations.AddField(
            model_name='payoutrun',
            name='approval_status',
            field=models.CharField(choices=[('not_required', '无需审批'), ('awaiting_approval', '待审批'), ('approved', '已审批')], default='not_required', max_length=20, verbose_name='审批状态'),
        ),
        migrations.AddField(
            model_name='payoutrun',
            name='approval_threshold_fen',
            field=models.PositiveBigIntegerField(default=5000000, verbose_name='审批限额（分）'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='payoutrun',
            name='total_fen',
            field=models.PositiveBigIntegerField(default=0, verbose_name='总额（分）'),
        ),
        migrations.CreateModel(
            name='PayoutApproval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('approved_at', models.DateTimeField(verbose_name='审批时间')),
                ('total_fen', models.PositiveBigIntegerField(verbose_name='放行金额（分）')),
                ('payout_count', models.PositiveIntegerField(verbose_name='放行笔数')),
                ('approved_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审批人')),
                ('run', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='approval', to='ledger.payoutrun', verbose_name='付款批次')),
            ],
            options={
                'verbose_name': '付款审批记录',
                'verbose_name_plural': '付款审批记录',
                'ordering': ['-approved_at'],
            },
        ),
        migrations.AddField(
            model_name='payout',
            name='approval',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='payouts', to='ledger.payoutapproval', verbose_name='审批记录'),
        ),
        migrations.AddConstraint(
            model_name='payout',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('approval__isnull', False), ('approval_status', 'approved')), models.Q(models.Q(('approval_status', 'approved'), _negated=True), ('approval__isnull', True)), _connector='OR'), name='payout_approved_has_its_approval'),
        ),
        migrations.AddConstraint(
            model_name='payout',
            constraint=models.CheckConstraint(condition=models.Q(('approval_status', 'awaiting_approval'), ('status', 'paid'), _negated=True), name='payout_paid_only_once_cleared'),
        ),
        migrations.AddField(
            model_name='payoutprofilechange',
            name='changed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='更改人'),
        ),
        migrations.AddField(
            model_name='payoutprofilechange',
            name='profile',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='ledger.payoutprofile', verbose_name='收款信息'),
        ),
        migrations.RunPython(judge_existing, migrations.RunPython.noop),
    ]
