// A few DOM helpers: build elements, sheets (dialogs that rise from the bottom), short notices.

const PROPS = new Set(["value", "checked", "disabled", "hidden", "selected", "textContent"]);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (PROPS.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let sheetCount = 0;
/** A modal sheet; returns {el, close}. Closing by the backdrop or Escape unless `modal` is set. */
export function openSheet(content, { onClose, modal = false, className = "" } = {}) {
  const backdrop = h("div", { class: "backdrop" });
  const sheet = h("div", { class: `sheet ${className}`, role: "dialog", "aria-modal": "true" }, content);
  backdrop.append(sheet);
  // A dialog is named by its heading (or a question's text), as a screen reader announces it.
  const title = sheet.querySelector("h1, h2, h3, .confirm-text");
  if (title) {
    title.id ||= `sheet-title-${++sheetCount}`;
    sheet.setAttribute("aria-labelledby", title.id);
  }
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    backdrop.remove();
    document.removeEventListener("keydown", onKey);
    onClose?.();
  };
  const onKey = (event) => {
    if (event.key === "Escape" && !modal) close();
  };
  if (!modal) backdrop.addEventListener("click", (event) => event.target === backdrop && close());
  document.addEventListener("keydown", onKey);
  document.body.append(backdrop);
  const first = sheet.querySelector("[autofocus], input, textarea");
  if (first) setTimeout(() => first.focus(), 0);
  return { el: sheet, close };
}

let toastTimer = null;
export function toast(message, kind = "info") {
  let el = document.getElementById("toast");
  if (!el) {
    el = h("div", { id: "toast", role: "status", "aria-live": "polite" });
    document.body.append(el);
  }
  el.className = `toast toast-${kind} show`;
  el.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove("show"), 4000);
}

/** Puts `node` into the print area and opens the browser's print dialog. */
export function printNode(node) {
  const area = document.getElementById("print-area");
  replace(area, node.cloneNode(true));
  window.print();
}

export function uuid4() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((n) => n.toString(16).padStart(2, "0")).join("");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** A yes/no question in a sheet; resolves true for yes. */
export function confirmSheet(message, okLabel, cancelLabel = document.documentElement.lang === "en" ? "Cancel" : "取消") {
  return new Promise((resolve) => {
    let answer = false;
    const sheet = openSheet(
      h(
        "div",
        { class: "confirm" },
        h("p", { class: "confirm-text" }, message),
        h(
          "div",
          { class: "sheet-actions" },
          h("button", { class: "btn btn-big", onclick: () => sheet.close() }, cancelLabel),
          h("button", { class: "btn btn-big btn-primary", "data-testid": "confirm-yes", onclick: () => ((answer = true), sheet.close()) }, okLabel),
        ),
      ),
      { onClose: () => resolve(answer) },
    );
  });
}
