// Pickups at the cart (docs/pos.md, "Pickups at the cart"): the online orders waiting here, kept with
// the catalogue for offline use (meta "pickups"); a handover is checked on the tablet against the
// order's code digest, queued (kind "pickup", its UUID made here) and sent by posPickupHandOver,
// which records it once however often it is sent.

import { ApiError, gql } from "./api.js";
import * as db from "./db.js";
import { uuid4 } from "./dom.js";
import { state, update } from "./state.js";

const ERRORS = "errors { field code message }";
export const ORDER_QR_PREFIX = "GONGFANG-ORDER:";

export async function fetchPickups(token, cart) {
  const data = await gql(
    `query PosPickups($cart: String!) {
      posPickups(cart: $cart) { number name phoneTail paidAt qrText codeDigest pieces { sku productName variantName quantity } }
    }`,
    { cart },
    token,
  );
  await db.setMeta({ pickups: { cart, orders: data.posPickups, fetchedAt: new Date().toISOString() } });
  update({ pickups: data.posPickups });
  return data.posPickups;
}

/** The orders still waiting by the tablet's own count: the list less what it handed over since. */
export async function waitingPickups() {
  const [kept, doneByNumber] = await Promise.all([db.getMeta("pickups"), db.getMeta("pickupsDone", {})]);
  const orders = kept && state.cart && kept.cart === state.cart.code ? kept.orders : [];
  const handed = (number) => doneByNumber[number] && doneByNumber[number].status !== "rejected";
  return { orders: orders.filter((order) => !handed(order.number)), doneByNumber };
}

/** An order number as typed or as its QR code says. */
export const orderNumberOf = (text) => String(text || "").trim().replace(ORDER_QR_PREFIX, "").toUpperCase();

async function sha256Hex(text) {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function codeMatches(order, code) {
  return (await sha256Hex(`${order.number}:${String(code || "").trim()}`)) === order.codeDigest;
}

/** Queues the handover of `order` (its code checked); the tiles count its pieces out at once. */
export async function handOver(order, code) {
  const item = {
    clientUuid: uuid4(),
    kind: "pickup",
    cart: state.cart.code,
    deviceId: state.deviceId,
    queuedAt: Date.now() * 1000 + 998,
    orderNumber: order.number,
    pieces: order.pieces.map((piece) => ({ sku: piece.sku, quantity: piece.quantity })),
    input: { orderNumber: order.number, pickupCode: String(code).trim(), deviceTime: new Date().toISOString() },
  };
  await db.recordPickup(item);
  return item;
}

/**
 * Sends each queued pickup; answered (recorded, recorded before, or refused with a typed error) it
 * leaves the queue. No connection: it stays for the next sync. Returns how many were answered.
 */
export async function sendPickups(queue) {
  let answered = 0;
  for (const item of queue.filter((entry) => entry.kind === "pickup")) {
    const data = await gql(
      `mutation PosPickupHandOver($input: PosPickupHandOverInput!) {
        posPickupHandOver(input: $input) { orderNumber duplicate ${ERRORS} }
      }`,
      { input: { cart: item.cart, deviceId: item.deviceId, clientUuid: item.clientUuid, ...item.input } },
      state.token,
    );
    const errors = data.posPickupHandOver.errors || [];
    if (errors.some((error) => error.code === "PERMISSION_DENIED")) throw new ApiError(errors[0].message, { kind: "auth", code: "PERMISSION_DENIED" });
    await db.applyPickupResult(item, { ok: !errors.length, reason: errors.map((error) => `${error.code}: ${error.message}`).join(" ") });
    answered += 1;
  }
  return answered;
}
