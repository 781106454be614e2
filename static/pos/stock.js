// What the cart holds by this tablet's count (docs/pos.md, "What the tiles show"): the server's last
// catalogue snapshot, less what this tablet sold that the snapshot cannot know of yet, plus what it
// refunded alike. "Not known yet" is a sale or refund still in the queue, or one the server
// acknowledged after the snapshot was asked for (db.applySyncResults keeps those, numbered, until a
// newer snapshot replaces them).

import { state } from "./state.js";

function addLines(taken, lines, sign) {
  for (const line of lines || []) taken[line.sku] = (taken[line.sku] || 0) + sign * line.quantity;
}

/**
 * {sku: pieces} this tablet took from the snapshot's figures for `cart`: queued sales and acknowledged
 * ones count up, queued and acknowledged refunds count down. `saleLines(uuid)` finds the lines of a
 * refunded sale when its queue item does not carry them.
 */
export async function takenSinceSnapshot({ queue, acked, cart, saleLines }) {
  const taken = {};
  for (const item of queue) {
    if (item.cart !== cart) continue;
    if (item.kind === "sale") addLines(taken, item.input.lines, 1);
    else if (item.kind === "refund") addLines(taken, item.lines || (await saleLines(item.saleUuid)), -1);
  }
  for (const entry of acked) {
    if (entry.cart !== cart) continue;
    for (const [sku, pieces] of Object.entries(entry.taken)) taken[sku] = (taken[sku] || 0) + pieces;
  }
  return taken;
}

/** The catalogue's current entry for an item a basket line may have kept from an older snapshot. */
export const currentItem = (item) => state.catalog.find((entry) => entry.sku === item.sku) || item;

/** Pieces of `item` on the cart by the tablet's count (may be below zero: the books lag behind). */
export const onCart = (item) =>
  currentItem(item).quantity - (state.takenBySku[item.sku] || 0) - ((state.pickedUpBySku || {})[item.sku] || 0);

/** Of those, pieces held for online orders to pick up here (less those this tablet handed over since). */
export const reservedOf = (item) => Math.max(0, (currentItem(item).reserved || 0) - ((state.pickedUpBySku || {})[item.sku] || 0));

/** Pieces the cart may sell: what it holds less what waits for a pickup. */
export const sellable = (item) => onCart(item) - reservedOf(item);

export function inBasket(sku) {
  return state.basket.filter((line) => line.sku === sku).reduce((sum, line) => sum + line.quantity, 0);
}

/** What a tile says: pieces still free to sell ("left"), all of them in this sale, or sold out. */
export function tileStock(item) {
  const held = sellable(item);
  const reserved = reservedOf(item);
  const free = held - inBasket(item.sku);
  if (free > 0) return { free, reserved, label: "left" };
  if (held > 0) return { free, reserved, label: "allInBasket" };
  return { free, reserved, label: reserved > 0 ? "allReserved" : "soldOut" };
}

/** {sku: pieces} of the pickups handed over on this tablet that still wait in the queue. */
export function pickedUpSinceSnapshot({ queue, cart }) {
  const picked = {};
  for (const item of queue) if (item.kind === "pickup" && item.cart === cart) addLines(picked, item.pieces, 1);
  return picked;
}

/** The basket as IndexedDB keeps it (meta "basket"): plain lines, each with its catalogue item. */
export const basketToStore = (basket) => basket.map((line) => ({ ...line, item: { ...line.item } }));

/** The stored basket with each line's item taken from the current catalogue where it still is. */
export function basketFromStore(stored, catalog) {
  if (!Array.isArray(stored)) return [];
  const bySku = new Map(catalog.map((item) => [item.sku, item]));
  return stored
    .filter((line) => line && line.sku && Number.isInteger(line.quantity) && line.quantity > 0 && line.item)
    .map((line) => ({ ...line, item: bySku.get(line.sku) || line.item }));
}
