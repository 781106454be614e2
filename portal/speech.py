"""What the "read it to me" button says: her balance and latest sales as sentences in Chinese, which
the phone's own speech synthesis reads aloud (no server, no recording). Amounts are said the way one
says them ("1260元5角"), not read out as "¥1,260.50"."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SPOKEN_SALES = 3


def spoken_fen(amount_fen: int) -> str:
    """12605 → "126元5分"; 126000 → "1260元"; 50 → "5角"; 0 → "0元"."""
    yuan, rest = divmod(abs(amount_fen), 100)
    jiao, fen = divmod(rest, 10)
    parts = [f"{yuan}元" if yuan or not rest else "", f"{jiao}角" if jiao else "", f"{fen}分" if fen else ""]
    return ("负" if amount_fen < 0 else "") + "".join(parts)


def balance_speech(*, balance) -> str:
    with translation.override("zh-hans"):
        sentences = [_("可以付给您的：%(amount)s。") % {"amount": spoken_fen(balance.available_fen)}]
        if balance.pending_fen:
            sentences.append(_("待结算：%(amount)s。") % {"amount": spoken_fen(balance.pending_fen)})
        if balance.held_fen:
            sentences.append(_("审核中：%(amount)s。") % {"amount": spoken_fen(balance.held_fen)})
        return "".join(sentences)


def sales_speech(*, sales) -> str:
    """Her latest sales (portal.selectors.Sale), newest first, at most SPOKEN_SALES of them."""
    with translation.override("zh-hans"):
        if not sales:
            return _("还没有销售。")
        sentences = [_("最近卖出：")]
        for sale in sales[:SPOKEN_SALES]:
            day = sale.sold_on
            line = sale.line
            said = _("%(month)s月%(day)s日，%(product)s，") % {
                "month": day.month,
                "day": day.day,
                "product": line.product_name_zh,
            }
            said += ngettext("%(n)s 件", "%(n)s 件", line.quantity) % {"n": line.quantity}
            if sale.share_fen is not None:
                said += _("，您得%(amount)s") % {"amount": spoken_fen(sale.share_fen)}
            sentences.append(said + "。")
        return "".join(sentences)
