"""The Alipay fake's daily trade bill (bill_type trade), from the fake's own state.

As Alipay's: a zip holding two GBK CSV files named <pid>_<yyyymmdd>_业务明细.csv and
..._业务明细(汇总).csv. The detail has "#" comment lines before and after its table, a header, one
row per payment completed that day (业务类型 交易) and per refund made that day (退款: 商家实收
negative), fields padded with tabs as Alipay pads them; 服务费 is negative when charged and
positive when returned with a refund.
"""

import datetime
import io
import zipfile
from decimal import ROUND_HALF_UP, Decimal

PID = "2088102177846880"
HEADER = (
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,"
    "对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,"
    "券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注"
)


def money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def trade_bill_zip(fake, day: datetime.date) -> bytes | None:
    rate = Decimal(fake.fee_bp) / 10_000
    rows = []
    for trade in fake.trades.values():
        if not trade.gmt_payment:
            continue
        total = Decimal(trade.total_amount)
        common = [trade.trade_no, trade.out_trade_no]
        if trade.gmt_payment.startswith(day.isoformat()):
            rows.append((trade.gmt_payment, [
                *common, "交易", trade.subject, trade.gmt_payment, trade.gmt_payment, "", "", "", "",
                "tou***@example.cn", money(total), money(total), "0.00", "0.00", "0.00", "0.00", "0.00", "",
                "0.00", "0.00", "", money(-total * rate), "0.00", "",
            ]))  # fmt: skip
        for refund in trade.refunds:
            if not refund["gmt_refund"].startswith(day.isoformat()):
                continue
            amount = Decimal(refund["refund_amount"])
            rows.append((refund["gmt_refund"], [
                *common, "退款", trade.subject, trade.gmt_payment, refund["gmt_refund"], "", "", "", "",
                "tou***@example.cn", money(total), money(-amount), "0.00", "0.00", "0.00", "0.00", "0.00", "",
                "0.00", "0.00", refund["out_request_no"], money(amount * rate), "0.00", "",
            ]))  # fmt: skip
    if not rows:
        return None
    rows.sort(key=lambda row: row[0])
    payments = sum(1 for _at, row in rows if row[2] == "交易")
    start = f"{day:%Y年%m月%d日} 00:00:00"
    end = f"{day + datetime.timedelta(days=1):%Y年%m月%d日} 00:00:00"
    detail = [
        "#支付宝业务明细查询",
        f"#账号：[{PID}0156]",
        f"#起始日期：[{start}]   终止日期：[{end}]",
        "#-----------------------------------------业务明细列表----------------------------------------",
        HEADER,
        *(",".join(f"{field}\t" for field in row) for _at, row in rows),
        "#-----------------------------------------业务明细列表结束------------------------------------",
        f"#交易合计：{payments}笔，退款合计：{len(rows) - payments}笔",
        f"#导出时间：[{datetime.datetime.now():%Y年%m月%d日 %H:%M:%S}]",
    ]
    summary = [
        "#支付宝业务汇总查询",
        "门店编号,门店名称,交易订单总笔数,退款订单总笔数",
        f"合计,,{payments},{len(rows) - payments}",
    ]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bill:
        bill.writestr(f"{PID}_{day:%Y%m%d}_业务明细.csv", "\r\n".join(detail).encode("gbk"))
        bill.writestr(f"{PID}_{day:%Y%m%d}_业务明细(汇总).csv", "\r\n".join(summary).encode("gbk"))
    return archive.getvalue()
