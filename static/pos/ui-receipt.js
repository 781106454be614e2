// The receipt on screen and on paper, with a QR code to the e-receipt page drawn here (works offline).

import { config } from "./api.js";
import { h, openSheet, printNode } from "./dom.js";
import { dateTime, getLang, methodName, t } from "./i18n.js";
import { formatFen } from "./money.js";
import { refundPiecesText, refundsOf } from "./refunds.js";
import qrcode from "./vendor/qrcode-generator/qrcode.mjs";

export function receiptUrl(sale) {
  return new URL(`${config.receiptBase}${sale.clientUuid}/`, location.origin).href;
}

function qrImage(text) {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  return h("img", { class: "qr", src: qr.createDataURL(6, 2), alt: text, width: 180, height: 180, "data-testid": "receipt-qr" });
}

export function receiptNode(sale) {
  const en = getLang() === "en";
  const lineName = (line) => (en ? line.productNameEn || line.productNameZh : line.productNameZh || line.productNameEn);
  return h(
    "div",
    { class: `receipt${sale.practice ? " receipt-practice" : ""}`, "data-testid": "receipt", "data-uuid": sale.clientUuid },
    sale.practice ? h("p", { class: "practice-stamp" }, t("practiceReceipt")) : null,
    h("h2", {}, "行走的巾帼工坊"),
    h("p", { class: "receipt-cart" }, en ? sale.cartNameEn : sale.cartName),
    h("p", {}, `${t("receiptNo")} `, h("strong", { "data-testid": "receipt-number" }, sale.receiptNumber)),
    h("p", {}, `${t("time")} ${dateTime(sale.deviceTime)}`),
    h(
      "table",
      { class: "receipt-lines" },
      h(
        "tbody",
        {},
        sale.lines.map((line) => [
          h(
            "tr",
            {},
            h("td", {}, lineName(line), line.variantName ? ` · ${line.variantName}` : "", h("br"), `${line.quantity} × ${formatFen(line.unitPriceFen)}`),
            h("td", { class: "num" }, formatFen(line.unitPriceFen * line.quantity)),
          ),
          line.discountFen
            ? h("tr", { class: "receipt-discount" }, h("td", {}, `${t("discount")} · ${line.discountReason}`), h("td", { class: "num" }, `−${formatFen(line.discountFen)}`))
            : null,
        ]),
      ),
    ),
    h("p", { class: "receipt-total" }, h("span", {}, t("total")), h("strong", { "data-testid": "receipt-total" }, formatFen(sale.totalFen))),
    h("p", {}, `${t("method")} ${methodName(sale.payment.method)}`),
    sale.payment.method === "CASH" && sale.payment.tenderedFen !== null
      ? h("p", {}, `${t("cashGiven")} ${formatFen(sale.payment.tenderedFen)} · ${t("change")} `, h("strong", { "data-testid": "receipt-change" }, formatFen(sale.payment.changeFen)))
      : null,
    ...refundsOf(sale)
      .filter((refund) => refund.status !== "rejected")
      .map((refund) =>
        h(
          "p",
          { class: "receipt-refunded", "data-testid": "receipt-refund" },
          `${t("refundedPieces", { amount: formatFen(refund.amountFen) })} ${refundPiecesText(sale, refund)} · ${refund.reason}`,
        ),
      ),
    sale.practice ? null : h("div", { class: "receipt-qr" }, qrImage(receiptUrl(sale)), h("p", {}, t("scanForReceipt"))),
  );
}

export function showReceipt(sale, { onClose } = {}) {
  const node = receiptNode(sale);
  const sheet = openSheet(
    h(
      "div",
      {},
      node,
      sale.practice || sale.status !== "queued" ? null : h("p", { class: "hint" }, t("savedLocally")),
      h(
        "div",
        { class: "sheet-actions" },
        h("button", { class: "btn btn-big", onclick: () => printNode(node), "data-testid": "print-receipt" }, t("print")),
        h("button", { class: "btn btn-big btn-primary", onclick: () => sheet.close(), "data-testid": "next-sale", autofocus: true }, t("nextSale")),
      ),
    ),
    { className: "sheet-receipt", onClose },
  );
  return sheet;
}
