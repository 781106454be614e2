// This shift's sales (or practice sales): view a receipt again, refund some of a sale's pieces or all of
// them with a reason (queued like a sale; the sale itself is never deleted; a sale older than the
// server's review days says its refund will be reviewed), and the records the server refused, with why. A
// search finds any sale this tablet made in the last HISTORY_DAYS days, whatever its shift, by receipt
// number, time ("2026-12-06", "14:3") or piece (SKU or name): a tourist back the next day is found.

import { config } from "./api.js";
import * as db from "./db.js";
import { h, openSheet, replace, toast } from "./dom.js";
import { dateTime, hhmm, itemName, methodName, reasonText, t } from "./i18n.js";
import { formatFen } from "./money.js";
import { isOldSale, leftByLine, partlyRefunded, refundLines, refundPiecesText, refundable, refundsOf } from "./refunds.js";
import { buildRefund } from "./sale.js";
import { state } from "./state.js";
import { refreshCounts, syncNow } from "./sync.js";
import { showReceipt } from "./ui-receipt.js";

export const HISTORY_DAYS = 30;
// The server's POS_REFUND_REVIEW_AFTER_DAYS, given with the app shell.
const REVIEW_DAYS = config.refundReviewAfterDays ?? 30;
const MAX_FOUND = 100;

export function salesScreen() {
  const rejectedEl = h("section", { class: "rejected", "data-testid": "rejected-list" });
  const listEl = h("ul", { class: "sales-list", "data-testid": "sales-list" });
  const title = h("h1", {}, state.practice ? t("practiceSalesTitle") : t("salesTitle"));
  const search = h("input", {
    type: "search",
    class: "sales-search",
    placeholder: t("salesSearch", { days: HISTORY_DAYS }),
    "aria-label": t("salesSearch", { days: HISTORY_DAYS }),
    "data-testid": "sales-search",
    oninput: () => load(listEl, rejectedEl, search.value, title),
  });
  const container = h("div", { class: "page" }, rejectedEl, title, state.practice ? null : search, listEl);
  load(listEl, rejectedEl, "", title);
  return container;
}

/** The kept sales of the last HISTORY_DAYS days that match the query, newest first. */
export async function findSales(query) {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const since = new Date(Date.now() - HISTORY_DAYS * 24 * 3600 * 1000).toISOString();
  const sales = (await db.all("sales")).filter((sale) => sale.deviceTime >= since);
  const text = (sale) =>
    [
      sale.receiptNumber,
      sale.deviceTime,
      dateTime(sale.deviceTime),
      ...sale.lines.flatMap((line) => [line.sku, line.productNameZh, line.productNameEn, line.variantName]),
    ]
      .join(" ")
      .toLowerCase();
  const found = sales.filter((sale) => words.every((word) => text(sale).includes(word)));
  found.sort((a, b) => (a.deviceTime < b.deviceTime ? 1 : -1));
  return found.slice(0, MAX_FOUND);
}

async function load(listEl, rejectedEl, query = "", title = null) {
  // Typing fires a search per key: only the latest one draws.
  const turn = String(Number(listEl.dataset.turn || 0) + 1);
  listEl.dataset.turn = turn;
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
  // With no shift open, or a search: every kept sale of the last days, not only this shift's.
  const history = !state.practice && (query.trim() || !shiftId);
  if (title) title.textContent = state.practice ? t("practiceSalesTitle") : history ? t("salesHistoryTitle", { days: HISTORY_DAYS }) : t("salesTitle");
  let sales;
  if (history) sales = await findSales(query);
  else {
    sales = shiftId ? await db.byShift(state.practice ? "practice" : "sales", shiftId) : [];
    sales.sort((a, b) => (a.deviceTime < b.deviceTime ? 1 : -1));
  }
  if (listEl.dataset.turn !== turn) return;
  if (!sales.length) return replace(listEl, h("li", { class: "empty" }, history ? t("noSalesFound") : t("noSales")));
  const reload = () => load(listEl, rejectedEl, query, title);
  replace(listEl, sales.map((sale) => saleRow(sale, reload, history)));
}

function statusOf(sale) {
  if (partlyRefunded(sale)) return refundable(sale) ? ["statusPartlyRefunded", "quiet"] : ["statusRefunded", "quiet"];
  if (sale.practice) return ["practice", "practice"];
  return {
    queued: ["statusQueued", "warn"],
    synced: ["statusSynced", "ok"],
    flagged: ["statusFlagged", "warn"],
    rejected: ["statusRejected", "bad"],
  }[sale.status] || ["statusQueued", "warn"];
}

function saleRow(sale, reload, history = false) {
  const [label, kind] = statusOf(sale);
  const flags = (sale.flags || []).map((flag) => t(`flags_${flag}`)).join(" · ");
  // A refund is made in the open shift (and counts in its Z report), whichever shift the sale was in.
  const canRefund = refundable(sale) && sale.status !== "rejected" && Boolean(state.shift);
  const refunds = refundsOf(sale).filter((refund) => refund.status !== "rejected");
  return h(
    "li",
    { class: "sale-row", "data-testid": "sale-row", "data-receipt": sale.receiptNumber },
    h(
      "div",
      { class: "sale-main" },
      h("strong", {}, sale.receiptNumber),
      h("span", {}, `${history ? dateTime(sale.deviceTime) : hhmm(sale.deviceTime)} · ${methodName(sale.payment.method)} · ${t("items", { n: sale.items })}`),
      history ? h("span", { class: "sale-pieces" }, sale.lines.map((line) => `${line.productNameZh || line.sku} ×${line.quantity}`).join("、")) : null,
      flags ? h("span", { class: "flags" }, flags) : null,
      // Until the server has counted for itself, the tablet's own mark.
      sale.overStock && !(sale.flags || []).length && sale.status === "queued"
        ? h("span", { class: "flags", "data-testid": "over-stock-note" }, t("overStockSale"))
        : null,
      sale.reason ? h("span", { class: "reason" }, reasonText(sale.reason)) : null,
      ...refunds.map((refund) =>
        h(
          "span",
          { class: "sale-refund", "data-testid": "sale-refund" },
          `${t("refundedPieces", { amount: formatFen(refund.amountFen) })} ${refundPiecesText(sale, refund)}`,
          refund.oldSale || (refund.flags || []).includes("OLD_SALE") ? ` · ${t("refundToReview")}` : "",
        ),
      ),
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
            { class: "btn btn-danger", "data-testid": "refund", onclick: () => openRefund(sale, reload) },
            t("refund"),
          )
        : null,
    ),
  );
}

/**
 * The refund sheet: each line still refundable with its pieces to give back (all of them at first; a
 * tick takes or leaves the whole line, − and + pick some of its pieces), "退全部" for everything left, the amount to hand back worked
 * out as the server will, and a reason.
 */
function openRefund(sale, onDone) {
  const left = leftByLine(sale);
  // Everything left is chosen at first (the whole sale); she unticks what stays with the tourist.
  const chosen = left.slice();
  const old = !sale.practice && isOldSale(sale, REVIEW_DAYS);
  const reason = h("input", { id: "refund-reason", maxlength: 200, "data-testid": "refund-reason" });
  const message = h("p", { class: "form-error", role: "alert", "data-testid": "refund-error" });
  const amountEl = h("strong", { "data-testid": "refund-amount" });
  const confirm = h("button", { type: "submit", class: "btn btn-big btn-danger", "data-testid": "confirm-refund" });
  const presets = ["reasonReturn", "reasonWrongItem", "reasonWrongPay"].map((key) =>
    h("button", { type: "button", class: "btn chip", onclick: () => (reason.value = t(key)) }, t(key)),
  );
  const wanted = () => {
    const bySku = {};
    chosen.forEach((pieces, index) => {
      if (pieces > 0) bySku[sale.lines[index].sku] = (bySku[sale.lines[index].sku] || 0) + pieces;
    });
    return bySku;
  };
  const rows = [];
  const draw = () => {
    const lines = refundLines(sale, wanted()) || [];
    const amount = lines.reduce((sum, line) => sum + line.amountFen, 0);
    amountEl.textContent = formatFen(amount);
    confirm.textContent = t("confirmRefund", { amount: formatFen(amount) });
    confirm.disabled = !lines.length;
    rows.forEach((row) => row.draw());
  };
  const lineRow = (line, index) => {
    const check = h("input", {
      type: "checkbox",
      "data-testid": "refund-line-check",
      "aria-label": itemName(line),
      onchange: () => {
        chosen[index] = check.checked ? left[index] : 0;
        draw();
      },
    });
    const qty = h("span", { class: "qty-value", "data-testid": "refund-line-qty" });
    const step = (by) => () => {
      chosen[index] = Math.max(0, Math.min(left[index], chosen[index] + by));
      draw();
    };
    const minus = h("button", { type: "button", class: "btn qty", "data-testid": "refund-line-minus", "aria-label": "−", onclick: step(-1) }, "−");
    const plus = h("button", { type: "button", class: "btn qty", "data-testid": "refund-line-plus", "aria-label": "+", onclick: step(1) }, "+");
    const row = h(
      "li",
      { class: "refund-line", "data-testid": "refund-line", "data-sku": line.sku },
      h("label", { class: "refund-line-name" }, check, ` ${itemName(line)}${line.variantName ? ` · ${line.variantName}` : ""}`),
      h("span", { class: "hint" }, t("refundLineLeft", { sold: line.quantity, left: left[index], amount: formatFen(line.totalFen) })),
      // A single piece (a unique one) is the line itself: the tick is enough.
      left[index] > 1 ? h("span", { class: "refund-line-stepper" }, minus, qty, plus) : null,
    );
    rows.push({
      draw: () => {
        check.checked = chosen[index] > 0;
        qty.textContent = String(chosen[index]);
        row.classList.toggle("chosen", chosen[index] > 0);
      },
    });
    return row;
  };
  const all = h(
    "button",
    {
      type: "button",
      class: "btn",
      "data-testid": "refund-all",
      onclick: () => {
        left.forEach((pieces, index) => (chosen[index] = pieces));
        draw();
      },
    },
    t("refundAll"),
  );
  const sheet = openSheet(
    h(
      "form",
      {
        "data-testid": "refund-sheet",
        onsubmit: async (event) => {
          event.preventDefault();
          const text = reason.value.trim();
          const pieces = wanted();
          if (!Object.keys(pieces).length) return void (message.textContent = t("refundNothingChosen"));
          if (!text) return void (message.textContent = t("reasonRequired"));
          try {
            let refund;
            if (sale.practice) {
              await db.refundPractice(sale.clientUuid, text, pieces);
            } else {
              const input = buildRefund({ sale, shiftId: state.shift.id, reason: text });
              refund = await db.recordRefund({ saleUuid: sale.clientUuid, input, wanted: pieces, cart: sale.cart, deviceId: sale.deviceId, oldSale: old });
              await refreshCounts();
              syncNow();
            }
            const amount = refund ? formatFen(refund.amountFen) : "";
            toast(old ? t("refundQueuedToReview", { amount, days: REVIEW_DAYS }) : t("refundQueued", { amount }), "ok");
            sheet.close();
            onDone();
          } catch (error) {
            message.textContent = error.message;
          }
        },
      },
      h("h2", {}, t("refundTitle")),
      h("p", {}, `${sale.receiptNumber} · ${dateTime(sale.deviceTime)} · ${formatFen(sale.totalFen)} · ${methodName(sale.payment.method)}`),
      old ? h("p", { class: "refund-review-note", role: "note", "data-testid": "refund-review-note" }, t("refundReviewNote", { days: REVIEW_DAYS })) : null,
      h("p", { class: "hint" }, t("refundChoose")),
      h("ul", { class: "refund-lines", "data-testid": "refund-lines" }, sale.lines.map((line, index) => (left[index] > 0 ? lineRow(line, index) : null))),
      h("p", { class: "refund-total" }, all, h("span", {}, t("refundHandBack"), " ", amountEl)),
      h("label", { for: "refund-reason" }, t("refundReason")),
      h("div", { class: "chips" }, presets),
      reason,
      message,
      h(
        "div",
        { class: "sheet-actions" },
        h("button", { type: "button", class: "btn btn-big", onclick: () => sheet.close() }, t("cancel")),
        confirm,
      ),
    ),
  );
  draw();
}
