"""The WeChat Pay fake's daily trade bill (交易账单, bill_type ALL), from the fake's own state.

As WeChat Pay's: UTF-8 CSV, a header row, one row per payment that succeeded that day and one per
refund made that day (Asia/Shanghai), every field prefixed with a backtick (so that a spreadsheet
keeps the long numbers as text), then a summary header and row. Amounts in yuan with two decimals,
the fee with five (it is rounded to the fen when settled); a refund's fee is negative (returned).
"""

import datetime
from decimal import Decimal

HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
    "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
    "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
)
SUMMARY = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"


def yuan(fen: int | Decimal, places: int = 2) -> str:
    return f"{Decimal(fen) / 100:.{places}f}"


def row(fields) -> str:
    return ",".join(f"`{field}" for field in fields)


def trade_bill_csv(fake, day: datetime.date) -> bytes | None:
    """The day's bill, or None when nothing happened that day (WeChat Pay has no bill for it)."""
    rate = Decimal(fake.fee_bp) / 10_000
    rate_text = f"{Decimal(fake.fee_bp) / 100:.2f}%"
    lines, paid, refunded, fees, ordered = [], 0, 0, Decimal(0), 0
    for trade in fake.trades.values():
        if not trade.success_time:
            continue
        common = [fake.keys.appid if not trade.appid else trade.appid, trade.mchid, "0", "",
                  trade.transaction_id, trade.out_trade_no, trade.openid, trade.trade_type]  # fmt: skip
        paid_at = datetime.datetime.fromisoformat(trade.success_time)
        if paid_at.date() == day:
            fee = trade.total * rate
            lines.append((paid_at, row([
                paid_at.strftime("%Y-%m-%d %H:%M:%S"), *common, "SUCCESS", "OTHERS", "CNY",
                yuan(trade.total), "0.00", "0", "0", "0.00", "0.00", "", "", trade.description, "",
                yuan(fee, 5), rate_text, yuan(trade.total), "0.00", "",
            ])))  # fmt: skip
            paid, fees, ordered = paid + trade.total, fees + fee, ordered + trade.total
        for refund in trade.refunds:
            refunded_at = datetime.datetime.fromisoformat(refund["create_time"])
            if refunded_at.date() != day:
                continue
            amount = refund["amount"]["refund"]
            fee = -amount * rate
            lines.append((refunded_at, row([
                refunded_at.strftime("%Y-%m-%d %H:%M:%S"), *common, "REFUND", "OTHERS", "CNY",
                "0.00", "0.00", refund["refund_id"], refund["out_refund_no"], yuan(amount), "0.00",
                "ORIGINAL", "SUCCESS", trade.description, "", yuan(fee, 5), rate_text, yuan(trade.total),
                yuan(amount), "",
            ])))  # fmt: skip
            refunded, fees = refunded + amount, fees + fee
    if not lines:
        return None
    body = [HEADER, *(text for _at, text in sorted(lines, key=lambda line: line[0]))]
    body += [SUMMARY, row([len(lines), yuan(paid), yuan(refunded), "0.00", yuan(fees, 5), yuan(ordered),
                           yuan(refunded)])]  # fmt: skip
    return ("\r\n".join(body) + "\r\n").encode()
