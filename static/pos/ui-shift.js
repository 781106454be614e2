// Opening a shift with the counted cash, closing it (never while sales wait) and its Z report.

import { ApiError, payloadError, shiftClose } from "./api.js";
import * as db from "./db.js";
import { confirmSheet, h, printNode, replace, toast, uuid4 } from "./dom.js";
import { METHODS, dateTime, methodName, reasonText, t } from "./i18n.js";
import { formatFen, parseYuan } from "./money.js";
import { state, subscribe, update } from "./state.js";
import { refreshCatalog, refreshCounts, syncNow } from "./sync.js";
import { deviceZReport, madeOnTablet, shiftInput } from "./zreport.js";
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
            await openShift(fen);
          } catch (error) {
            message.textContent = error.message;
          } finally {
            submit.disabled = false;
          }
        },
      },
      h("h1", {}, t("openShiftTitle")),
      h("p", { class: "hint" }, t("openingHint")),
      h("label", { for: "opening-cash" }, t("openingCash")),
      amount,
      message,
      h("div", { class: "form-actions" }, submit),
    ),
  );
}

/**
 * Opens the shift on the tablet, with or without a connection: its id is made here (a UUID), it is
 * kept as the open shift and queued for the server, which takes it once (docs/pos.md).
 */
async function openShift(openingCashFen) {
  const shift = {
    id: uuid4(),
    cart: state.cart.code,
    deviceId: state.deviceId,
    operator: state.user.username,
    openedAt: new Date().toISOString(),
    openingCashFen,
    status: "open",
  };
  await db.recordShiftOpen(shift, shiftInput(shift));
  update({ shift, basket: [] });
  await refreshCounts();
  if (navigator.onLine) {
    syncNow();
    refreshCatalog().catch(() => {});
  }
  go("sell");
}

export function shiftScreen() {
  if (!state.shift) return state.lastZReport ? zReportScreen() : shiftOpenScreen();
  const shift = state.shift;
  const waiting = state.queueCount;
  const amount = moneyInput("counted-cash", "counted-cash");
  const message = h("p", { class: "form-error", role: "alert" });
  // A shift opened on the server (before shifts were made on the tablet) closes there, with nothing waiting.
  const blocked = !madeOnTablet(shift) && waiting > 0;
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
            await (madeOnTablet(shift) ? closeShiftOnTablet(fen) : closeShift(fen));
          } catch (error) {
            message.textContent = error instanceof ApiError && error.kind === "network" ? t("shiftNeedsNet") : error.message;
            submit.disabled = blocked;
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

/** Closes the shift on the tablet: its Z report worked out here, the close queued with it. */
async function closeShiftOnTablet(countedCashFen) {
  const shift = state.shift;
  const zReport = await deviceZReport(shift, countedCashFen);
  const closedAt = new Date().toISOString();
  const closed = { ...shift, status: "closed", closedAt, countedCashFen };
  const lastZReport = { shift: closed, zReport, cart: state.cart, server: null };
  await db.recordShiftClose(shift, shiftInput(shift, { closedAt, countedCashFen, zReport }), lastZReport);
  update({ shift: null, lastZReport, basket: [], practice: false });
  await refreshCounts();
  toast(t("shiftClosed"), "ok");
  go("zreport");
  if (navigator.onLine) syncNow();
}

/** A shift the server opened: closed there (online, nothing waiting); its Z report is the server's. */
async function closeShift(countedCashFen) {
  await refreshCounts();
  if (state.queueCount > 0) throw new Error(t("closeBlocked", { n: state.queueCount }));
  const payload = await shiftClose(state.token, { shift: state.shift.id, countedCashFen });
  const error = payloadError(payload);
  if (error) throw new Error(error);
  const lastZReport = { shift: { ...state.shift, ...payload.shift }, zReport: payload.zReport, cart: state.cart, server: "self" };
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
        h("tr", { class: "section" }, h("th", { colspan: 2 }, t("zPieces"))),
        (z.pieces || []).length
          ? z.pieces.map((piece) =>
              h(
                "tr",
                { "data-testid": "z-piece", "data-sku": piece.sku },
                h("th", { scope: "row" }, pieceName(piece), h("small", {}, ` ${piece.sku}`)),
                h("td", {}, `${t("zPiecesCount", { n: piece.quantity })} · ${formatFen(piece.amountFen)}`),
              ),
            )
          : h("tr", {}, h("td", { colspan: 2 }, t("zNoPieces"))),
      ),
    ),
  );
}

/** A piece's name: the server's, else the catalogue's (the tablet's own Z report carries SKUs only). */
function pieceName(piece) {
  if (piece.productName) return piece.productName;
  const item = state.catalog.find((entry) => entry.sku === piece.sku);
  return item ? item.productName : piece.sku;
}

/** Whether the server's Z report agrees with the tablet's: waiting, agrees, or each difference. */
function zCheck(report) {
  const server = report.server;
  if (server === "self") return null;
  if (!server) return h("p", { class: "hint", "data-testid": "z-check", "data-state": "pending" }, t("zCheckPending"));
  if (server.rejected !== undefined) {
    return h("p", { class: "form-error", "data-testid": "z-check", "data-state": "rejected" }, t("zCheckRejected", { reason: reasonText(server.rejected) }));
  }
  if (!server.zDifferences.length) return h("p", { class: "ok-note", "data-testid": "z-check", "data-state": "agrees" }, t("zCheckAgrees"));
  return h(
    "div",
    { class: "form-error", "data-testid": "z-check", "data-state": "differs" },
    h("p", {}, t("zCheckDiffers")),
    h(
      "ul",
      {},
      server.zDifferences.map((row) => h("li", { "data-testid": "z-difference" }, t("zDiffRow", { field: row.field, device: row.device ?? "—", server: row.server ?? "—" }))),
    ),
  );
}

export function zReportScreen() {
  const report = state.lastZReport;
  if (!report) return shiftOpenScreen();
  const table = zReportTable(report);
  const check = h("div", { class: "z-check" }, zCheck(report));
  // The server's verdict arrives with a sync while the report is on the screen.
  const stop = subscribe((_state, patch) => {
    if (!check.isConnected) return void stop();
    if ("lastZReport" in patch && state.lastZReport) replace(check, zCheck(state.lastZReport));
  });
  table.insertBefore(check, table.querySelector("table"));
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
