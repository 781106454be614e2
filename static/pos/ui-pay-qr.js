// The QR code for the exact amount (docs/pos.md): online, a WeChat Pay or Alipay sale can show a code made for
// this sale's total; the tablet checks it every 2 s until paid, and the sale is then recorded as paid by
// that payment (the server checks the claim at sync). Offline, on any refusal, or when the operator
// cancels, the sale falls back to the merchant's printed QR code and a recorded payment.

import { payloadError, posPaymentQrCancel, posPaymentQrCheck, posPaymentQrCreate } from "./api.js";
import { h, replace, uuid4 } from "./dom.js";
import { t } from "./i18n.js";
import { formatFen } from "./money.js";
import { state } from "./state.js";
import qrcode from "./vendor/qrcode-generator/qrcode.mjs";

const CHECK_EVERY_MS = 2000;

function qrImage(text, method) {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  return h("img", { class: "qr qr-pay-code", src: qr.createDataURL(8, 2), alt: t(`qrAlt_${method}`), width: 320, height: 320, "data-testid": "pay-qr-code" });
}

/**
 * Shows the code in `panel`. onPaid({clientUuid, providerReference}) once the provider says paid;
 * onFallback(message) when the printed code must do. Returns {stop()}: gives the code up (the sheet
 * closed), with the same outcome as the cancel button.
 */
export function startQrPayment({ panel, method, totalFen, onPaid, onFallback }) {
  const clientUuid = uuid4();
  let reference = null;
  let finished = false;
  let timer = null;

  const finish = (outcome) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    outcome();
  };
  const fallBack = (message) => finish(() => onFallback(message));
  const paid = () => finish(() => onPaid({ clientUuid, providerReference: reference }));

  async function check() {
    if (finished) return;
    try {
      const answer = await posPaymentQrCheck(state.token, { cart: state.cart.code, reference });
      const status = answer.payment && answer.payment.status;
      if (status === "PAID") return paid();
      if (status === "CANCELLED" || status === "FAILED") return fallBack(t("qrClosed"));
    } catch {
      // No answer this time (the connection dropped a moment): the next check asks again.
    }
    if (!finished) timer = setTimeout(check, CHECK_EVERY_MS);
  }

  async function cancel() {
    if (finished) return;
    clearTimeout(timer);
    replace(panel, h("p", { class: "qr-pay-wait" }, t("qrCancelling")));
    if (reference) {
      try {
        const answer = await posPaymentQrCancel(state.token, { cart: state.cart.code, reference });
        // Paid just before the cancel: the sale is paid by it after all.
        if (answer.payment && answer.payment.status === "PAID") return paid();
      } catch {
        // Offline: the code is given up here; the server closes nothing, and a payment made now is not
        // this sale's (the printed code's payment is recorded instead).
      }
    }
    fallBack(t("qrCancelled"));
  }

  async function begin() {
    if (!navigator.onLine) return fallBack(t("qrOffline"));
    replace(panel, h("p", { class: "qr-pay-wait", "data-testid": "pay-qr-wait" }, t("qrMaking")));
    let answer;
    try {
      answer = await posPaymentQrCreate(state.token, { cart: state.cart.code, clientUuid, amountFen: totalFen, method });
    } catch {
      return fallBack(t("qrNoAnswer"));
    }
    if (finished) return;
    if (!answer.payment) return fallBack(t("qrRefused", { message: payloadError(answer) || "" }));
    reference = answer.payment.reference;
    replace(
      panel,
      h(
        "div",
        { class: "qr-pay", "data-testid": "pay-qr", "data-reference": reference },
        qrImage(answer.payment.qrCode, method),
        h("p", { class: "qr-pay-amount" }, h("strong", {}, formatFen(answer.payment.amountFen))),
        h("p", { role: "status" }, t(`qrScan_${method}`)),
        h("button", { type: "button", class: "btn", "data-testid": "pay-qr-cancel", onclick: () => cancel() }, t("qrGiveUp")),
      ),
    );
    if (answer.payment.status === "PAID") return paid();
    timer = setTimeout(check, CHECK_EVERY_MS);
  }

  begin();
  return { stop: () => cancel() };
}
