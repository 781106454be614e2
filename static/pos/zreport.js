// The Z report of a shift worked out on the tablet (docs/pos.md, "Shifts made on the tablet"), in the
// server's terms (carts.selectors.z_report): sales count in the shift they were made in, refunds in
// the shift they were made in, the expected cash = opening + cash sales − cash refunds. A refund of some
// pieces counts once, for the amount it gave back (refunds.js works it out as the server does). It
// travels with the shift's close; the server works out its own and names every figure that differs.

import * as db from "./db.js";
import { METHODS } from "./i18n.js";
import { refundsOf } from "./refunds.js";

function byMethod() {
  return Object.fromEntries(METHODS.map((method) => [method, { method, amountFen: 0, count: 0 }]));
}

/** The tablet's Z report of `shift`, counted cash included (null while it is open). */
export async function deviceZReport(shift, countedCashFen = null) {
  const all = await db.all("sales");
  const sales = all.filter((sale) => sale.shiftId === shift.id && sale.status !== "rejected" && !sale.practice);
  const refunded = all
    .filter((sale) => !sale.practice)
    .flatMap((sale) => refundsOf(sale).map((refund) => ({ refund, method: sale.payment.method })))
    .filter(({ refund }) => refund.shiftId === shift.id && refund.status !== "rejected");
  const totals = byMethod();
  const refunds = byMethod();
  const pieces = new Map();
  let grossFen = 0;
  let discountFen = 0;
  for (const sale of sales) {
    grossFen += sale.subtotalFen;
    discountFen += sale.discountFen;
    totals[sale.payment.method].amountFen += sale.payment.amountFen;
    totals[sale.payment.method].count += 1;
    for (const line of sale.lines) {
      const row = pieces.get(line.sku) || { sku: line.sku, quantity: 0, amountFen: 0 };
      row.quantity += line.quantity;
      row.amountFen += line.totalFen;
      pieces.set(line.sku, row);
    }
  }
  let refundsFen = 0;
  for (const { refund, method } of refunded) {
    refundsFen += refund.amountFen;
    refunds[method].amountFen += refund.amountFen;
    refunds[method].count += 1;
  }
  const expectedCashFen = shift.openingCashFen + totals.CASH.amountFen - refunds.CASH.amountFen;
  return {
    salesCount: sales.length,
    grossFen,
    discountFen,
    netFen: grossFen - discountFen - refundsFen,
    refundsCount: refunded.length,
    refundsFen,
    totalsByMethod: Object.values(totals),
    refundsByMethod: Object.values(refunds),
    openingCashFen: shift.openingCashFen,
    expectedCashFen,
    countedCashFen,
    varianceFen: countedCashFen === null ? null : countedCashFen - expectedCashFen,
    pieces: [...pieces.values()].sort((a, b) => (a.sku < b.sku ? -1 : 1)),
  };
}

/** What the server's posSyncSales takes for a shift: its opening, and once closed its close and Z. */
export function shiftInput(shift, close = null) {
  const input = {
    clientUuid: shift.id,
    operator: shift.operator,
    openedAt: shift.openedAt,
    openingCashFen: shift.openingCashFen,
  };
  if (close) Object.assign(input, { closedAt: close.closedAt, countedCashFen: close.countedCashFen, zReport: close.zReport });
  return input;
}

/** A shift made on this tablet has a UUID for its id; one the server opened has a global ID. */
export const madeOnTablet = (shift) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(shift.id);
