// Refunds of some pieces of a sale, worked out on the tablet exactly as the server does
// (carts.services.sync_refunds): a refund names pieces per SKU, which fill the sale's lines of that SKU
// in order; never more of a line than it sold less what was refunded before; each line gives back its
// share of what is left of it (money.lineRefundFen, core.money.allocate on the server). A sale keeps its
// refunds in `refunds` (an older record's whole refund, `refund`, reads as one of every line).

import { itemName } from "./i18n.js";
import { lineRefundFen } from "./money.js";

const DAY_MS = 24 * 3600 * 1000;

/** The sale's refunds on this tablet, oldest first. */
export function refundsOf(sale) {
  if (sale.refunds) return sale.refunds;
  if (!sale.refund) return [];
  const lines = sale.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, amountFen: line.totalFen }));
  return [{ ...sale.refund, lines, amountFen: sale.payment.amountFen }];
}

/** Per line of the sale (by index): {quantity, fen} given back by its refunds not rejected. */
export function refundedByLine(sale) {
  const done = sale.lines.map(() => ({ quantity: 0, fen: 0 }));
  for (const refund of refundsOf(sale)) {
    if (refund.status === "rejected") continue;
    for (const part of refund.lines || []) {
      const index = part.index ?? sale.lines.findIndex((line) => line.sku === part.sku);
      if (index < 0) continue;
      done[index].quantity += part.quantity;
      done[index].fen += part.amountFen;
    }
  }
  return done;
}

/** Pieces of each line (by index) still to refund. */
export function leftByLine(sale) {
  const done = refundedByLine(sale);
  return sale.lines.map((line, index) => line.quantity - done[index].quantity);
}

export const refundable = (sale) => leftByLine(sale).some((left) => left > 0);
export const partlyRefunded = (sale) => refundsOf(sale).some((refund) => refund.status !== "rejected");

/**
 * The refund's lines for `wanted` ({sku: pieces}), as the server will record them: [{index, sku,
 * quantity, amountFen}], or null when it asks for more than a SKU has left.
 */
export function refundLines(sale, wanted) {
  const done = refundedByLine(sale);
  const lines = [];
  for (const [sku, asked] of Object.entries(wanted)) {
    let pieces = asked;
    if (!(pieces > 0)) continue;
    sale.lines.forEach((line, index) => {
      if (line.sku !== sku) return;
      const left = line.quantity - done[index].quantity;
      const take = Math.min(pieces, left);
      if (take <= 0) return;
      const amountFen = lineRefundFen(line, done[index].quantity, done[index].fen, take);
      lines.push({ index, sku, quantity: take, amountFen });
      pieces -= take;
    });
    if (pieces > 0) return null;
  }
  return lines;
}

/** A sale older than `days` at `now`: its refund is held for review on the server. */
export const isOldSale = (sale, days, now = Date.now()) => now - new Date(sale.deviceTime).getTime() > days * DAY_MS;

/** "刺绣荷包 ×1、木碗 ×2": the pieces a refund gave back, in the reader's language. */
export function refundPiecesText(sale, refund) {
  return (refund.lines || [])
    .map((part) => {
      const line = sale.lines[part.index ?? sale.lines.findIndex((l) => l.sku === part.sku)] || { sku: part.sku };
      return `${itemName(line)} ×${part.quantity}`;
    })
    .join("、");
}
