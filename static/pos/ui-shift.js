// Opening a shift with the counted cash, closing it (never while sales wait) and its Z report.

import { ApiError, payloadError, shiftClose, shiftOpen } from "./api.js";
import * as db from "./db.js";
import { confirmSheet, h, printNode, toast } from "./dom.js";
import { METHODS, dateTime, methodName, t } from "./i18n.js";
import { formatFen, parseYuan } from "./money.js";
import { state, update } from "./state.js";
import { refreshCatalog, refreshCounts } from "./sync.js";
import { cartName, go, renderScreen } from "./ui-shell.js";

function moneyInput(id, testid) {
  return h("input", {
    id,
    class: "money-input",
    inputmode: "decimal",
    autocomplete: "off",
    placeholder: "0.00",
    "data-testid": testid,
  });
}

export function shiftOpenScreen() {
  const amount = moneyInput("opening-cash", "opening-cash");
  const message = h("p", { class: "form-error", role: "alert" });
  const submit = h("button", { class: "btn btn-big btn-primary", type: "submit", "data-testid": "open-shift" }, t("openShift"));
  return h(
    "div",
    { class: "center" },
    h(
      "form",
      {
        class: "card",
        onsubmit: async (event) => {
          event.preventDefault();
          const fen = parseYuan(amount.value);
          if (fen === null) return void (message.textContent = t("badAmount"));
          submit.disabled = true;
          message.textContent = "";
          try {
            const payload = await shiftOpen(state.token, { cart: state.cart.code, deviceId: state.deviceId, openingCashFen: fen });
            const error = payloadError(payload);
            if (error) throw new Error(error);
            await db.setMeta({ shift: payload.shift });
            update({ shift: payload.shift, basket: [] });
            refreshCatalog().catch(() => {});
            go("sell");
          } catch (error) {
            message.textContent = error instanceof ApiError && error.kind === "network" ? t("shiftNeedsNet") : error.message;
          } finally {
            submit.disabled = false;
          }
        },
      },
      h("h1", {}, t("openShiftTitle")),
      h("p", { class: "hint" }, t("openingHint")),
      h("label", { for: "opening-cash" }, t("openingCash")),
      amount,
      !state.online ? h("p", { class: "offline-note" }, t("shiftNeedsNet")) : null,
      message,
      h("div", { class: "form-actions" }, submit),
    ),
  );
}

export function shiftScreen() {
  if (!state.shift) return state.lastZReport ? zReportScreen() : shiftOpenScreen();
  const shift = state.shift;
  const waiting = state.queueCount;
  const amount = moneyInput("counted-cash", "counted-cash");
  const message = h("p", { class: "form-error", role: "alert" });
  const blocked = waiting > 0;
  const submit = h(
    "button",
    { class: "btn btn-big btn-danger", type: "submit", disabled: blocked, "data-testid": "close-shift" },
    t("closeShift"),
  );
  const salesCount = h("strong", {}, "…");
  db.byShift("sales", shift.id).then((sales) => {
    salesCount.textContent = String(sales.filter((sale) => sale.status !== "rejected").length);
  });
  return h(
    "div",
    { class: "center" },
    h(
      "div",
      { class: "card" },
      h("h1", {}, t("shiftTitle")),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, t("openedAt")),
        h("dd", {}, dateTime(shift.openedAt)),
        h("dt", {}, t("zOpening")),
        h("dd", {}, formatFen(shift.openingCashFen)),
        h("dt", {}, t("salesThisShift")),
        h("dd", {}, salesCount),
      ),
    ),
    h(
      "form",
      {
        class: "card",
        onsubmit: async (event) => {
          event.preventDefault();
          const fen = parseYuan(amount.value);
          if (fen === null) return void (message.textContent = t("badAmount"));
          if (!(await confirmSheet(t("closeConfirm", { amount: formatFen(fen) }), t("closeShift")))) return;
          submit.disabled = true;
          try {
            await closeShift(fen);
          } catch (error) {
            message.textContent = error instanceof ApiError && error.kind === "network" ? t("shiftNeedsNet") : error.message;
            submit.disabled = state.queueCount > 0;
          }
        },
      },
      h("h2", {}, t("closeShiftTitle")),
      blocked ? h("p", { class: "blocked-note", "data-testid": "close-blocked" }, t("closeBlocked", { n: waiting })) : null,
      h("label", { for: "counted-cash" }, t("countedCash")),
      amount,
      message,
      h("div", { class: "form-actions" }, submit),
    ),
  );
}

async function closeShift(countedCashFen) {
  await refreshCounts();
  if (state.queueCount > 0) throw new Error(t("closeBlocked", { n: state.queueCount }));
  const payload = await shiftClose(state.token, { shift: state.shift.id, countedCashFen });
  const error = payloadError(payload);
  if (error) throw new Error(error);
  const lastZReport = { shift: { ...state.shift, ...payload.shift }, zReport: payload.zReport, cart: state.cart };
  await db.setMeta({ shift: null, lastZReport });
  update({ shift: null, lastZReport, basket: [], practice: false });
  toast(t("shiftClosed"), "ok");
  go("zreport");
}

function zRow(label, value, key, strong = false) {
  return h("tr", { class: strong ? "strong" : "" }, h("th", { scope: "row" }, label), h("td", { "data-z": key }, value));
}

export function zReportTable({ shift, zReport, cart }) {
  const z = zReport;
  const byMethod = Object.fromEntries((z.totalsByMethod || []).map((row) => [row.method, row]));
  const refundsByMethod = Object.fromEntries((z.refundsByMethod || []).map((row) => [row.method, row]));
  const variance = z.varianceFen;
  return h(
    "div",
    { class: "zreport", "data-testid": "zreport" },
    h("h1", {}, t("zReport")),
    h("p", { class: "zmeta" }, cart ? cartName(cart) : "", " · ", dateTime(shift.openedAt), " – ", dateTime(shift.closedAt)),
    h(
      "table",
      {},
      h(
        "tbody",
        {},
        zRow(t("zSalesCount"), String(z.salesCount), "salesCount", true),
        zRow(t("zGross"), formatFen(z.grossFen), "grossFen"),
        zRow(t("zDiscount"), formatFen(z.discountFen), "discountFen"),
        zRow(t("zRefunds"), `${t("zCount", { n: z.refundsCount })} · ${formatFen(z.refundsFen)}`, "refunds"),
        zRow(t("zNet"), formatFen(z.netFen), "netFen", true),
        h("tr", { class: "section" }, h("th", { colspan: 2 }, t("zByMethod"))),
        METHODS.map((method) => {
          const row = byMethod[method] || { amountFen: 0, count: 0 };
          const refund = refundsByMethod[method];
          const refundText = refund && refund.count ? ` (−${formatFen(refund.amountFen)})` : "";
          return zRow(methodName(method), `${t("zCount", { n: row.count })} · ${formatFen(row.amountFen)}${refundText}`, `method-${method}`);
        }),
        h("tr", { class: "section" }, h("th", { colspan: 2 }, t("cash"))),
        zRow(t("zOpening"), formatFen(z.openingCashFen), "openingCashFen"),
        zRow(t("zExpected"), formatFen(z.expectedCashFen), "expectedCashFen", true),
        zRow(t("zCounted"), z.countedCashFen === null ? "—" : formatFen(z.countedCashFen), "countedCashFen", true),
        zRow(t("zVariance"), variance === null ? "—" : (variance > 0 ? "+" : "") + formatFen(variance), "varianceFen", true),
        z.flaggedCount ? zRow(t("zFlagged"), String(z.flaggedCount), "flaggedCount") : null,
      ),
    ),
  );
}

export function zReportScreen() {
  const report = state.lastZReport;
  if (!report) return shiftOpenScreen();
  const table = zReportTable(report);
  return h(
    "div",
    { class: "center" },
    h("div", { class: "card printable" }, table),
    h(
      "div",
      { class: "bottom-actions" },
      h("button", { class: "btn btn-big", onclick: () => printNode(table), "data-testid": "print-z" }, t("print")),
      h(
        "button",
        {
          class: "btn btn-big btn-primary",
          onclick: async () => {
            await db.setMeta({ lastZReport: null });
            update({ lastZReport: null });
            go("shift-open");
            renderScreen();
          },
        },
        t("newShift"),
      ),
    ),
  );
}
