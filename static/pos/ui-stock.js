// Receiving a restock line by line, and counting the cart's stock. Both talk to the server directly,
// so they need the connection; offline the screen says so instead of failing halfway.

import { ApiError, cartStock, incomingTransfers, payloadError, stockCountSubmit, transferReceive } from "./api.js";
import { h, replace, toast, uuid4 } from "./dom.js";
import { dateTime, t } from "./i18n.js";
import { state } from "./state.js";
import { refreshCatalog } from "./sync.js";

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
      h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, t("sent")), h("th", {}, t("received")), h("th", {}, t("note")))),
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
    if (!navigator.onLine) return replace(body, offlineNote());
    replace(body, h("p", { class: "hint" }, "…"));
    try {
      const stocks = await cartStock(state.token, state.cart.code);
      if (!stocks.length) return replace(body, h("p", { class: "empty" }, t("noStock")));
      replace(body, countForm(stocks, load));
    } catch (error) {
      showError(body, error);
    }
  };
  load();
  return page(t("countTitle"), body, load);
}

function countForm(stocks, reload) {
  const idempotencyKey = uuid4();
  const rows = stocks.map((stock) => ({
    stock,
    counted: h("input", {
      type: "number",
      min: 0,
      inputmode: "numeric",
      class: "qty-input",
      "aria-label": t("counted"),
      "data-testid": `counted-${stock.variant.sku}`,
    }),
  }));
  const message = h("p", { class: "form-error", role: "alert" });
  const result = h("div", {});
  const submit = h("button", { class: "btn btn-big btn-primary", type: "submit", "data-testid": "submit-count" }, t("submitCount"));
  return h(
    "form",
    {
      class: "card",
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = "";
        const lines = [];
        for (const { stock, counted } of rows) {
          const value = Number.parseInt(counted.value, 10);
          if (!Number.isInteger(value) || value < 0) return void (message.textContent = t("countBlank"));
          lines.push({ variant: stock.variant.id, counted: value });
        }
        submit.disabled = true;
        try {
          const payload = await stockCountSubmit(state.token, { location: stocks[0].location.id, lines, idempotencyKey });
          const error = payloadError(payload);
          if (error) throw new Error(error);
          toast(t("countDone"), "ok");
          replace(result, varianceTable(payload.varianceReport));
          refreshCatalog().catch(() => {});
        } catch (error) {
          message.textContent = error instanceof ApiError && error.kind === "network" ? t("needsNet") : error.message;
          submit.disabled = false;
        }
      },
    },
    h(
      "table",
      { class: "stock-table" },
      h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, t("book", { n: "" })), h("th", {}, t("counted")))),
      h(
        "tbody",
        {},
        rows.map(({ stock, counted }) =>
          h(
            "tr",
            {},
            h("td", {}, variantLabel(stock.variant), h("br"), h("small", {}, stock.variant.sku)),
            h("td", { class: "num" }, String(stock.quantity)),
            h("td", {}, counted),
          ),
        ),
      ),
    ),
    message,
    h("div", { class: "form-actions sticky" }, submit),
    result,
  );
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
