// This shift's sales (or practice sales): view a receipt again, refund a sale with a reason (queued
// like a sale; the sale itself is never deleted), and the records the server refused, with why.

import * as db from "./db.js";
import { h, openSheet, replace, toast } from "./dom.js";
import { hhmm, methodName, reasonText, t } from "./i18n.js";
import { formatFen } from "./money.js";
import { buildRefund } from "./sale.js";
import { state } from "./state.js";
import { refreshCounts, syncNow } from "./sync.js";
import { showReceipt } from "./ui-receipt.js";

export function salesScreen() {
  const rejectedEl = h("section", { class: "rejected", "data-testid": "rejected-list" });
  const listEl = h("ul", { class: "sales-list", "data-testid": "sales-list" });
  const container = h(
    "div",
    { class: "page" },
    rejectedEl,
    h("h1", {}, state.practice ? t("practiceSalesTitle") : t("salesTitle")),
    listEl,
  );
  load(listEl, rejectedEl);
  return container;
}

async function load(listEl, rejectedEl) {
  const rejected = await db.all("rejected");
  replace(
    rejectedEl,
    rejected.length
      ? [
          h("h2", {}, t("rejectedTitle")),
          h("p", { class: "hint" }, t("rejectedHelp")),
          h(
            "ul",
            {},
            rejected.map((item) =>
              h(
                "li",
                { class: "rejected-item", "data-testid": "rejected-item" },
                h("strong", {}, item.kind === "refund" ? t("refund") : item.input.receiptNumber),
                " · ",
                h("span", { class: "reason", "data-testid": "rejected-reason" }, reasonText(item.reason) || "—"),
              ),
            ),
          ),
        ]
      : [],
  );
  const shiftId = state.shift && state.shift.id;
  const sales = shiftId ? await db.byShift(state.practice ? "practice" : "sales", shiftId) : [];
  sales.sort((a, b) => (a.deviceTime < b.deviceTime ? 1 : -1));
  if (!sales.length) return replace(listEl, h("li", { class: "empty" }, t("noSales")));
  replace(listEl, sales.map((sale) => saleRow(sale, listEl, rejectedEl)));
}

function statusOf(sale) {
  if (sale.refund) return ["statusRefunded", "quiet"];
  if (sale.practice) return ["practice", "practice"];
  return {
    queued: ["statusQueued", "warn"],
    synced: ["statusSynced", "ok"],
    flagged: ["statusFlagged", "warn"],
    rejected: ["statusRejected", "bad"],
  }[sale.status] || ["statusQueued", "warn"];
}

function saleRow(sale, listEl, rejectedEl) {
  const [label, kind] = statusOf(sale);
  const flags = (sale.flags || []).map((flag) => t(`flags_${flag}`)).join(" · ");
  const canRefund = !sale.refund && sale.status !== "rejected";
  return h(
    "li",
    { class: "sale-row", "data-testid": "sale-row", "data-receipt": sale.receiptNumber },
    h(
      "div",
      { class: "sale-main" },
      h("strong", {}, sale.receiptNumber),
      h("span", {}, `${hhmm(sale.deviceTime)} · ${methodName(sale.payment.method)} · ${t("items", { n: sale.items })}`),
      flags ? h("span", { class: "flags" }, flags) : null,
      // Until the server has counted for itself, the tablet's own mark.
      sale.overStock && !(sale.flags || []).length && sale.status === "queued"
        ? h("span", { class: "flags", "data-testid": "over-stock-note" }, t("overStockSale"))
        : null,
      sale.reason ? h("span", { class: "reason" }, reasonText(sale.reason)) : null,
    ),
    h("span", { class: "sale-total" }, formatFen(sale.totalFen)),
    h("span", { class: `pill pill-${kind}` }, t(label)),
    h(
      "div",
      { class: "sale-actions" },
      h("button", { class: "btn", onclick: () => showReceipt(sale) }, t("view")),
      canRefund
        ? h(
            "button",
            { class: "btn btn-danger", "data-testid": "refund", onclick: () => openRefund(sale, () => load(listEl, rejectedEl)) },
            t("refund"),
          )
        : null,
    ),
  );
}

function openRefund(sale, onDone) {
  const reason = h("input", { id: "refund-reason", maxlength: 200, "data-testid": "refund-reason" });
  const message = h("p", { class: "form-error", role: "alert" });
  const presets = ["reasonReturn", "reasonWrongItem", "reasonWrongPay"].map((key) =>
    h("button", { type: "button", class: "btn chip", onclick: () => (reason.value = t(key)) }, t(key)),
  );
  const sheet = openSheet(
    h(
      "form",
      {
        onsubmit: async (event) => {
          event.preventDefault();
          const text = reason.value.trim();
          if (!text) return void (message.textContent = t("reasonRequired"));
          try {
            if (sale.practice) {
              await db.refundPractice(sale.clientUuid, text);
            } else {
              const input = buildRefund({ sale, shiftId: state.shift.id, reason: text });
              await db.recordRefund({ saleUuid: sale.clientUuid, input, cart: sale.cart, deviceId: sale.deviceId });
              await refreshCounts();
              syncNow();
            }
            toast(t("refundQueued"), "ok");
            sheet.close();
            onDone();
          } catch (error) {
            message.textContent = error.message;
          }
        },
      },
      h("h2", {}, t("refundTitle")),
      h("p", {}, `${sale.receiptNumber} · ${formatFen(sale.totalFen)} · ${methodName(sale.payment.method)}`),
      h("label", { for: "refund-reason" }, t("refundReason")),
      h("div", { class: "chips" }, presets),
      reason,
      message,
      h(
        "div",
        { class: "sheet-actions" },
        h("button", { type: "button", class: "btn btn-big", onclick: () => sheet.close() }, t("cancel")),
        h("button", { type: "submit", class: "btn btn-big btn-danger", "data-testid": "confirm-refund" }, t("confirmRefund", { amount: formatFen(sale.totalFen) })),
      ),
    ),
  );
}
