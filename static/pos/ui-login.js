// Sign-in with username and PIN (a keypad for the PIN), then binding the tablet to one of her carts.

import { ApiError, currentShift, operatorTokenCreate } from "./api.js";
import * as db from "./db.js";
import { h, toast } from "./dom.js";
import { MAX_FAILURES, OfflineSignInError, rememberSignIn, verifyOffline } from "./offline-sign-in.js";
import { t } from "./i18n.js";
import { state, update } from "./state.js";
import { refreshCatalog, refreshCounts, syncNow } from "./sync.js";
import { cartName, go } from "./ui-shell.js";

export function loginScreen() {
  const username = h("input", {
    id: "login-username",
    name: "username",
    autocomplete: "username",
    autocapitalize: "none",
    spellcheck: "false",
    required: true,
    value: (state.user && state.user.username) || "",
  });
  const pin = h("input", {
    id: "login-pin",
    name: "pin",
    type: "password",
    inputmode: "numeric",
    autocomplete: "current-password",
    maxlength: 6,
    pattern: "[0-9]*",
    required: true,
  });
  const message = h("p", { class: "form-error", role: "alert" });
  const submit = h("button", { class: "btn btn-big btn-primary", type: "submit", "data-testid": "login-submit" }, t("login"));

  const keypad = h(
    "div",
    { class: "keypad", "aria-hidden": "true" },
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "⌫"].map((key) =>
      h(
        "button",
        {
          type: "button",
          class: "key",
          tabindex: "-1",
          onclick: () => {
            if (key === "C") pin.value = "";
            else if (key === "⌫") pin.value = pin.value.slice(0, -1);
            else if (pin.value.length < 6) pin.value += key;
          },
        },
        key === "C" ? t("clear") : key,
      ),
    ),
  );

  const form = h(
    "form",
    {
      class: "card login",
      onsubmit: async (event) => {
        event.preventDefault();
        message.textContent = "";
        submit.disabled = true;
        try {
          await signIn(username.value.trim(), pin.value.trim());
        } catch (error) {
          message.textContent = error.message;
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("h1", {}, t("loginTitle")),
    h("label", { for: "login-username" }, t("username")),
    username,
    h("label", { for: "login-pin" }, t("pin")),
    pin,
    keypad,
    navigator.onLine ? null : h("p", { class: "offline-note", "data-testid": "offline-login-note" }, t("loginOffline")),
    message,
    h("div", { class: "form-actions" }, submit),
  );
  return h("div", { class: "center" }, form);
}

async function signIn(username, pin) {
  if (!username || !pin) throw new Error(t("loginFailed"));
  // No connection at all: straight to the PIN kept on the tablet (no 20 s wait for a timeout).
  if (!navigator.onLine) return signInOffline(username, pin);
  let payload;
  try {
    payload = await operatorTokenCreate(username, pin);
  } catch (error) {
    if (error instanceof ApiError && error.kind === "network") return signInOffline(username, pin);
    throw error;
  }
  // Too many wrong PINs from this tablet: the server says until when (not "wrong PIN").
  const locked = ((payload && payload.errors) || []).find((error) => error.code === "SIGN_IN_LOCKED");
  if (locked) throw new Error(locked.message);
  if (!payload || !payload.token || (payload.errors && payload.errors.length)) throw new Error(t("loginFailed"));
  const carts = payload.carts || [];
  // Her next sign-in here may have no connection: a slow hash of her PIN, never the PIN.
  await rememberSignIn({ username, pin, token: payload.token, user: payload.user, carts });
  await signedIn({ token: payload.token, user: payload.user, carts });
  // Sales queued before a sign-out go now (and the header learns the connection works).
  syncNow({ ping: true });
}

/** Her PIN checked on the tablet against the hash kept at her last online sign-in here. */
async function signInOffline(username, pin) {
  let kept;
  try {
    kept = await verifyOffline(username, pin);
  } catch (error) {
    if (!(error instanceof OfflineSignInError)) throw error;
    if (error.code === "locked") throw new Error(t("offlineLocked"));
    if (error.code === "unknown") throw new Error(t("offlineUnknown", { username }));
    throw new Error(t("offlineWrong", { n: MAX_FAILURES - error.failures }));
  }
  await signedIn({ token: kept.token, user: kept.user, carts: kept.carts || [] });
  toast(t("offlineSignedIn"), "ok");
}

async function signedIn({ token, user, carts }) {
  await db.setMeta({ token, user, carts });
  update({ token, user, carts, needLogin: false });
  if (!carts.length) throw new Error(t("noCarts"));
  const bound = state.cart && carts.find((cart) => cart.code === state.cart.code);
  if (carts.length === 1) await bindCart(carts[0]);
  else if (bound) await bindCart(bound);
  else go("carts");
}

export function cartsScreen() {
  return h(
    "div",
    { class: "center" },
    h(
      "div",
      { class: "card" },
      h("h1", {}, t("pickCart")),
      h(
        "div",
        { class: "cart-list" },
        state.carts.map((cart) =>
          h("button", { class: "btn btn-big btn-choice", onclick: () => bindCart(cart), "data-testid": `cart-${cart.code}` }, cartName(cart), h("small", {}, cart.code)),
        ),
      ),
    ),
  );
}

/**
 * Binds the tablet to the cart and resumes its open shift there: the one the tablet keeps (its shifts
 * are made on the tablet, docs/pos.md), else one the server knows on this device (opened before
 * shifts were made on the tablet); then loads its catalogue when there is a connection.
 */
export async function bindCart(cart) {
  const changed = !state.cart || state.cart.code !== cart.code;
  await db.setMeta({ cart });
  update({ cart, ...(changed ? { catalog: [], basket: [] } : {}) });
  const kept = await db.getMeta("shift");
  let shift = kept && (kept.cart || cart.code) === cart.code ? kept : null;
  if (navigator.onLine) {
    try {
      if (!shift) shift = await currentShift(state.token, cart.code, state.deviceId);
      await refreshCatalog();
    } catch (error) {
      if (!(error instanceof ApiError && error.kind === "network")) toast(t("error", { message: error.message }), "bad");
    }
  }
  await db.setMeta({ shift });
  update({ shift });
  await refreshCounts();
  go(shift ? "sell" : "shift-open");
}
