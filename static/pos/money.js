// Money on the tablet is integer fen, exactly as on the server: typed yuan are parsed as text, never
// through a float, and shown through one formatter.

const FULL_WIDTH = { "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7", "８": "8", "９": "9", "．": ".", "。": "." };

/** "12.5" -> 1250, "¥1,200" -> 120000, "" or "1.234" or "abc" -> null. */
export function parseYuan(text) {
  let s = String(text ?? "").trim().replace(/[０-９．。]/g, (c) => FULL_WIDTH[c]);
  s = s.replace(/^[¥￥]/, "").replace(/,/g, "").trim();
  if (!/^\d{1,7}(\.\d{0,2})?$/.test(s) && !/^\.\d{1,2}$/.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  return Number.parseInt(whole || "0", 10) * 100 + Number.parseInt((frac + "00").slice(0, 2), 10);
}

/** 128050 -> "¥1,280.50"; negative amounts keep their sign in front: "-¥3.00". */
export function formatFen(fen, { symbol = true } = {}) {
  const value = Math.trunc(Number(fen) || 0);
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}${symbol ? "¥" : ""}${yuan}.${cents}`;
}

/** 1250 -> "12.50", for prefilling an input. */
export function fenToInput(fen) {
  return formatFen(fen, { symbol: false }).replace(/,/g, "");
}

/** 110000 -> "¥1,100" (whole yuan without the cents), for quick-pick buttons. */
export function formatFenShort(fen) {
  const text = formatFen(fen);
  return text.endsWith(".00") ? text.slice(0, -3) : text;
}

/**
 * Splits totalFen by integer weights, the parts summing to it exactly: the server's core.money.allocate
 * (largest remainder, ties to the earlier weight), so the tablet's amounts equal the server's to the fen.
 */
export function allocate(totalFen, weights) {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!weights.length || sum <= 0 || weights.some((w) => w < 0)) throw new Error("allocate needs positive weights");
  if (totalFen < 0) return allocate(-totalFen, weights).map((part) => -part);
  const total = BigInt(totalFen);
  const big = BigInt(sum);
  const floors = weights.map((w) => (total * BigInt(w)) / big);
  const remainders = weights.map((w) => (total * BigInt(w)) % big);
  let left = total - floors.reduce((a, b) => a + b, 0n);
  const order = weights.map((_, i) => i).sort((i, j) => (remainders[j] > remainders[i] ? 1 : remainders[j] < remainders[i] ? -1 : i - j));
  for (const i of order) {
    if (left <= 0n) break;
    floors[i] += 1n;
    left -= 1n;
  }
  return floors.map(Number);
}

/**
 * What `quantity` more pieces of a sale's line give back: their share of what is not yet refunded of
 * the line (orders.services.refunds.line_refund_amount), given the pieces and fen already refunded.
 */
export function lineRefundFen(line, refundedQuantity, refundedFen, quantity) {
  const left = line.quantity - refundedQuantity;
  return allocate(line.totalFen - refundedFen, [quantity, left - quantity])[0];
}
