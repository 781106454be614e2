// Receiving a restock line by line, and counting the cart's stock. Receiving talks to the server
// directly, so it needs the connection; offline the screen says so instead of failing halfway. A count
// works offline too: its rows come from the tablet's own figures and it is queued (counts.js).

import { ApiError, cartStock, incomingTransfers, payloadError, stockCountSubmit, transferReceive } from "./api.js";
import { deviceVariance, offlineStocks, queueCount } from "./counts.js";
import * as db from "./db.js";
import { h, replace, toast, uuid4 } from "./dom.js";
import { dateTime, t } from "./i18n.js";
import { state } from "./state.js";
import { refreshCatalog, refreshCounts } from "./sync.js";

function offlineNote() {
  return h("p", { class: "offline-note big", "data-testid": "needs-net" }, t("needsNet"));
}

function variantLabel(variant) {
  const product = variant.product && variant.product.name;
  return [product, variant.name].filter(Boolean).join(" · ") || variant.sku;
}

function page(title, body, reload) {
  return h(
    "div",
    { class: "page" },
    h("div", { class: "page-head" }, h("h1", {}, title), h("button", { class: "btn", onclick: reload }, t("reload"))),
    body,
  );
}

function showError(el, error) {
  replace(el, error instanceof ApiError && error.kind === "network" ? offlineNote() : h("p", { class: "form-error" }, t("error", { message: error.message })));
}

export function restockScreen() {
  const body = h("div", {});
  const load = async () => {
    if (!navigator.onLine) return replace(body, offlineNote());
    replace(body, h("p", { class: "hint" }, "…"));
    try {
      const transfers = await incomingTransfers(state.token, state.cart.code);
      if (!transfers.length) return replace(body, h("p", { class: "empty" }, t("noTransfers")));
      replace(body, transfers.map((transfer) => transferForm(transfer, load)));
    } catch (error) {
      showError(body, error);
    }
  };
  load();
  return page(t("restockTitle"), body, load);
}

function transferForm(transfer, reload) {
  const rows = transfer.lines.map((line) => {
    const received = h("input", {
      type: "number",
      min: 0,
      inputmode: "numeric",
      class: "qty-input",
      value: String(line.quantitySent),
      "aria-label": t("received"),
      "data-testid": `received-${line.variant.sku}`,
    });
    const note = h("input", { class: "note-input", placeholder: t("note"), "aria-label": t("note"), maxlength: 200 });
    return { line, received, note };
  });
  const message = h("p", { class: "form-error", role: "alert" });
  const submit = h("button", { class: "btn btn-big btn-primary", type: "submit", "data-testid": "confirm-receive" }, t("confirmReceive"));
  return h(
    "form",
    {
      class: "card transfer",
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = "";
        const lines = [];
        for (const { line, received, note } of rows) {
          const quantity = Number.parseInt(received.value, 10);
          if (!Number.isInteger(quantity) || quantity < 0) return void (message.textContent = t("badAmount"));
          if (quantity !== line.quantitySent && !note.value.trim()) return void (message.textContent = t("noteRequired"));
          lines.push({ variant: line.variant.id, quantityReceived: quantity, note: note.value.trim() });
        }
        submit.disabled = true;
        try {
          const payload = await transferReceive(state.token, transfer.id, lines);
          const error = payloadError(payload);
          if (error) throw new Error(error);
          toast(t("receivedToast"), "ok");
          refreshCatalog().catch(() => {});
          reload();
        } catch (error) {
          message.textContent = error instanceof ApiError && error.kind === "network" ? t("needsNet") : error.message;
          submit.disabled = false;
        }
      },
    },
    h("h2", {}, `${t("from")}: ${(transfer.source && transfer.source.name) || ""}`),
    h("p", { class: "hint" }, `${t("dispatchedAt")} ${dateTime(transfer.dispatchedAt)}${transfer.note ? ` · ${transfer.note}` : ""}`),
    h(
      "table",
      { class: "stock-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("pieceColumn")), h("th", {}, t("sent")), h("th", {}, t("received")), h("th", {}, t("note")))),
      h(
        "tbody",
        {},
        rows.map(({ line, received, note }) =>
          h(
            "tr",
            {},
            h("td", {}, variantLabel(line.variant), h("br"), h("small", {}, line.variant.sku)),
            h("td", { class: "num" }, String(line.quantitySent)),
            h("td", {}, received),
            h("td", {}, note),
          ),
        ),
      ),
    ),
    message,
    h("div", { class: "form-actions sticky" }, submit),
  );
}

export function countScreen() {
  const body = h("div", {});
  const load = async () => {
    replace(body, h("p", { class: "hint" }, "…"));
    const last = lastCountNote(await db.getMeta("lastCount"));
    let stocks = null;
    try {
      stocks = navigator.onLine ? await cartStock(state.token, state.cart.code) : null;
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === "network")) return showError(body, error);
    }
    // No connection: the tablet's own figures, and the count is queued.
    const offline = stocks === null;
    if (offline) stocks = offlineStocks();
    if (!stocks.length) return replace(body, h("p", { class: "empty" }, t("noStock")));
    replace(body, last, offline ? h("p", { class: "offline-note", "data-testid": "count-offline" }, t("countOffline")) : null, countForm(stocks, offline));
  };
  load();
  return page(t("countTitle"), body, load);
}

// Blank means not counted (the admin's count reads it alike); "mark the rest as 0" is a button she
// presses, never what a blank row means. A row in error is marked, its message beside it, and
// scrolled to.
const COUNT_MAX = 99999;

function countRow(stock) {
  const id = `count-${stock.variant.sku}`;
  const input = h("input", {
    id,
    type: "number",
    min: 0,
    max: COUNT_MAX,
    inputmode: "numeric",
    class: "qty-input",
    "aria-label": `${t("counted")} ${variantLabel(stock.variant)}`,
    "aria-describedby": `${id}-error`,
    "data-testid": `counted-${stock.variant.sku}`,
  });
  const error = h("p", { id: `${id}-error`, class: "row-message", "data-testid": `count-error-${stock.variant.sku}` });
  const tr = h(
    "tr",
    { "data-sku": stock.variant.sku },
    h("td", {}, h("label", { for: id }, variantLabel(stock.variant)), h("br"), h("small", {}, stock.variant.sku)),
    h("td", { class: "num" }, String(stock.quantity)),
    h("td", {}, input, error),
  );
  const row = {
    stock,
    input,
    tr,
    blank: () => input.value.trim() === "" && !input.validity.badInput,
    mark(message) {
      tr.classList.toggle("row-error", Boolean(message));
      input.setAttribute("aria-invalid", message ? "true" : "false");
      error.textContent = message || "";
    },
  };
  return row;
}

/** The whole number counted in a row, null when left blank, or the message for what is wrong. */
function countedValue(row) {
  if (row.blank()) return { value: null };
  const text = row.input.value.trim();
  if (row.input.validity.badInput || !/^\d+$/.test(text)) return { error: t("countBad") };
  const value = Number(text);
  return value > COUNT_MAX ? { error: t("countTooBig") } : { value };
}

/** The message names this SKU (as a word of its own: "YAK-S" is not named by "YAK-S2"). */
function namesSku(text, sku) {
  const at = (index) => index < 0 || index >= text.length || !/[\w-]/.test(text[index]);
  for (let i = text.indexOf(sku); i >= 0; i = text.indexOf(sku, i + 1)) if (at(i - 1) && at(i + sku.length)) return true;
  return false;
}

function showRowErrors(rows) {
  const wrong = rows.filter((row) => row.tr.classList.contains("row-error"));
  if (!wrong.length) return false;
  wrong[0].tr.scrollIntoView({ block: "center" });
  wrong[0].input.focus({ preventScroll: true });
  return true;
}

/** The last count this tablet queued: waiting, sent, or refused with the server's reason. */
function lastCountNote(last) {
  if (!last) return null;
  const text = t(`countState_${last.status}`, { time: dateTime(last.at), reason: last.reason || "" });
  return h("p", { class: `count-state count-${last.status}`, "data-testid": "count-state", "data-state": last.status }, text);
}

function countForm(stocks, offline = false) {
  const idempotencyKey = uuid4();
  const rows = stocks.map(countRow);
  const message = h("p", { class: "form-error", role: "alert", "data-testid": "count-message" });
  const progress = h("span", { class: "count-progress", "data-testid": "count-progress" });
  const result = h("div", {});
  const submit = h("button", { class: "btn btn-big btn-primary", type: "submit", "data-testid": "submit-count" }, t("submitCount"));
  const showProgress = () => {
    const filled = rows.filter((row) => !row.blank()).length;
    progress.textContent = t("countProgress", { n: filled, total: rows.length });
  };
  const restZero = h(
    "button",
    {
      class: "btn btn-big",
      type: "button",
      "data-testid": "rest-zero",
      onclick: () => {
        for (const row of rows) if (row.blank()) row.input.value = "0";
        message.textContent = "";
        showProgress();
      },
    },
    t("restZero"),
  );
  for (const row of rows) {
    row.input.addEventListener("input", () => {
      row.mark(null);
      message.textContent = "";
      showProgress();
    });
  }
  showProgress();
  const form = h(
    "form",
    {
      class: "card count-form",
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = "";
        const lines = [];
        for (const row of rows) {
          const { value, error } = countedValue(row);
          row.mark(error);
          if (value !== null && value !== undefined) lines.push({ sku: row.stock.variant.sku, variant: row.stock.variant.id, counted: value });
        }
        if (showRowErrors(rows)) return;
        if (!lines.length) return void (message.textContent = t("countNone"));
        submit.disabled = true;
        const done = (report) => {
          replace(result, varianceTable(report));
          for (const row of rows) row.input.disabled = true;
          restZero.disabled = true;
          result.scrollIntoView({ block: "start" });
        };
        if (offline) {
          // By SKU, against the tablet's figures; the server counts against its books when it arrives.
          const bySku = lines.map(({ sku, counted }) => ({ sku, counted }));
          const report = deviceVariance(stocks, bySku);
          await queueCount({ idempotencyKey, lines: bySku, report });
          await refreshCounts();
          toast(t("countQueued"), "ok");
          return done(report);
        }
        try {
          const payload = await stockCountSubmit(state.token, {
            location: stocks[0].location.id,
            lines: lines.map(({ variant, counted }) => ({ variant, counted })),
            idempotencyKey,
          });
          const error = payloadError(payload);
          if (error) throw new Error(error);
          toast(t("countDone"), "ok");
          done(payload.varianceReport);
          refreshCatalog().catch(() => {});
        } catch (error) {
          const offline = error instanceof ApiError && error.kind === "network";
          // The server names a row by its SKU: the message goes beside that row.
          const named = offline ? [] : rows.filter((row) => namesSku(error.message, row.stock.variant.sku));
          for (const row of named) row.mark(error.message);
          if (!showRowErrors(named)) message.textContent = offline ? t("needsNet") : error.message;
          submit.disabled = false;
        }
      },
    },
    h("p", { class: "hint" }, t("countHint")),
    h(
      "table",
      { class: "stock-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("pieceColumn")), h("th", {}, t("book", { n: "" })), h("th", {}, t("counted")))),
      h("tbody", {}, rows.map((row) => row.tr)),
    ),
    h("div", { class: "form-actions sticky count-actions" }, h("div", { class: "count-status" }, progress, message), restZero, submit),
  );
  return h("div", {}, form, result);
}

function varianceTable(report) {
  if (!report) return null;
  return h(
    "div",
    { class: "variance", "data-testid": "variance" },
    h("h2", {}, `${t("variance")}: ${report.totalVariance > 0 ? "+" : ""}${report.totalVariance}`),
    h(
      "table",
      { class: "stock-table" },
      h(
        "tbody",
        {},
        report.rows
          .filter((row) => row.variance !== 0)
          .map((row) =>
            h("tr", {}, h("td", {}, `${row.productName} (${row.sku})`), h("td", { class: "num" }, `${row.expected} → ${row.counted}`), h("td", { class: "num" }, `${row.variance > 0 ? "+" : ""}${row.variance}`)),
          ),
      ),
    ),
  );
}
