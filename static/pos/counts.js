// A count made without a connection (docs/pos.md, "Counting offline"): the rows come from the
// catalogue snapshot with the tablet's own figures (stock.js), and the count is queued by SKU under
// its idempotency key. The sync sends it after the day's sales, refunds and pickups, so the server's
// books it is counted against hold them; a count sent twice is recorded once.

import { cartStock, payloadError, stockCountSubmit } from "./api.js";
import * as db from "./db.js";
import { onCart } from "./stock.js";
import { state } from "./state.js";

/** The rows to count offline, shaped as cartStock's: every piece of the snapshot the cart holds or the tablet sold. */
export function offlineStocks() {
  return state.catalog
    .filter((item) => item.quantity !== 0 || state.takenBySku[item.sku] || (state.pickedUpBySku || {})[item.sku])
    .map((item) => ({
      quantity: onCart(item),
      location: null,
      variant: { sku: item.sku, name: item.variantName || "", product: { name: item.productName } },
    }));
}

/** What the tablet shows of a count it queued: its variance against the tablet's own figures. */
export function deviceVariance(stocks, lines) {
  const bySku = new Map(stocks.map((stock) => [stock.variant.sku, stock]));
  const rows = lines.map(({ sku, counted }) => {
    const stock = bySku.get(sku);
    return { sku, productName: stock.variant.product.name, expected: stock.quantity, counted, variance: counted - stock.quantity };
  });
  return { totalVariance: rows.reduce((sum, row) => sum + row.variance, 0), rows };
}

export function queueCount({ idempotencyKey, lines, report }) {
  const at = new Date().toISOString();
  return db.recordCount({
    clientUuid: idempotencyKey,
    kind: "count",
    cart: state.cart.code,
    deviceId: state.deviceId,
    queuedAt: Date.now() * 1000 + 999,
    lines,
    input: { countedAt: at, report },
  });
}

/**
 * Sends each queued count: the cart's stock levels name the variants and the location, then
 * stockCountSubmit with the count's key. A count the server refuses leaves the queue with its reason
 * (meta "lastCount"); no connection leaves it queued. True when one was sent.
 */
export async function sendCounts(queue) {
  const counts = queue.filter((item) => item.kind === "count");
  for (const item of counts) {
    const stocks = await cartStock(state.token, item.cart);
    const bySku = new Map(stocks.map((stock) => [stock.variant.sku, stock]));
    const unknown = item.lines.filter((line) => !bySku.has(line.sku)).map((line) => line.sku);
    let reason = unknown.length ? `no stock on record for ${unknown.join(", ")}` : null;
    if (!reason) {
      const lines = item.lines.map((line) => ({ variant: bySku.get(line.sku).variant.id, counted: line.counted }));
      const location = bySku.get(item.lines[0].sku).location.id;
      const payload = await stockCountSubmit(state.token, { location, lines, idempotencyKey: item.clientUuid });
      reason = payloadError(payload);
    }
    await db.applyCountResult(item, { ok: !reason, reason: reason || "" });
  }
  return counts.length > 0;
}
