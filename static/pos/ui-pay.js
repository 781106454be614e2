// Taking payment (recorded, not processed), a line's discount with its reason, and completing a sale:
// written to IndexedDB first, then the receipt, then a sync attempt.

import * as db from "./db.js";
import { h, openSheet, replace, toast } from "./dom.js";
import { METHODS, itemName, methodName, t } from "./i18n.js";
import { fenToInput, formatFen, formatFenShort, parseYuan } from "./money.js";
import { basketTotals, buildSale, lineGrossFen } from "./sale.js";
import { state, update } from "./state.js";
import { refreshCounts, syncNow } from "./sync.js";
import { showReceipt } from "./ui-receipt.js";
import { basketChanged } from "./ui-sell.js";

/** Cash a customer is likely to hand over for `total`: the exact sum, then round notes above it. */
function cashSuggestions(totalFen) {
  const ceil = (step) => Math.ceil(totalFen / step) * step;
  const values = [totalFen, ceil(1000), ceil(5000), ceil(10000), ceil(10000) + 10000];
  return [...new Set(values)].filter((v) => v >= totalFen).slice(0, 5);
}

export function openPayment() {
  if (!state.basket.length) return;
  const { totalFen } = basketTotals(state.basket);
  let method = "CASH";
  let busy = false;
  let qr = null; // the QR code for the amount, while it is shown (ui-pay-qr.js)
  let closed = false;
  let qrMessage = null; // why the printed code is used instead, after a QR code was tried
  const tendered = h("input", {
    id: "tendered",
    class: "money-input",
    inputmode: "decimal",
    autocomplete: "off",
    placeholder: fenToInput(totalFen),
    "data-testid": "tendered",
    oninput: () => refresh(),
  });
  const methodButtons = METHODS.map((m) =>
    h(
      "button",
      { class: `btn btn-big method method-${m.toLowerCase()}`, "data-method": m, "data-testid": `method-${m}`, onclick: () => ((method = m), (qrMessage = null), refresh()) },
      methodName(m),
    ),
  );
  const panel = h("div", { class: "method-panel" });
  const confirm = h(
    "button",
    { class: "btn btn-big btn-primary", "data-testid": "confirm-payment", onclick: () => submit() },
    t("confirmPay", { amount: formatFen(totalFen) }),
  );
  const cashPanel = h(
    "div",
    {},
    h("label", { for: "tendered" }, t("tendered")),
    tendered,
    h(
      "div",
      { class: "quick-cash" },
      cashSuggestions(totalFen).map((fen, index) =>
        h(
          "button",
          { class: "btn", type: "button", onclick: () => ((tendered.value = fenToInput(fen)), refresh()) },
          index === 0 ? t("exact") : formatFenShort(fen),
        ),
      ),
    ),
  );
  const changeLine = h("p", { class: "change", "data-testid": "change" });

  function tenderedFen() {
    return tendered.value.trim() === "" ? totalFen : parseYuan(tendered.value);
  }

  function refresh() {
    for (const button of methodButtons) button.classList.toggle("selected", button.dataset.method === method);
    for (const button of methodButtons) button.setAttribute("aria-pressed", button.dataset.method === method ? "true" : "false");
    if (method === "CASH") {
      const given = tenderedFen();
      const enough = given !== null && given >= totalFen;
      replace(changeLine, given === null ? t("badAmount") : enough ? `${t("change")} ${formatFen(given - totalFen)}` : t("notEnough"));
      changeLine.classList.toggle("bad", !enough);
      replace(panel, cashPanel, changeLine);
      confirm.disabled = !enough || busy;
    } else {
      const scan = method === "WECHAT" || method === "ALIPAY";
      // Online, WeChat Pay and Alipay can show a code for this exact amount that confirms by itself.
      const showQr =
        scan && navigator.onLine && !state.practice
          ? h("button", { type: "button", class: "btn btn-big btn-qr", "data-testid": "show-pay-qr", onclick: () => showQrCode() }, t("qrShow"))
          : null;
      replace(
        panel,
        qrMessage ? h("p", { class: "qr-fallback", role: "status", "data-testid": "pay-qr-fallback" }, qrMessage) : null,
        showQr,
        h(
          "div",
          { class: `reminder reminder-${method.toLowerCase()}`, "data-testid": "pay-reminder" },
          h("strong", {}, scan ? t("scanReminder") : t("cardReminder")),
          scan ? h("span", {}, t("scanCheck")) : null,
        ),
      );
      confirm.disabled = busy;
    }
  }

  async function showQrCode() {
    for (const button of [...methodButtons, confirm]) button.disabled = true;
    // Loaded when first asked for (the service worker has it): the QR drawing stays off the first
    // screen's path.
    const { startQrPayment } = await import("./ui-pay-qr.js");
    if (closed) return;
    qr = startQrPayment({
      panel,
      method,
      totalFen,
      onPaid: ({ clientUuid, providerReference }) => {
        qr = null;
        submit({ clientUuid, providerReference });
      },
      onFallback: (message) => {
        qr = null;
        qrMessage = message;
        for (const button of methodButtons) button.disabled = false;
        refresh();
      },
    });
  }

  async function submit(paidByQr = null) {
    if (busy) return;
    const given = method === "CASH" ? tenderedFen() : null;
    if (method === "CASH" && (given === null || given < totalFen)) return;
    busy = true;
    confirm.disabled = true;
    try {
      const sale = await completeSale({ method, tenderedFen: given, ...(paidByQr || {}) });
      sheet.close();
      showReceipt(sale);
    } catch (error) {
      toast(t("error", { message: error.message }), "bad");
      busy = false;
      refresh();
    }
  }

  const sheet = openSheet(
    h(
      "div",
      { class: "payment", "data-testid": "payment" },
      h("h2", {}, t("payTitle"), " ", h("strong", { class: "pay-total" }, formatFen(totalFen))),
      h("div", { class: "methods" }, methodButtons),
      panel,
      h("div", { class: "sheet-actions" }, h("button", { class: "btn btn-big", onclick: () => sheet.close() }, t("cancel")), confirm),
    ),
    // Closed while a QR code shows: given up at the provider, as with its cancel button.
    {
      className: "sheet-pay",
      onClose: () => {
        closed = true;
        if (qr) qr.stop();
      },
    },
  );
  refresh();
}

/** Stores the sale (a practice sale in its own store), empties the basket and tries to sync. */
export async function completeSale(payment) {
  const basket = state.basket;
  let sale;
  if (state.practice) {
    const seq = (await db.getMeta("practiceSeq", 0)) + 1;
    await db.setMeta({ practiceSeq: seq });
    sale = buildSale({ basket, payment, cart: state.cart, deviceId: state.deviceId, shiftId: state.shift.id, seq, practice: true }).sale;
    await db.recordPractice(sale);
  } else {
    sale = await db.recordSale(
      (seq) => buildSale({ basket, payment, cart: state.cart, deviceId: state.deviceId, shiftId: state.shift.id, seq }),
    );
  }
  update({ basket: [] });
  state.basket = [];
  basketChanged();
  if (!sale.practice) {
    await refreshCounts();
    syncNow();
  }
  return sale;
}

export function openDiscount(line, onSaved) {
  const gross = lineGrossFen(line);
  const amount = h("input", {
    id: "discount-amount",
    class: "money-input",
    inputmode: "decimal",
    autocomplete: "off",
    value: line.discountFen ? fenToInput(line.discountFen) : "",
    placeholder: "0.00",
    "data-testid": "discount-amount",
  });
  const reason = h("input", { id: "discount-reason", value: line.discountReason || "", maxlength: 200, "data-testid": "discount-reason" });
  const message = h("p", { class: "form-error", role: "alert" });
  const presets = ["reasonFlaw", "reasonRegular", "reasonBulk", "reasonBargain"].map((key) =>
    h("button", { type: "button", class: "btn chip", onclick: () => (reason.value = t(key)) }, t(key)),
  );
  const sheet = openSheet(
    h(
      "form",
      {
        class: "discount",
        onsubmit: (event) => {
          event.preventDefault();
          const fen = amount.value.trim() === "" ? 0 : parseYuan(amount.value);
          if (fen === null) return void (message.textContent = t("badAmount"));
          if (fen > gross) return void (message.textContent = t("discountTooBig"));
          if (fen > 0 && !reason.value.trim()) return void (message.textContent = t("reasonRequired"));
          line.discountFen = fen;
          line.discountReason = fen > 0 ? reason.value.trim() : "";
          sheet.close();
          onSaved();
        },
      },
      h("h2", {}, t("lineDiscount")),
      h("p", {}, itemName(line.item), ` × ${line.quantity} = ${formatFen(gross)}`),
      h("label", { for: "discount-amount" }, t("discountAmount")),
      amount,
      h("label", { for: "discount-reason" }, t("discountReason")),
      h("div", { class: "chips" }, presets),
      reason,
      message,
      h(
        "div",
        { class: "sheet-actions" },
        h(
          "button",
          {
            type: "button",
            class: "btn btn-big",
            onclick: () => {
              state.basket.splice(state.basket.indexOf(line), 1);
              sheet.close();
              onSaved();
            },
          },
          t("remove"),
        ),
        h("button", { type: "submit", class: "btn btn-big btn-primary", "data-testid": "discount-save" }, t("save")),
      ),
    ),
  );
}
