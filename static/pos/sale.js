// A basket becomes a sale: totals, the receipt number and the PosSaleInput of docs/pos.md.

import { uuid4 } from "./dom.js";

export const lineGrossFen = (line) => line.unitPriceFen * line.quantity;
export const lineTotalFen = (line) => lineGrossFen(line) - (line.discountFen || 0);

export function basketTotals(basket) {
  let subtotalFen = 0;
  let discountFen = 0;
  let items = 0;
  for (const line of basket) {
    subtotalFen += lineGrossFen(line);
    discountFen += line.discountFen || 0;
    items += line.quantity;
  }
  return { subtotalFen, discountFen, totalFen: subtotalFen - discountFen, items };
}

/** CHAKA-7F3A-000012: the cart's code, the device's first four hex digits, the device's sequence. */
export function receiptNumber(cartCode, deviceId, seq) {
  const device = String(deviceId).replace(/-/g, "").slice(0, 4).toUpperCase();
  return `${String(cartCode).toUpperCase()}-${device}-${String(seq).padStart(6, "0")}`;
}

/**
 * The sale as the tablet keeps it (store `sales` or `practice`) and as the server takes it (`input`).
 * payment: {method: "CASH"|"WECHAT"|"ALIPAY"|"CARD", tenderedFen}, and for a sale paid through the QR
 * code for its amount (ui-pay-qr.js) the clientUuid that code was made for and its providerReference.
 */
export function buildSale({ basket, payment, cart, deviceId, shiftId, seq, practice = false }) {
  const clientUuid = payment.clientUuid || uuid4();
  const providerReference = payment.providerReference || null;
  const deviceTime = new Date().toISOString();
  const totals = basketTotals(basket);
  const cash = payment.method === "CASH";
  const tenderedFen = cash ? (payment.tenderedFen ?? totals.totalFen) : null;
  const lines = basket.map((line) => ({
    sku: line.sku,
    productNameZh: line.item.productNameZh,
    productNameEn: line.item.productNameEn,
    variantName: line.item.variantName || "",
    quantity: line.quantity,
    unitPriceFen: line.unitPriceFen,
    discountFen: line.discountFen || 0,
    discountReason: line.discountReason || "",
    totalFen: lineTotalFen(line),
    // Pieces sold beyond the cart's stock by the tablet's count, confirmed (the tablet's own mark;
    // the server flags the sale by its own count).
    overStock: line.overStock || 0,
  }));
  const number = practice ? `PRACTICE-${String(seq).padStart(4, "0")}` : receiptNumber(cart.code, deviceId, seq);
  const sale = {
    clientUuid,
    receiptNumber: number,
    cart: cart.code,
    cartName: cart.nameZh || cart.name,
    cartNameEn: cart.nameEn || cart.name,
    deviceId,
    shiftId,
    deviceTime,
    lines,
    ...totals,
    payment: {
      method: payment.method,
      amountFen: totals.totalFen,
      tenderedFen,
      changeFen: cash ? tenderedFen - totals.totalFen : null,
      providerReference,
    },
    status: practice ? "practice" : "queued",
    flags: [],
    overStock: lines.some((line) => line.overStock > 0),
    refund: null,
    practice,
  };
  const input = {
    clientUuid,
    shift: shiftId,
    deviceTime,
    receiptNumber: number,
    lines: lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      unitPriceFen: line.unitPriceFen,
      discountFen: line.discountFen,
      discountReason: line.discountReason,
    })),
    payment: {
      method: payment.method,
      amountFen: totals.totalFen,
      ...(cash ? { tenderedFen } : {}),
      ...(providerReference ? { providerReference } : {}),
    },
  };
  return { sale, input };
}

export function buildRefund({ sale, shiftId, reason }) {
  return {
    clientUuid: uuid4(),
    saleUuid: sale.clientUuid,
    shift: shiftId,
    deviceTime: new Date().toISOString(),
    reason,
  };
}
