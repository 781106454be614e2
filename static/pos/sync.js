// Sending the queue: on `online`, every 30 s and on the button; batches of at most 200 per cart and
// device. A sale leaves the queue only when the server answered for it (db.applySyncResults).
// Should the server refuse a whole batch (it answers each sale on its own, but a bug or a sale it
// cannot even read would fail the request), the batch is split in halves until the one sale that
// fails is found; that sale is set aside (the `rejected` store, shown with its reason) and the rest
// keep syncing, so one bad sale never stalls the queue or the close of a shift.

import { ApiError, posCatalog, posSaleSetAside, posSyncSales } from "./api.js";
import * as db from "./db.js";
import { forgetSignIns, keptSignIns } from "./offline-sign-in.js";
import { state, update } from "./state.js";
import { sendCounts } from "./counts.js";
import { fetchPickups, sendPickups } from "./pickups.js";
import { pickedUpSinceSnapshot, takenSinceSnapshot } from "./stock.js";

const BATCH_SIZE = 200;
const INTERVAL_MS = 30000;
const CATALOG_MAX_AGE_MS = 10 * 60 * 1000;
const THUMBNAIL_CACHE = "pos-thumbnails-v1";

const SET_ASIDE_REASON = "set aside: the server refused it";

let inflight = null;
let rerun = null;

/** The queue's size, the rejected count and what this tablet took from the snapshot (stock.js). */
async function readCounts() {
  const [queue, rejected, acked] = await Promise.all([db.queueInOrder(), db.count("rejected"), db.getMeta("acked", [])]);
  const takenBySku = await takenSinceSnapshot({
    queue,
    acked,
    cart: state.cart && state.cart.code,
    saleLines: async (saleUuid) => ((await db.get("sales", saleUuid)) || {}).lines,
  });
  // The header counts sales and refunds; a shift waiting to sync is counted apart.
  const shiftsWaiting = queue.filter((item) => item.kind === "shift").length;
  const pickedUpBySku = pickedUpSinceSnapshot({ queue, cart: state.cart && state.cart.code });
  return { queue, counts: { queueCount: queue.length - shiftsWaiting, shiftsWaiting, rejectedCount: rejected, takenBySku, pickedUpBySku } };
}

/** Re-reads the queue's size and what this tablet took per SKU (the tiles' "left" follows). */
export async function refreshCounts() {
  const { queue, counts } = await readCounts();
  update(counts);
  return queue;
}

/**
 * Sync runs and catalogue fetches take turns: a snapshot asked for while a batch is on its way could
 * hold that batch's sales or not, and the tiles would count them twice or never.
 */
let turn = Promise.resolve();
function inTurn(fn) {
  const result = turn.then(() => fn());
  turn = result.catch(() => {});
  return result;
}

/**
 * One sync at a time; a call while one runs waits for it and then for one more run, which sends what
 * was queued meanwhile (a sale made while the last one was on its way). `ping` also calls with an
 * empty queue.
 */
export function syncNow({ ping = false } = {}) {
  if (!inflight) {
    inflight = inTurn(() => run(ping)).finally(() => (inflight = null));
    return inflight;
  }
  if (!rerun) {
    rerun = inflight.then(() => {
      rerun = null;
      return syncNow({ ping });
    });
  }
  return rerun;
}

function groups(queue) {
  const byKey = new Map();
  for (const item of queue) {
    const key = `${item.cart}\u0000${item.deviceId}`;
    if (!byKey.has(key)) byKey.set(key, { cart: item.cart, deviceId: item.deviceId, items: [] });
    byKey.get(key).items.push(item);
  }
  return [...byKey.values()];
}

async function run(ping) {
  const queue = await refreshCounts();
  if (!state.token || (!queue.length && !ping)) return { sent: 0, rejected: 0, skipped: true };
  update({ syncing: true });
  const outcome = { sent: 0, rejected: 0, setAside: 0, error: null };
  try {
    // Pickups go one by one through their own mutation (pickups.js), after the batches; counts
    // (counts.js) last, so the books they are counted against hold everything before them.
    const batches = groups(queue.filter((item) => item.kind !== "pickup" && item.kind !== "count"));
    if (!batches.length && state.cart) batches.push({ cart: state.cart.code, deviceId: state.deviceId, items: [] });
    for (const group of batches) {
      for (let start = 0; start === 0 || start < group.items.length; start += BATCH_SIZE) {
        await sendIsolating(group, group.items.slice(start, start + BATCH_SIZE), outcome);
      }
    }
    await reportSetAside();
    // A pickup handed over: the next snapshot holds it (its reservation gone with its pieces).
    if (await sendPickups(queue)) state.catalogFetchedAt = 0;
    if (await sendCounts(queue)) state.catalogFetchedAt = 0;
    const now = new Date().toISOString();
    await db.setMeta({ lastSyncAt: now });
    update({ lastSyncAt: now, online: true, needLogin: false });
    if (Date.now() - state.catalogFetchedAt > CATALOG_MAX_AGE_MS) refreshCatalog().catch(() => {});
  } catch (error) {
    outcome.error = error;
    if (error instanceof ApiError && error.kind === "auth") {
      // Her token no longer works (a new PIN, disabled): it must not sign her in offline either.
      if (state.user) await forgetSignIns([state.user.username]);
      update({ needLogin: true });
    }
    else if (error instanceof ApiError && error.kind === "network") update({ online: false });
  } finally {
    update({ syncing: false });
    await refreshCounts();
  }
  return outcome;
}

/** Sends one batch and applies the answers; throws what the server or the network said. */
async function send(group, chunk) {
  const shiftItems = chunk.filter((item) => item.kind === "shift");
  const payload = await posSyncSales(state.token, {
    cart: group.cart,
    deviceId: group.deviceId,
    sales: chunk.filter((item) => item.kind === "sale").map((item) => item.input),
    refunds: chunk.filter((item) => item.kind === "refund").map((item) => item.input),
    shifts: shiftItems.map((item) => item.input),
    offlineSignIns: await keptSignIns(),
  });
  await forgetSignIns(payload.offlineSignInsRevoked);
  const errors = payload.errors || [];
  if (errors.length) {
    const kind = errors.some((e) => e.code === "PERMISSION_DENIED") ? "auth" : "server";
    throw new ApiError(errors.map((e) => e.message).join(" "), { kind, code: errors[0].code });
  }
  // One answer per shift sent, in order: each is matched to its queue item (an open or a close).
  const shiftResults = (payload.shiftResults || []).map((result, i) => ({ ...result, clientUuid: shiftItems[i].clientUuid }));
  const applied = await db.applySyncResults(chunk, [...(payload.results || []), ...shiftResults]);
  if (shiftResults.length) update({ lastZReport: await db.getMeta("lastZReport") });
  return applied;
}

/** The server answered, and refused the request as a whole (not: no connection, or signed out). */
function refusedWhole(error) {
  return error instanceof ApiError && (error.kind === "server" || error.status === 500);
}

/**
 * Sends a batch; refused as a whole, sends its halves, down to the one item that fails alone. That
 * item is set aside only when an empty batch goes through (the server works, the item is what it
 * cannot take); when even that fails, the server is down and everything stays queued for later.
 */
async function sendIsolating(group, chunk, outcome) {
  try {
    const applied = await send(group, chunk);
    outcome.sent += applied.acknowledged;
    outcome.rejected += applied.rejected;
    return;
  } catch (error) {
    if (!refusedWhole(error) || !chunk.length) throw error;
    if (chunk.length > 1) {
      const middle = Math.ceil(chunk.length / 2);
      await sendIsolating(group, chunk.slice(0, middle), outcome);
      await sendIsolating(group, chunk.slice(middle), outcome);
      return;
    }
    await send(group, []);
    const [item] = chunk;
    const reason = `${SET_ASIDE_REASON} (${error.message})`;
    await db.applySyncResults(chunk, [{ clientUuid: item.clientUuid, status: "REJECTED", reason }]);
    // Staff are told too (the server never saw it): until that report goes through, it is retried.
    const record = await db.get("rejected", item.clientUuid);
    await db.put("rejected", { ...record, setAside: true, reported: false });
    outcome.rejected += 1;
    outcome.setAside += 1;
  }
}

/** Reports each set-aside sale the server has not heard of yet; one refused stays to report later. */
async function reportSetAside() {
  const records = await db.all("rejected");
  for (const record of records) {
    if (!record.setAside || record.reported) continue;
    const payload = await posSaleSetAside(state.token, {
      cart: record.cart,
      deviceId: record.deviceId,
      clientUuid: record.clientUuid,
      reason: record.reason,
      sale: JSON.stringify(record.input),
    });
    if (payload.recorded) await db.put("rejected", { ...record, reported: true });
  }
}

/** Fetches the cart's catalogue snapshot into its own store; queued sales are not touched. */
export function refreshCatalog() {
  return inTurn(fetchCatalog);
}

async function fetchCatalog() {
  if (!state.token || !state.cart) return null;
  const cart = state.cart.code;
  const ackedBefore = await db.getMeta("ackSeq", 0);
  const snapshot = await posCatalog(state.token, cart);
  await db.replaceCatalog({ ...snapshot, cart, ackedBefore });
  // The pickup list comes after, outside the turn: it must not hold back a sync waiting for it.
  setTimeout(() => fetchPickups(state.token, cart).catch(() => {}), 0);
  // The new figures and what still counts against them, drawn at once.
  const { counts } = await readCounts();
  update({ catalog: snapshot.items, catalogFetchedAt: Date.now(), online: true, ...counts });
  warmThumbnails(snapshot.items);
  return snapshot;
}

/** Puts every thumbnail of the catalogue into the cache the service worker answers from. */
async function warmThumbnails(items) {
  if (!("caches" in window)) return;
  const cache = await caches.open(THUMBNAIL_CACHE);
  for (const item of items) {
    if (!item.thumbnailUrl) continue;
    const url = new URL(item.thumbnailUrl, location.href);
    if (url.origin !== location.origin || (await cache.match(url.pathname))) continue;
    try {
      const response = await fetch(url, { cache: "no-store" });
      if (response.ok) await cache.put(url.pathname, response);
    } catch {
      return; // offline again: the rest next time
    }
  }
}

export function startSyncLoop() {
  window.addEventListener("online", () => {
    update({ online: true });
    syncNow({ ping: true });
  });
  window.addEventListener("offline", () => update({ online: false }));
  setInterval(() => {
    if (state.queueCount > 0 || state.shiftsWaiting > 0 || (!state.online && navigator.onLine)) syncNow({ ping: true });
  }, INTERVAL_MS);
  if ("storage" in navigator && navigator.storage.persist) navigator.storage.persist().catch(() => {});
}
