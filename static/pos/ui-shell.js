// The frame around every screen: the header that always tells the cart, the connection, how many
// sales wait and when the last sync succeeded; the practice banner; the tab bar at the bottom.

import * as db from "./db.js";
import { confirmSheet, h, replace, toast } from "./dom.js";
import { getLang, hhmm, setLang, t } from "./i18n.js";
import { state, subscribe, update } from "./state.js";
import { refreshCatalog, syncNow } from "./sync.js";

const screens = {};
let header;
let notice;
let banner;
let main;
let nav;

export function registerScreen(name, render) {
  screens[name] = render;
}

export function mountShell() {
  header = h("header", { class: "topbar" });
  notice = h("div", { class: "notice-bar", hidden: true });
  banner = h("div", { class: "practice-banner", hidden: true, "data-testid": "practice-banner" });
  main = h("main", { class: "screen", id: "screen" });
  nav = h("nav", { class: "tabs", "aria-label": "main" });
  replace(document.getElementById("app"), header, notice, banner, main, nav);
  subscribe((_state, patch) => {
    const keys = Object.keys(patch);
    const headerKeys = ["online", "queueCount", "lastSyncAt", "syncing", "cart", "rejectedCount", "needLogin", "lang", "token"];
    if (keys.some((key) => headerKeys.includes(key))) renderHeader();
  });
}

export function go(screen) {
  update({ screen });
  renderScreen();
}

export function renderScreen() {
  document.body.classList.toggle("practice-mode", state.practice);
  document.body.dataset.screen = state.screen;
  renderHeader();
  renderNav();
  const render = screens[state.screen];
  replace(main, render ? render() : "");
  main.scrollTop = 0;
}

function pill(text, kind, testid) {
  return h("span", { class: `pill pill-${kind}`, "data-testid": testid }, text);
}

export function renderHeader() {
  if (!header) return;
  const waiting = state.queueCount;
  const signedIn = Boolean(state.token);
  replace(
    header,
    h(
      "div",
      { class: "brand" },
      h("img", { src: document.querySelector('link[rel="icon"]').href, alt: "", width: 40, height: 40 }),
      h("strong", { "data-testid": "cart-name" }, state.cart ? cartName(state.cart) : t("appName")),
    ),
    h(
      "div",
      { class: "status" },
      state.online ? pill(t("online"), "ok", "connection") : pill(t("offline"), "bad", "connection"),
      pill(t("waiting", { n: waiting }), waiting ? "warn" : "quiet", "queue-count"),
      state.rejectedCount
        ? h("button", { class: "pill pill-bad", onclick: () => go("sales"), "data-testid": "rejected-count" }, t("rejectedBadge", { n: state.rejectedCount }))
        : null,
      h("span", { class: "last-sync", "data-testid": "last-sync" }, state.lastSyncAt ? t("lastSync", { time: hhmm(state.lastSyncAt) }) : t("neverSynced")),
    ),
    h(
      "div",
      { class: "actions" },
      signedIn
        ? h(
            "button",
            { class: "btn btn-sync", disabled: state.syncing, onclick: manualSync, "data-testid": "sync-now" },
            state.syncing ? t("syncing") : t("syncNow"),
          )
        : null,
      h("button", { class: "btn btn-ghost", onclick: toggleLang, "data-testid": "lang" }, t("langToggle")),
      signedIn ? h("button", { class: "btn btn-ghost", onclick: () => logout(), "data-testid": "logout" }, t("logout")) : null,
    ),
  );
  notice.hidden = !state.needLogin;
  if (state.needLogin) {
    replace(notice, h("span", {}, t("needLogin")), h("button", { class: "btn", onclick: () => logout(true) }, t("login")));
  }
}

export function renderBanner() {
  banner.hidden = !state.practice;
  replace(banner, state.practice ? t("practiceBanner") : "");
  document.body.classList.toggle("practice-mode", state.practice);
}

function renderNav() {
  const inApp = state.token && state.cart && !["login", "carts"].includes(state.screen);
  nav.hidden = !inApp;
  renderBanner();
  if (!inApp) return replace(nav);
  const tabs = [
    ["sell", "navSell"],
    ["sales", "navSales"],
    ["pickups", "navPickups"],
    ["restock", "navRestock"],
    ["count", "navCount"],
    ["shift", "navShift"],
  ];
  replace(
    nav,
    tabs.map(([screen, label]) => {
      const target = screen === "sell" && !state.shift ? "shift-open" : screen;
      const current = state.screen === target || (screen === "shift" && state.screen === "zreport");
      return h(
        "button",
        { class: `tab${current ? " current" : ""}`, "aria-current": current ? "page" : null, onclick: () => go(target), "data-testid": `tab-${screen}` },
        t(label),
      );
    }),
  );
}

export function cartName(cart) {
  return (getLang() === "en" ? cart.nameEn : cart.nameZh) || cart.name || cart.code;
}

async function manualSync() {
  const outcome = await syncNow({ ping: true });
  if (outcome.error) toast(outcome.error.kind === "auth" ? t("needLogin") : t("syncFailed"), "bad");
  else if (outcome.setAside) toast(t("setAsideToast", { n: outcome.setAside }), "bad");
  else if (outcome.sent || outcome.rejected) toast(t("syncedToast", { n: outcome.sent }), "ok");
}

async function toggleLang() {
  const lang = getLang() === "en" ? "zh" : "en";
  setLang(lang);
  await db.setMeta({ lang });
  update({ lang });
  renderScreen();
  if (state.token && state.cart && navigator.onLine) refreshCatalog().then(renderScreen, () => {});
}

/**
 * Signs out; the queue and the sales stay on the tablet and sync after the next sign-in. The open
 * shift stays too (the tablet keeps it, docs/pos.md): the next sign-in here resumes it.
 */
export async function logout(skipConfirm = false) {
  if (!skipConfirm && !(await confirmSheet(t("logoutConfirm"), t("logout")))) return;
  await db.setMeta({ token: null, user: null, carts: null });
  update({ token: null, user: null, carts: [], shift: null, basket: [], needLogin: false, practice: false });
  go("login");
}
