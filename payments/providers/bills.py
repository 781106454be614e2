"""The wallets' daily bills read into BillLines: WeChat Pay's trade bill (CSV, every field prefixed
with a backtick, a summary after the lines) and Alipay's business detail (a zip of GBK CSVs, the
detail file's lines between comment lines starting with "#").

Amounts are read exactly from yuan to fen; a fee billed to the hundredth of a fen (WeChat Pay's five
decimals) is rounded half up, as WeChat Pay settles it.
"""

import csv
import datetime
import io
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from payments.errors import PaymentProviderError
from payments.providers.base import BillLine

CHINA = ZoneInfo("Asia/Shanghai")  # both wallets bill in Beijing time


def bill_unreadable(reason: str) -> PaymentProviderError:
    return PaymentProviderError(params={"provider_message": f"bill: {reason}"[:200]})


def fen_of(amount: str) -> int:
    """'524.00' -> 52400, '-3.14400' -> -314 (half up); a bill we cannot read is an error, never 0."""
    try:
        value = Decimal(amount.strip().lstrip("`").strip() or "0") * 100
    except InvalidOperation as error:
        raise bill_unreadable(f"amount {amount!r}") from error
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def beijing_time(text: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=CHINA)
    except ValueError:
        return None


def wechat_trade_bill_lines(text: str) -> list[BillLine]:
    """WeChat Pay's trade bill (bill_type ALL): its payment rows (交易状态 SUCCESS) and refund rows
    (REFUND); the summary (from 总交易单数 on) is left out."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or "商户订单号" not in rows[0]:
        raise bill_unreadable("no header")
    header = [name.strip() for name in rows[0]]
    lines = []
    for raw in rows[1:]:
        if raw and raw[0].strip().startswith("总交易单数"):
            break
        if not raw:
            continue
        row = dict(zip(header, (value.strip().lstrip("`") for value in raw), strict=False))
        status = row.get("交易状态", "")
        fee = fen_of(row["手续费"]) if row.get("手续费") else None
        common = {
            "provider_reference": row["商户订单号"],
            "fee_fen": fee,
            "at": beijing_time(row["交易时间"]),
        }
        if status == "SUCCESS":
            lines.append(BillLine(is_refund=False, amount_fen=fen_of(row["应结订单金额"]), **common))
        elif status == "REFUND":
            lines.append(
                BillLine(
                    is_refund=True,
                    amount_fen=fen_of(row["退款金额"]),
                    refund_reference=row.get("微信退款单号", ""),  # our Refund's provider_refund_id
                    **common,
                )
            )
    return lines


def alipay_trade_bill_lines(zipped: bytes) -> list[BillLine]:
    """Alipay's trade bill (bill_type trade): the zip's 业务明细 file (not its 汇总), GBK; 业务类型 交易
    is a payment, 退款 a refund (商家实收 negative). 服务费 is the fee, negative when charged."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(zipped))
        name = next(n for n in archive.namelist() if n.endswith("业务明细.csv"))
        text = archive.read(name).decode("gbk")
    except (zipfile.BadZipFile, StopIteration, UnicodeDecodeError, KeyError) as error:
        raise bill_unreadable("not Alipay's zipped detail") from error
    rows = [row for row in csv.reader(io.StringIO(text)) if row and not row[0].startswith("#")]
    if not rows or "商户订单号" not in [name.strip() for name in rows[0]]:
        raise bill_unreadable("no header")
    header = [name.strip() for name in rows[0]]
    lines = []
    for raw in rows[1:]:
        row = dict(zip(header, (value.strip() for value in raw), strict=False))
        kind = row.get("业务类型", "")
        fee = -fen_of(row["服务费（元）"]) if row.get("服务费（元）") else None
        common = {
            "provider_reference": row["商户订单号"],
            "fee_fen": fee,
            "at": beijing_time(row["完成时间"]),
        }
        if kind == "交易":
            lines.append(BillLine(is_refund=False, amount_fen=fen_of(row["订单金额（元）"]), **common))
        elif kind == "退款":
            lines.append(
                BillLine(
                    is_refund=True,
                    amount_fen=-fen_of(row["商家实收（元）"]),
                    # as payments.providers.alipay names a refund: trade number and request number
                    refund_reference=f"{row.get('支付宝交易号', '')}:{row.get('退款批次号/请求号', '')}"[:64],
                    **common,
                )
            )
    return lines
