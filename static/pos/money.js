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
