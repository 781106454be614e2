// Reading QR codes on the tablet, offline: the browser's BarcodeDetector where it reads QR codes,
// else jsQR (static/pos/vendor/jsqr, loaded only then). One path for a camera frame and for a photo
// (the file input: a tablet without camera access, and the browser tests, which have no camera).

let nativeDetector;

async function detector() {
  if (nativeDetector !== undefined) return nativeDetector;
  nativeDetector = null;
  if ("BarcodeDetector" in self) {
    try {
      const formats = await self.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) nativeDetector = new self.BarcodeDetector({ formats: ["qr_code"] });
    } catch {
      nativeDetector = null;
    }
  }
  return nativeDetector;
}

async function jsQR() {
  if (!self.jsQR) await import("./vendor/jsqr/jsQR.js"); // a UMD bundle: it sets self.jsQR
  return self.jsQR;
}

/** Which reader this tablet uses: "native" or "jsqr" (shown on the scan sheet, read by the tests). */
export async function readerName() {
  return (await detector()) ? "native" : "jsqr";
}

const sizeOf = (source) => ({
  width: source.videoWidth || source.naturalWidth || source.width,
  height: source.videoHeight || source.naturalHeight || source.height,
});

/** The text of the first QR code in `source` (an ImageBitmap, image, canvas or playing video), or null. */
export async function decodeQr(source) {
  const native = await detector();
  if (native) {
    const codes = await native.detect(source);
    return codes.length ? codes[0].rawValue : null;
  }
  const { width, height } = sizeOf(source);
  if (!width || !height) return null;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(source, 0, 0, width, height);
  const pixels = context.getImageData(0, 0, width, height);
  const found = (await jsQR())(pixels.data, width, height, { inversionAttempts: "attemptBoth" });
  return found ? found.data : null;
}

/** A photo the operator took or chose (File or Blob): its QR code's text, or null. */
export async function decodeQrFile(file) {
  const bitmap = await createImageBitmap(file);
  try {
    return await decodeQr(bitmap);
  } finally {
    bitmap.close();
  }
}

/** What a scanned text names: a piece (a staff QR tag), an e-receipt, an online order, or nothing. */
export function scannedTarget(text, catalog) {
  const value = String(text || "").trim();
  if (value.startsWith("GONGFANG-ORDER:")) return { kind: "order", number: value.slice("GONGFANG-ORDER:".length) };
  let url;
  try {
    url = new URL(value);
  } catch {
    return { kind: "unknown", text: value };
  }
  const receipt = url.pathname.match(/^\/r\/([0-9a-f-]{36})\/?$/i);
  if (receipt) return { kind: "receipt", clientUuid: receipt[1].toLowerCase() };
  const product = url.pathname.match(/^\/p\/([^/]+)\/?$/);
  if (product) {
    const sku = url.searchParams.get("v");
    const slug = decodeURIComponent(product[1]);
    const item = sku ? catalog.find((entry) => entry.sku === sku) : catalog.find((entry) => entry.productSlug === slug);
    if (item) return { kind: "piece", item };
  }
  return { kind: "unknown", text: value };
}
