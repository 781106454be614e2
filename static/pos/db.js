// IndexedDB "gongfang-pos" (layout in docs/pos.md). A sale is written to `sales` and `queue` in one
// transaction before anything else happens, and leaves the queue only when the server has answered
// for it. The catalogue lives in a store of its own, so refreshing it can never touch a queued sale.
// meta "acked" keeps what the server acknowledged since the catalogue snapshot was asked for (each
// batch numbered by meta "ackSeq"), so the tiles never show a sold piece again (stock.js).

import { refundLines, refundsOf } from "./refunds.js";

const DB_NAME = "gongfang-pos";
const DB_VERSION = 1;
export const OK_STATUSES = new Set(["RECORDED", "DUPLICATE", "RECORDED_WITH_FLAGS"]);
const RETRY_REASON = "sale not yet received";

let dbPromise = null;

export function openDb() {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("meta", { keyPath: "key" });
      db.createObjectStore("catalog", { keyPath: "sku" });
      const queue = db.createObjectStore("queue", { keyPath: "clientUuid" });
      queue.createIndex("queuedAt", "queuedAt");
      const sales = db.createObjectStore("sales", { keyPath: "clientUuid" });
      sales.createIndex("shiftId", "shiftId");
      db.createObjectStore("rejected", { keyPath: "clientUuid" });
      const practice = db.createObjectStore("practice", { keyPath: "clientUuid" });
      practice.createIndex("shiftId", "shiftId");
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab opening a newer version: step aside rather than block it.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error("IndexedDB is blocked by another tab"));
  });
  return dbPromise;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs fn(stores) in one transaction; resolves with fn's result once the transaction committed. */
async function transact(names, mode, fn) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode, { durability: "strict" });
    const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
    let result;
    Promise.resolve(fn(stores, tx))
      .then((value) => {
        result = value;
      })
      .catch((error) => {
        try {
          tx.abort();
        } catch {
          /* already finished */
        }
        reject(error);
      });
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
  });
}

export const all = (store) => transact([store], "readonly", (s) => done(s[store].getAll()));
export const get = (store, key) => transact([store], "readonly", (s) => done(s[store].get(key)));
export const put = (store, value) => transact([store], "readwrite", (s) => done(s[store].put(value)));
export const count = (store) => transact([store], "readonly", (s) => done(s[store].count()));

export async function getMeta(key, fallback = null) {
  const row = await get("meta", key);
  return row === undefined ? fallback : row.value;
}

export async function allMeta() {
  const rows = await all("meta");
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

export function setMeta(values) {
  return transact(["meta"], "readwrite", (s) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined || value === null) s.meta.delete(key);
      else s.meta.put({ key, value });
    }
  });
}

export function byShift(store, shiftId) {
  return transact([store], "readonly", (s) => done(s[store].index("shiftId").getAll(shiftId)));
}

export function queueInOrder() {
  return transact(["queue"], "readonly", (s) => done(s.queue.index("queuedAt").getAll()));
}

/**
 * Replaces the catalogue snapshot; the queue and the sales are other stores and stay as they are.
 * `ackedBefore` is meta "ackSeq" as it was when the snapshot was asked for: what the server
 * acknowledged up to then is in the snapshot's figures, so it no longer counts against them.
 */
export function replaceCatalog({ items, version, generatedAt, cart, ackedBefore }) {
  return transact(["catalog", "meta"], "readwrite", async (s) => {
    s.catalog.clear();
    // `position` keeps the server's order (what the cart holds first); the store itself sorts by SKU.
    items.forEach((item, position) => s.catalog.put({ ...item, position }));
    s.meta.put({ key: "catalog", value: { version, generatedAt, cart, fetchedAt: new Date().toISOString() } });
    const acked = await done(s.meta.get("acked"));
    const newer = ((acked && acked.value) || []).filter((entry) => entry.seq > ackedBefore);
    s.meta.put({ key: "acked", value: newer });
  });
}

/**
 * Numbers and stores a sale: the next per-device sequence, the sale in `sales` and its input in
 * `queue`, all in one transaction, so a sale is either fully kept or not at all.
 * `build(seq)` returns {sale, input} for that sequence number.
 */
export function recordSale(build) {
  return transact(["meta", "sales", "queue"], "readwrite", async (s) => {
    const row = await done(s.meta.get("seq"));
    const seq = (row ? row.value : 0) + 1;
    s.meta.put({ key: "seq", value: seq });
    // The basket becomes this sale: kept together, a restart never finds both.
    s.meta.delete("basket");
    const { sale, input } = build(seq);
    s.sales.put(sale);
    s.queue.put({
      clientUuid: sale.clientUuid,
      kind: "sale",
      cart: sale.cart,
      deviceId: sale.deviceId,
      queuedAt: Date.now() * 1000 + (seq % 1000),
      input,
    });
    return sale;
  });
}

/** A shift opened on the tablet: kept as the open shift and queued for the server, in one transaction. */
export function recordShiftOpen(shift, input) {
  return transact(["meta", "queue"], "readwrite", (s) => {
    s.meta.put({ key: "shift", value: shift });
    s.meta.delete("basket");
    s.queue.put({ clientUuid: `${shift.id}:open`, kind: "shift", cart: shift.cart, deviceId: shift.deviceId, queuedAt: Date.now() * 1000, input });
  });
}

/** The shift closed on the tablet: no open shift any more, its Z report kept, its close queued. */
export function recordShiftClose(shift, input, lastZReport) {
  return transact(["meta", "queue"], "readwrite", (s) => {
    s.meta.delete("shift");
    s.meta.delete("basket");
    s.meta.put({ key: "lastZReport", value: lastZReport });
    // After every sale of the shift in the queue: sent with or after them.
    s.queue.put({ clientUuid: `${shift.id}:close`, kind: "shift", cart: shift.cart, deviceId: shift.deviceId, queuedAt: Date.now() * 1000 + 999, input });
  });
}

/**
 * Queues a refund of some pieces of a sale (`wanted`: {sku: pieces}) and keeps it with the sale (which
 * is never deleted), in one transaction: its lines and amount are worked out from the sale as read
 * here (refunds.refundLines), so two refunds never give back the same piece. `input` is the
 * PosRefundInput without its lines; returns the refund as kept.
 */
export function recordRefund({ saleUuid, input, wanted, cart, deviceId, oldSale = false }) {
  return transact(["sales", "queue"], "readwrite", async (s) => {
    const sale = await done(s.sales.get(saleUuid));
    if (!sale) throw new Error("unknown sale");
    const lines = refundLines(sale, wanted);
    if (!lines || !lines.length) throw new Error("nothing left to refund");
    const refund = {
      clientUuid: input.clientUuid,
      reason: input.reason,
      deviceTime: input.deviceTime,
      shiftId: input.shift,
      status: "queued",
      lines,
      amountFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
      oldSale,
    };
    sale.refunds = [...refundsOf(sale), refund];
    delete sale.refund;
    s.sales.put(sale);
    const pieces = lines.map((line) => ({ sku: line.sku, quantity: line.quantity }));
    const sent = { ...input, lines: Object.entries(wanted).filter(([, n]) => n > 0).map(([sku, quantity]) => ({ sku, quantity })) };
    // The pieces travel with the refund: until the server has it, they are back on the cart.
    s.queue.put({ clientUuid: input.clientUuid, kind: "refund", saleUuid, cart, deviceId, queuedAt: Date.now() * 1000 + 999, input: sent, lines: pieces });
    return refund;
  });
}

/** A practice sale: its own store, no sequence, never queued. */
export const recordPractice = (sale) => put("practice", sale);

export function refundPractice(saleUuid, reason, wanted) {
  return transact(["practice"], "readwrite", async (s) => {
    const sale = await done(s.practice.get(saleUuid));
    const lines = sale && refundLines(sale, wanted);
    if (lines && lines.length) {
      const amountFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
      sale.refunds = [...refundsOf(sale), { reason, deviceTime: new Date().toISOString(), status: "practice", lines, amountFen }];
      delete sale.refund;
      s.practice.put(sale);
    }
    return sale;
  });
}

/**
 * Applies the server's answers to a batch that was sent: acknowledged items leave the queue, rejected
 * ones move to `rejected` with their reason; the sales are marked either way. Items the server did not
 * answer for stay queued. The pieces acknowledged are kept in meta "acked" under the next "ackSeq",
 * until a catalogue snapshot asked for after now replaces them.
 */
export function applySyncResults(sentItems, results) {
  const byUuid = new Map(sentItems.map((item) => [item.clientUuid, item]));
  return transact(["queue", "sales", "rejected", "meta"], "readwrite", async (s) => {
    let acknowledged = 0;
    let rejected = 0;
    const taken = {};
    const count = (lines, sign) => {
      for (const line of lines || []) taken[line.sku] = (taken[line.sku] || 0) + sign * line.quantity;
    };
    for (const result of results) {
      const item = byUuid.get(result.clientUuid);
      if (!item) continue;
      const ok = OK_STATUSES.has(result.status);
      if (!ok && result.status !== "REJECTED") continue;
      // A refund that overtook its sale (another tablet's batch, a retry): it stays queued and goes again.
      if (!ok && (result.reason || "").startsWith(RETRY_REASON)) continue;
      s.queue.delete(item.clientUuid);
      if (item.kind === "shift") {
        if (ok) acknowledged += 1;
        else {
          rejected += 1;
          s.rejected.put({ ...item, reason: result.reason || "", rejectedAt: new Date().toISOString() });
        }
        // The closed shift's Z report on the screen learns the server's verdict.
        const last = await done(s.meta.get("lastZReport"));
        if (last && last.value && last.value.shift.id === item.input.clientUuid && (item.input.closedAt || !ok)) {
          const server = ok
            ? { zReport: result.shift && result.shift.zReport, zDifferences: (result.shift && result.shift.zDifferences) || [] }
            : { rejected: result.reason || "" };
          s.meta.put({ key: "lastZReport", value: { ...last.value, server } });
        }
        continue;
      }
      const saleUuid = item.kind === "refund" ? item.saleUuid : item.clientUuid;
      const sale = await done(s.sales.get(saleUuid));
      const refund = sale && item.kind === "refund" ? refundsOf(sale).find((r) => r.clientUuid === item.clientUuid) : null;
      if (ok) {
        acknowledged += 1;
        if (item.kind === "sale") count(item.input.lines, 1);
        else count(item.lines || (sale && sale.lines), -1);
        if (sale && item.kind === "sale") {
          sale.status = result.flags && result.flags.length ? "flagged" : "synced";
          sale.flags = result.flags || [];
          sale.orderNumber = result.orderNumber || null;
        } else if (refund) {
          refund.status = "synced";
          refund.flags = result.flags || [];
          if (!sale.refunds) sale.refunds = [refund];
        }
      } else {
        rejected += 1;
        s.rejected.put({ ...item, reason: result.reason || "", rejectedAt: new Date().toISOString() });
        if (sale && item.kind === "sale") {
          sale.status = "rejected";
          sale.reason = result.reason || "";
        } else if (refund) {
          refund.status = "rejected";
          refund.rejectReason = result.reason || "";
          if (!sale.refunds) sale.refunds = [refund];
        }
      }
      if (sale) s.sales.put(sale);
    }
    if (acknowledged) {
      const seq = ((await done(s.meta.get("ackSeq"))) || { value: 0 }).value + 1;
      const acked = ((await done(s.meta.get("acked"))) || { value: [] }).value;
      const cart = sentItems[0].cart;
      s.meta.put({ key: "ackSeq", value: seq });
      s.meta.put({ key: "acked", value: [...acked, { seq, cart, taken }] });
    }
    return { acknowledged, rejected };
  });
}

/**
 * A pickup handed over on the tablet: queued for the server (once per UUID) and noted in meta
 * "pickupsDone" (by order number: the list no longer offers it), in one transaction.
 */
export function recordPickup(item) {
  return transact(["meta", "queue"], "readwrite", async (s) => {
    const row = await done(s.meta.get("pickupsDone"));
    const doneByNumber = (row && row.value) || {};
    if (doneByNumber[item.orderNumber] && doneByNumber[item.orderNumber].status !== "rejected") throw new Error("already handed over");
    doneByNumber[item.orderNumber] = { clientUuid: item.clientUuid, at: item.input.deviceTime, status: "queued" };
    s.meta.put({ key: "pickupsDone", value: doneByNumber });
    s.queue.put(item);
  });
}

/** The server's answer to a queued pickup: it leaves the queue; its note says synced or why not. */
export function applyPickupResult(item, { ok, reason = "" }) {
  return transact(["meta", "queue"], "readwrite", async (s) => {
    s.queue.delete(item.clientUuid);
    const row = await done(s.meta.get("pickupsDone"));
    const doneByNumber = (row && row.value) || {};
    doneByNumber[item.orderNumber] = { ...doneByNumber[item.orderNumber], status: ok ? "synced" : "rejected", reason };
    s.meta.put({ key: "pickupsDone", value: doneByNumber });
  });
}

/** A count made offline: queued (its idempotency key is its UUID) and noted as meta "lastCount". */
export function recordCount(item) {
  return transact(["meta", "queue"], "readwrite", (s) => {
    s.meta.put({ key: "lastCount", value: { clientUuid: item.clientUuid, at: item.input.countedAt, report: item.input.report, status: "queued" } });
    s.queue.put(item);
  });
}

/** The server's answer to a queued count: it leaves the queue; "lastCount" says synced or why not. */
export function applyCountResult(item, { ok, reason = "" }) {
  return transact(["meta", "queue"], "readwrite", async (s) => {
    s.queue.delete(item.clientUuid);
    const row = await done(s.meta.get("lastCount"));
    if (row && row.value && row.value.clientUuid === item.clientUuid) {
      s.meta.put({ key: "lastCount", value: { ...row.value, status: ok ? "synced" : "rejected", reason } });
    }
  });
}
