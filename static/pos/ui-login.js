// Sign-in with username and PIN (a keypad for the PIN), then binding the tablet to one of her carts.

import { ApiError, currentShift, operatorTokenCreate } from "./api.js";
import * as db from "./db.js";
import { h, toast } from "./dom.js";
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
          message.textContent = error instanceof ApiError && error.kind === "network" ? t("loginNeedsNet") : error.message;
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
    navigator.onLine ? null : h("p", { class: "offline-note" }, t("loginNeedsNet")),
    message,
    h("div", { class: "form-actions" }, submit),
  );
  return h("div", { class: "center" }, form);
}

async function signIn(username, pin) {
  if (!username || !pin) throw new Error(t("loginFailed"));
  const payload = await operatorTokenCreate(username, pin);
  // Too many wrong PINs from this tablet: the server says until when (not "wrong PIN").
  const locked = ((payload && payload.errors) || []).find((error) => error.code === "SIGN_IN_LOCKED");
  if (locked) throw new Error(locked.message);
  if (!payload || !payload.token || (payload.errors && payload.errors.length)) throw new Error(t("loginFailed"));
  const carts = payload.carts || [];
  await db.setMeta({ token: payload.token, user: payload.user, carts });
  update({ token: payload.token, user: payload.user, carts, needLogin: false });
  if (!carts.length) throw new Error(t("noCarts"));
  const bound = state.cart && carts.find((cart) => cart.code === state.cart.code);
  if (carts.length === 1) await bindCart(carts[0]);
  else if (bound) await bindCart(bound);
  else go("carts");
  // Sales queued before a sign-out go now (and the header learns the connection works).
  syncNow({ ping: true });
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

/** Binds the tablet to the cart, resumes its open shift on this device, and loads its catalogue. */
export async function bindCart(cart) {
  const changed = !state.cart || state.cart.code !== cart.code;
  await db.setMeta({ cart });
  update({ cart, ...(changed ? { catalog: [], basket: [] } : {}) });
  let shift = null;
  try {
    shift = await currentShift(state.token, cart.code, state.deviceId);
    await refreshCatalog();
  } catch (error) {
    toast(t("error", { message: error.message }), "bad");
  }
  await db.setMeta({ shift });
  update({ shift });
  await refreshCounts();
  go(shift ? "sell" : "shift-open");
}
