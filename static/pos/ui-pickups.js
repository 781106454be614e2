// The pickup screen: online orders waiting at this cart (number, name, pieces), found by picking one
// from the list or by its order number (typed, or read from the tourist's order QR code); the pickup
// code she has is checked on the tablet, and the handover is queued and synced once (pickups.js).

import { h, replace, toast } from "./dom.js";
import { addStrings, itemName, t } from "./i18n.js";
import { codeMatches, handOver, orderNumberOf, waitingPickups } from "./pickups.js";
import { state, subscribe } from "./state.js";
import { refreshCounts, syncNow } from "./sync.js";
import { scanButton } from "./ui-scan.js";
import { go } from "./ui-shell.js";

let pendingNumber = null;

/** Opens the pickup screen on this order (its QR code was scanned). */
export function showPickup(number) {
  pendingNumber = number;
  go("pickups");
}

addStrings({
  navPickups: ["自提", "Pickups"],
  pickupsTitle: ["待自提订单", "Orders to pick up"],
  pickupsNone: ["没有等待自提的订单。", "No orders waiting to be picked up."],
  pickupFind: ["订单号或订单二维码", "Order number or its QR code"],
  pickupFindGo: ["查找", "Find"],
  pickupNotFound: ["这辆车没有待自提的订单 {number}。", "No order {number} waiting at this cart."],
  pickupOpen: ["交付", "Hand over"],
  pickupCode: ["取货码（游客订单页上的 6 位数）", "Pickup code (6 digits on the tourist's order page)"],
  pickupConfirm: ["核对并交付", "Check and hand over"],
  pickupWrongCode: ["取货码不对，请游客再核对订单页。", "Wrong pickup code: ask the tourist to check her order page."],
  pickupDone: ["订单 {number} 已交付。", "Order {number} handed over."],
  pickupsHanded: ["本机已交付", "Handed over on this tablet"],
  pickupQueued: ["待同步", "waiting to sync"],
  pickupSynced: ["已同步", "synced"],
  pickupRejected: ["服务器未接受：{reason}", "Refused by the server: {reason}"],
  reservedForPickup: ["留 {n} 件待自提", "{n} held for pickup"],
  allReserved: ["留给自提", "Held for pickup"],
});

export function pickupsScreen() {
  const listEl = h("ul", { class: "sales-list", "data-testid": "pickup-list" });
  const doneEl = h("ul", { class: "sales-list", "data-testid": "pickups-handed" });
  const panel = h("section", { class: "pickup-panel", "data-testid": "pickup-panel", hidden: true });
  const find = h("input", { type: "search", class: "sales-search", placeholder: t("pickupFind"), "aria-label": t("pickupFind"), "data-testid": "pickup-find" });
  const findMessage = h("p", { class: "field-error", role: "alert", "data-testid": "pickup-find-error" });
  const reload = () => load(listEl, doneEl, panel);
  const findOrder = async (event) => {
    event.preventDefault();
    const number = orderNumberOf(find.value);
    const { orders } = await waitingPickups();
    const order = orders.find((entry) => entry.number === number);
    replace(findMessage, order ? "" : t("pickupNotFound", { number }));
    if (order) openPanel(panel, order, reload);
  };
  const form = h("form", { class: "pickup-find", onsubmit: findOrder }, find, h("button", { class: "btn", type: "submit", "data-testid": "pickup-find-go" }, t("pickupFindGo")), scanButton(), findMessage);
  reload();
  // The list fetched anew (with each catalogue snapshot) is drawn while the screen shows.
  const unsubscribe = subscribe((_state, patch) => {
    if (!listEl.isConnected) unsubscribe();
    else if ("pickups" in patch) reload();
  });
  if (pendingNumber) {
    find.value = pendingNumber;
    pendingNumber = null;
    setTimeout(() => form.requestSubmit(), 0);
  }
  return h("div", { class: "page" }, h("h1", {}, t("pickupsTitle")), form, panel, listEl, h("h2", {}, t("pickupsHanded")), doneEl);
}

const piecesText = (order) => order.pieces.map((piece) => `${itemName(piece)}${piece.variantName ? ` ${piece.variantName}` : ""} × ${piece.quantity}`).join("，");
const who = (order) => [order.name, order.phoneTail ? `****${order.phoneTail}` : ""].filter(Boolean).join(" ");

async function load(listEl, doneEl, panel) {
  const { orders, doneByNumber } = await waitingPickups();
  replace(
    listEl,
    orders.length
      ? orders.map((order) =>
          h(
            "li",
            { class: "sale-row", "data-testid": `pickup-${order.number}` },
            h("strong", {}, order.number),
            h("span", {}, who(order)),
            h("span", { class: "pickup-pieces" }, piecesText(order)),
            h("button", { class: "btn", onclick: () => openPanel(panel, order, () => load(listEl, doneEl, panel)), "data-testid": `pickup-open-${order.number}` }, t("pickupOpen")),
          ),
        )
      : h("li", { class: "empty" }, t("pickupsNone")),
  );
  replace(
    doneEl,
    Object.entries(doneByNumber).map(([number, entry]) =>
      h(
        "li",
        { class: "sale-row", "data-testid": `handed-${number}`, "data-state": entry.status },
        h("strong", {}, number),
        h("span", {}, entry.status === "rejected" ? t("pickupRejected", { reason: entry.reason }) : t(entry.status === "synced" ? "pickupSynced" : "pickupQueued")),
      ),
    ),
  );
}

function openPanel(panel, order, reload) {
  const code = h("input", { inputmode: "numeric", autocomplete: "off", maxlength: 6, "aria-label": t("pickupCode"), "data-testid": "pickup-code" });
  const message = h("p", { class: "field-error", role: "alert", "data-testid": "pickup-error" });
  const confirm = async (event) => {
    event.preventDefault();
    if (!(await codeMatches(order, code.value))) {
      code.setAttribute("aria-invalid", "true");
      code.focus();
      return replace(message, t("pickupWrongCode"));
    }
    await handOver(order, code.value);
    panel.hidden = true;
    toast(t("pickupDone", { number: order.number }), "ok");
    await refreshCounts();
    reload();
    if (state.online) syncNow().then(reload, () => {});
  };
  panel.hidden = false;
  replace(
    panel,
    h(
      "form",
      { onsubmit: confirm },
      h("h2", {}, order.number),
      h("p", {}, who(order)),
      h("p", {}, piecesText(order)),
      h("label", {}, t("pickupCode"), code),
      message,
      h("button", { class: "btn btn-primary", type: "submit", "data-testid": "pickup-confirm" }, t("pickupConfirm")),
    ),
  );
  code.focus();
}
