// The scan sheet: the camera where the tablet lets the app use it, and a photo (taken or chosen) the
// same decoder reads (scan.js). What was read is acted on: a staff QR tag adds its piece to the sale,
// an e-receipt QR shows that sale, an online order's QR opens its pickup.

import * as db from "./db.js";
import { h, openSheet, replace, toast } from "./dom.js";
import { addStrings, t } from "./i18n.js";
import { decodeQr, decodeQrFile, readerName, scannedTarget } from "./scan.js";
import { state } from "./state.js";
import { go } from "./ui-shell.js";

addStrings({
  scanOpen: ["扫码", "Scan"],
  scanTitle: ["扫描二维码：商品标签、电子小票或自提订单", "Scan a QR code: a piece's tag, an e-receipt or a pickup order"],
  scanPhoto: ["拍照或选择图片", "Take or choose a photo"],
  scanNoCamera: ["无法使用摄像头，请拍照或选择图片。", "The camera is not available: take or choose a photo."],
  scanNothing: ["图片里没有读到二维码，请再试一次。", "No QR code found in the picture: try again."],
  scanUnknown: ["这个二维码不是工坊的商品标签、小票或订单。", "This QR code is not a Gongfang tag, receipt or order."],
  scanReceiptUnknown: ["这张小票不是这台平板开的。", "This receipt was not made on this tablet."],
  scanAdded: ["已加入：{name}", "Added: {name}"],
});

const FRAME_MS = 250;
let handlers = {};

/** What a scan does with each kind of code (set by the screens that own those actions). */
export function onScanned(more) {
  handlers = { ...handlers, ...more };
}

export function scanButton() {
  return h("button", { class: "btn", type: "button", onclick: openScanner, "data-testid": "scan-open" }, t("scanOpen"));
}

export async function act(text) {
  const target = scannedTarget(text, state.catalog);
  if (target.kind === "piece" && handlers.piece) {
    if (state.screen !== "sell") go("sell");
    return handlers.piece(target.item);
  }
  if (target.kind === "receipt" && handlers.receipt) {
    const sale = (await db.get("sales", target.clientUuid)) || null;
    if (!sale) return toast(t("scanReceiptUnknown"), "bad");
    return handlers.receipt(sale);
  }
  if (target.kind === "order" && handlers.order) return handlers.order(target.number);
  toast(t("scanUnknown"), "bad");
}

function openScanner() {
  const message = h("p", { class: "field-error", role: "status", "data-testid": "scan-message" });
  const reader = h("small", { "data-testid": "scan-reader" });
  const video = h("video", { class: "scan-video", muted: true, playsinline: true, hidden: true });
  let stream = null;
  let timer = null;
  const stop = () => {
    clearTimeout(timer);
    if (stream) stream.getTracks().forEach((track) => track.stop());
  };
  const done = (text) => {
    sheet.close();
    act(text);
  };
  const file = h("input", {
    type: "file",
    accept: "image/*",
    capture: "environment",
    "data-testid": "scan-file",
    onchange: async () => {
      const [picked] = file.files;
      if (!picked) return;
      const text = await decodeQrFile(picked).catch(() => null);
      if (text) done(text);
      else replace(message, t("scanNothing"));
      file.value = "";
    },
  });
  const sheet = openSheet(
    h("div", { class: "scan-sheet", "data-testid": "scan-sheet" }, h("h2", {}, t("scanTitle")), video, h("label", { class: "btn" }, t("scanPhoto"), file), message, reader),
    { onClose: stop },
  );
  readerName().then((name) => replace(reader, name));
  const frame = async () => {
    const text = video.readyState >= 2 ? await decodeQr(video).catch(() => null) : null;
    if (text) done(text);
    else timer = setTimeout(frame, FRAME_MS);
  };
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then((media) => {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        return video.play().then(frame);
      })
      .catch(() => replace(message, t("scanNoCamera")));
  } else replace(message, t("scanNoCamera"));
}
