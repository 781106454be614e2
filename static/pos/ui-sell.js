// The sell screen: product tiles (what the cart holds first), search, the basket with quantities and
// line discounts, the practice switch. Paying and the receipt are in ui-pay.js and ui-receipt.js.

import { confirmSheet, h, replace, toast } from "./dom.js";
import { getLang, itemName, t } from "./i18n.js";
import { formatFen } from "./money.js";
import { basketTotals, lineTotalFen } from "./sale.js";
import { state, subscribe, update } from "./state.js";
import { currentItem, sellable, tileStock } from "./stock.js";
import { scanButton } from "./ui-scan.js";
import { refreshCatalog } from "./sync.js";
import { openDiscount, openPayment } from "./ui-pay.js";
import { renderBanner } from "./ui-shell.js";
import * as db from "./db.js";

let tilesEl = null;
let basketEl = null;
let barEl = null;
let query = "";

// A sale, a sync or a new snapshot changes what the cart holds: the tiles say so at once.
subscribe((_state, patch) => {
  if (tilesEl && tilesEl.isConnected && ("takenBySku" in patch || "catalog" in patch)) renderTiles();
});

export function sellScreen() {
  const search = h("input", {
    type: "search",
    class: "search",
    placeholder: t("search"),
    "aria-label": t("search"),
    value: query,
    "data-testid": "search",
    oninput: (event) => {
      query = event.target.value;
      renderTiles();
    },
  });
  const practice = h(
    "button",
    {
      type: "button",
      class: `switch${state.practice ? " on" : ""}`,
      role: "switch",
      "aria-checked": state.practice ? "true" : "false",
      "data-testid": "practice-switch",
      onclick: async () => {
        const on = !state.practice;
        update({ practice: on, basket: [] });
        practice.classList.toggle("on", on);
        practice.setAttribute("aria-checked", on ? "true" : "false");
        renderBanner();
        renderBasket();
        renderTiles();
        await db.setMeta({ practice: on });
      },
    },
    h("span", { class: "switch-knob", "aria-hidden": "true" }),
    t("practice"),
  );
  const refresh = h(
    "button",
    {
      class: "btn btn-ghost",
      "data-testid": "refresh-catalog",
      onclick: async () => {
        refresh.disabled = true;
        try {
          await refreshCatalog();
          toast(t("catalogRefreshed"), "ok");
          renderTiles();
        } catch (error) {
          toast(t("error", { message: error.message }), "bad");
        } finally {
          refresh.disabled = false;
        }
      },
    },
    t("refreshCatalog"),
  );
  tilesEl = h("div", { class: "tiles", "data-testid": "tiles" });
  tilesBySku = new Map();
  basketEl = h("aside", { class: "basket", "aria-label": t("basket"), "data-testid": "basket" });
  barEl = h("div", { class: "basket-bar" });
  renderTiles();
  renderBasket();
  return h(
    "div",
    { class: "sell" },
    h("section", { class: "catalog" }, h("h1", { class: "visually-hidden" }, t("navSell")), h("div", { class: "catalog-tools" }, search, scanButton(), practice, refresh), tilesEl),
    basketEl,
    barEl,
  );
}

function matches(item, words) {
  const text = `${item.sku} ${item.productNameZh} ${item.productNameEn} ${item.variantName} ${item.category || ""}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

function thumbnail(item) {
  const placeholder = h("span", { class: "thumb thumb-empty", "aria-hidden": "true", dataset: { src: item.thumbnailUrl || "" } }, (itemName(item) || "?").slice(0, 1));
  if (!item.thumbnailUrl) return placeholder;
  const img = h("img", { class: "thumb", src: item.thumbnailUrl, alt: "", loading: "lazy", width: 160, height: 160, dataset: { src: item.thumbnailUrl } });
  img.addEventListener("error", () => img.replaceWith(placeholder));
  return img;
}

/** A basket line as a screen reader names it: the product and, where there is one, its variant. */
const lineLabel = (line) => [itemName(line.item), line.item.variantName].filter(Boolean).join(" ");

// The tiles by SKU. A render keeps each tile's button and changes only what is inside it: a tap that
// comes while a sync redraws the tiles still lands on the same button (a replaced button between
// the finger going down and up would lose the tap).
let tilesBySku = new Map();

export function renderTiles() {
  if (!tilesEl) return;
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const items = state.catalog.filter((item) => matches(item, words));
  if (!state.catalog.length || !items.length) {
    tilesBySku = new Map();
    return replace(tilesEl, h("p", { class: "empty" }, t(state.catalog.length ? "noProducts" : "noCatalog")));
  }
  const kept = new Map();
  const tiles = items.map((item) => {
    const tile = tilesBySku.get(item.sku) || newTile(item);
    fillTile(tile, item);
    kept.set(item.sku, tile);
    return tile;
  });
  tilesBySku = kept;
  if (tiles.length !== tilesEl.children.length || tiles.some((tile, i) => tilesEl.children[i] !== tile)) replace(tilesEl, tiles);
}

function newTile(item) {
  return h("button", { "data-sku": item.sku, "data-testid": `tile-${item.sku}`, onclick: () => addPiece(item) });
}

function fillTile(tile, item) {
  const { free, reserved, label } = tileStock(item);
  tile.className = `tile${free <= 0 ? " tile-out" : ""}`;
  const oldThumb = tile.firstElementChild;
  const sameThumb = oldThumb && oldThumb.dataset.src === (item.thumbnailUrl || "");
  replace(
    tile,
    sameThumb ? oldThumb : thumbnail(item),
    h("span", { class: "tile-name" }, itemName(item)),
    item.variantName ? h("span", { class: "tile-variant" }, item.variantName) : null,
    h("span", { class: "tile-price" }, formatFen(item.priceFen)),
    h("span", { class: `tile-left tile-${label}`, "data-testid": `left-${item.sku}` }, t(label, { n: free })),
    reserved ? h("span", { class: "tile-reserved", "data-testid": `reserved-${item.sku}` }, t("reservedForPickup", { n: reserved })) : null,
  );
}

/**
 * One more piece of `item` in the basket. A piece the cart no longer holds by the tablet's count is
 * added only once she confirms she has it in hand; the line remembers it (the sale shows it, and the
 * server flags such a sale by its own count: negative_stock, quantity_over_stock beyond the tolerance).
 */
export async function addPiece(shown) {
  const item = currentItem(shown);
  const { free } = tileStock(item);
  if (free <= 0) {
    const question = [h("strong", {}, t("overStockTitle")), h("br"), t("overStockText")];
    if (!(await confirmSheet(question, t("overStockYes")))) return;
  }
  let line = state.basket.find((l) => l.sku === item.sku);
  if (line) line.quantity += 1;
  else {
    line = { sku: item.sku, item, quantity: 1, unitPriceFen: item.priceFen, discountFen: 0, discountReason: "" };
    state.basket.push(line);
  }
  markOverStock(line);
  basketChanged();
}

/** Pieces of the line beyond what the cart holds by the tablet's count (0: none). */
function markOverStock(line) {
  line.overStock = Math.max(0, line.quantity - Math.max(0, sellable(line.item)));
}

export function basketChanged() {
  update({ basket: state.basket });
  renderBasket();
  renderTiles();
}

function changeQuantity(line, delta) {
  if (delta > 0) return addPiece(line.item);
  line.quantity += delta;
  markOverStock(line);
  if (line.quantity <= 0) state.basket.splice(state.basket.indexOf(line), 1);
  // A discount larger than what is left of the line does not survive a smaller quantity.
  else if (line.discountFen > line.unitPriceFen * line.quantity) line.discountFen = line.unitPriceFen * line.quantity;
  basketChanged();
}

export function renderBasket() {
  if (!basketEl) return;
  const totals = basketTotals(state.basket);
  const lines = state.basket.map((line) =>
    h(
      "li",
      { class: "line", "data-testid": `line-${line.sku}` },
      h(
        "div",
        { class: "line-main" },
        h("span", { class: "line-name" }, itemName(line.item), line.item.variantName ? ` · ${line.item.variantName}` : ""),
        h("span", { class: "line-price" }, formatFen(line.unitPriceFen)),
        line.overStock ? h("span", { class: "line-over", "data-testid": `over-${line.sku}` }, t("overStockLine")) : null,
        line.discountFen
          ? h("span", { class: "line-discount" }, `${t("discount")} −${formatFen(line.discountFen)} · ${line.discountReason}`)
          : null,
      ),
      h(
        "div",
        { class: "line-controls" },
        h("button", { class: "btn qty", "aria-label": t("decrease", { name: lineLabel(line) }), "data-testid": `minus-${line.sku}`, onclick: () => changeQuantity(line, -1) }, "−"),
        h("span", { class: "qty-value", "data-testid": `qty-${line.sku}` }, String(line.quantity)),
        h("button", { class: "btn qty", "aria-label": t("increase", { name: lineLabel(line) }), "data-testid": `plus-${line.sku}`, onclick: () => changeQuantity(line, 1) }, "+"),
        h("button", { class: "btn btn-small", "data-testid": `discount-${line.sku}`, onclick: () => openDiscount(line, basketChanged) }, t("discount")),
        h("strong", { class: "line-total" }, formatFen(lineTotalFen(line))),
      ),
    ),
  );
  const empty = !state.basket.length;
  const payButton = (testid, withTotal = true) =>
    h(
      "button",
      { class: "btn btn-big btn-primary btn-pay", disabled: empty, "data-testid": testid, onclick: openPayment },
      withTotal ? `${t("pay")} ${formatFen(totals.totalFen)}` : t("pay"),
    );
  replace(
    basketEl,
    h(
      "div",
      { class: "basket-head" },
      h("h2", {}, t("basket"), " ", h("small", {}, t("items", { n: totals.items }))),
      h("button", { class: "btn btn-ghost close-basket", onclick: () => basketEl.classList.remove("open") }, t("back")),
    ),
    empty ? h("p", { class: "empty" }, t("basketEmpty")) : h("ul", { class: "lines" }, lines),
    h(
      "div",
      { class: "totals" },
      totals.discountFen ? h("div", {}, h("span", {}, t("subtotal")), h("span", {}, formatFen(totals.subtotalFen))) : null,
      totals.discountFen ? h("div", {}, h("span", {}, t("discount")), h("span", {}, `−${formatFen(totals.discountFen)}`)) : null,
      h("div", { class: "grand" }, h("span", {}, t("total")), h("strong", { "data-testid": "basket-total" }, formatFen(totals.totalFen))),
    ),
    h(
      "div",
      { class: "basket-actions" },
      h(
        "button",
        { class: "btn btn-big", disabled: empty, "data-testid": "clear-basket", onclick: () => ((state.basket = []), basketChanged()) },
        t("clearBasket"),
      ),
      payButton("pay"),
    ),
  );
  replace(
    barEl,
    h(
      "button",
      { class: "btn btn-big basket-summary", onclick: () => basketEl.classList.add("open") },
      `${t("items", { n: totals.items })} · ${formatFen(totals.totalFen)}`,
    ),
    payButton("pay-bar", false),
  );
  document.documentElement.lang = getLang() === "en" ? "en" : "zh-CN";
}
