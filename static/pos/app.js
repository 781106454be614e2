// 工坊收银: the cart app's entry point. Loads what the tablet remembers from IndexedDB, registers the
// service worker, draws the right screen and starts the sync loop.

import * as db from "./db.js";
import { uuid4 } from "./dom.js";
import { setLang } from "./i18n.js";
import { state, subscribe, update } from "./state.js";
import { basketFromStore, basketToStore } from "./stock.js";
import { refreshCatalog, refreshCounts, startSyncLoop, syncNow } from "./sync.js";
import { cartsScreen, loginScreen } from "./ui-login.js";
import { pickupsScreen, showPickup } from "./ui-pickups.js";
import { showReceipt } from "./ui-receipt.js";
import { salesScreen } from "./ui-sales.js";
import { onScanned } from "./ui-scan.js";
import { addPiece, sellScreen } from "./ui-sell.js";
import { go, mountShell, registerScreen } from "./ui-shell.js";
import { shiftOpenScreen, shiftScreen, zReportScreen } from "./ui-shift.js";
import { countScreen, restockScreen } from "./ui-stock.js";

registerScreen("login", loginScreen);
registerScreen("carts", cartsScreen);
registerScreen("shift-open", shiftOpenScreen);
registerScreen("sell", sellScreen);
registerScreen("sales", salesScreen);
registerScreen("pickups", pickupsScreen);
registerScreen("restock", restockScreen);
registerScreen("count", countScreen);
registerScreen("shift", shiftScreen);
registerScreen("zreport", zReportScreen);
// What a scanned QR code does (ui-scan.js): a tag sells its piece, a receipt shows its sale, an order opens its pickup.
onScanned({ piece: addPiece, receipt: (sale) => showReceipt(sale), order: showPickup });

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const config = JSON.parse(document.getElementById("pos-config").textContent);
  try {
    await navigator.serviceWorker.register(config.swUrl, { scope: "/pos/" });
    await navigator.serviceWorker.ready;
    // Marks the moment the app can be reopened with no connection (the browser tests wait for it).
    const mark = () => navigator.serviceWorker.controller && (document.documentElement.dataset.offlineReady = "1");
    mark();
    navigator.serviceWorker.addEventListener("controllerchange", mark);
  } catch (error) {
    console.warn("service worker not registered", error);
  }
}

function firstScreen() {
  if (!state.token) return "login";
  if (!state.cart) return "carts";
  if (!state.shift) return state.lastZReport ? "zreport" : "shift-open";
  return "sell";
}

async function boot() {
  // First thing: on a first visit the connection may not last long enough for anything later.
  registerServiceWorker();
  await db.openDb();
  const meta = await db.allMeta();
  let deviceId = meta.deviceId;
  if (!deviceId) {
    deviceId = uuid4();
    await db.setMeta({ deviceId });
  }
  setLang(meta.lang || "zh");
  update({
    lang: meta.lang || "zh",
    deviceId,
    token: meta.token || null,
    user: meta.user || null,
    carts: meta.carts || [],
    cart: meta.cart || null,
    shift: meta.shift || null,
    lastSyncAt: meta.lastSyncAt || null,
    lastZReport: meta.lastZReport || null,
    practice: Boolean(meta.practice),
    catalog: await db.all("catalog"),
    online: navigator.onLine,
  });
  // The catalogue store keeps the server's order (what the cart holds first) by its sort key.
  state.catalog.sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  // The basket being rung up when the tablet was closed, restarted or reloaded comes back.
  state.basket = state.shift ? basketFromStore(meta.basket, state.catalog) : [];
  // <html data-basket-saved> says whether IndexedDB holds the basket as shown (false while a write is on its way).
  let basketWrites = 0;
  document.documentElement.dataset.basketSaved = "true";
  subscribe((_state, patch) => {
    if (!("basket" in patch)) return;
    basketWrites += 1;
    document.documentElement.dataset.basketSaved = "false";
    db.setMeta({ basket: state.basket.length ? basketToStore(state.basket) : null }).finally(() => {
      basketWrites -= 1;
      if (!basketWrites) document.documentElement.dataset.basketSaved = "true";
    });
  });
  mountShell();
  await refreshCounts();
  go(firstScreen());
  startSyncLoop();
  if (state.token && state.cart && navigator.onLine) {
    syncNow({ ping: true });
    refreshCatalog().catch(() => {});
  }
}

boot().catch((error) => {
  document.getElementById("app").textContent = `工坊收银无法启动 / could not start: ${error.message}`;
  throw error;
});
