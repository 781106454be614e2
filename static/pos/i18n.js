// Every word the cart app shows, in Chinese (the default) and English. t("key", {n: 3}) fills {n}.

const STRINGS = {
  appName: ["工坊收银", "Gongfang POS"],
  langToggle: ["English", "中文"],
  online: ["在线", "Online"],
  offline: ["离线", "Offline"],
  waiting: ["待同步 {n} 笔", "{n} waiting to sync"],
  lastSync: ["上次同步 {time}", "Last sync {time}"],
  neverSynced: ["尚未同步", "Not synced yet"],
  syncNow: ["立即同步", "Sync now"],
  syncing: ["同步中…", "Syncing…"],
  syncedToast: ["已同步 {n} 笔", "{n} synced"],
  syncFailed: ["没有连上网络，销售已保存在本机，稍后自动同步", "No connection: sales are kept on this tablet and will sync later"],
  needLogin: ["登录已过期：请重新登录后同步（销售仍保存在本机）", "Signed out: sign in again to sync (sales are kept on this tablet)"],
  rejectedBadge: ["被拒 {n} 笔", "{n} rejected"],
  logout: ["退出登录", "Sign out"],
  logoutConfirm: ["退出登录？待同步的销售会留在本机，下次登录后继续同步。", "Sign out? Sales waiting to sync stay on this tablet and sync after the next sign-in."],
  // login
  loginTitle: ["运营员登录", "Operator sign-in"],
  username: ["用户名", "Username"],
  pin: ["PIN 码", "PIN"],
  login: ["登录", "Sign in"],
  loginOffline: ["离线：用在这台平板上联网登录过的 PIN 码登录。", "Offline: sign in with the PIN you last used here online."],
  offlineUnknown: ["{username} 还没有在这台平板上联网登录过，离线无法核对 PIN。请联网登录一次。", "{username} has not signed in online on this tablet yet, so the PIN cannot be checked offline. Sign in once online."],
  offlineWrong: ["PIN 码不对（离线核对）。再错 {n} 次，本机离线登录将锁定。", "Wrong PIN (checked offline). {n} more and offline sign-in locks on this tablet."],
  offlineLocked: ["PIN 码错误次数太多，本机离线登录已锁定。联网后登录即可解锁。", "Too many wrong PINs: offline sign-in is locked on this tablet. Sign in online to unlock it."],
  offlineSignedIn: ["已离线登录，联网后自动同步。", "Signed in offline: sales sync when a connection returns."],
  loginFailed: ["用户名或 PIN 码不对", "Wrong username or PIN"],
  noCarts: ["你还没有负责的零售车，请联系工坊。", "No cart is assigned to you yet: please ask the programme staff."],
  pickCart: ["选择这台平板所在的零售车", "Which cart is this tablet on?"],
  clear: ["清除", "Clear"],
  // shift
  openShiftTitle: ["开班", "Open shift"],
  openingCash: ["钱箱里的现金（元）", "Cash in the drawer (yuan)"],
  openingHint: ["开班前数一数钱箱里的现金", "Count the cash in the drawer before you start"],
  openShift: ["开班", "Open shift"],
  shiftNeedsNet: ["这个班次是在联网时开的，结班需要联网。", "This shift was opened online before: closing it needs a connection."],
  shiftItem: ["班次", "Shift"],
  zPieces: ["售出商品", "Pieces sold"],
  zPiecesCount: ["{n} 件", "{n} pcs"],
  zNoPieces: ["本班没有售出商品", "No pieces sold this shift"],
  zCheckPending: ["平板算出的 Z 报表。联网同步后与服务器的核对。", "Worked out on this tablet; checked against the server's after the sync."],
  zCheckAgrees: ["与服务器的 Z 报表一致（精确到分）。", "Agrees with the server's Z report to the fen."],
  zCheckDiffers: ["与服务器的 Z 报表不一致，已报给工坊核对：", "Differs from the server's Z report (staff are told):"],
  zCheckRejected: ["服务器拒收了这个班次：{reason}", "The server refused this shift: {reason}"],
  zDiffRow: ["{field}：平板 {device}，服务器 {server}", "{field}: tablet {device}, server {server}"],
  badAmount: ["请输入金额，例如 500 或 500.00", "Enter an amount, e.g. 500 or 500.00"],
  shiftTitle: ["本班", "This shift"],
  openedAt: ["开班时间", "Opened"],
  salesThisShift: ["本班销售", "Sales this shift"],
  closeShiftTitle: ["结班", "Close shift"],
  countedCash: ["清点后的现金（元）", "Counted cash (yuan)"],
  closeShift: ["结班", "Close shift"],
  closeBlocked: ["还有 {n} 笔销售待同步。联网同步完成后才能结班。", "{n} sales still wait to sync. Sync them (online) before closing."],
  closeConfirm: ["确认结班？现金 {amount}", "Close the shift with {amount} counted?"],
  zReport: ["班结报表（Z 报表）", "Z report"],
  shiftClosed: ["已结班", "Shift closed"],
  print: ["打印", "Print"],
  newShift: ["开新班", "Open a new shift"],
  noShift: ["还没有开班", "No shift open"],
  // z report rows
  zSalesCount: ["销售笔数", "Sales"],
  zGross: ["销售总额", "Gross sales"],
  zDiscount: ["优惠", "Discounts"],
  zRefunds: ["退款", "Refunds"],
  zNet: ["净额", "Net"],
  zOpening: ["开班现金", "Opening cash"],
  zExpected: ["应有现金", "Expected cash"],
  zCounted: ["实点现金", "Counted cash"],
  zVariance: ["差额", "Variance"],
  zFlagged: ["待核对的销售", "Sales to reconcile"],
  zByMethod: ["按收款方式", "By payment method"],
  zCount: ["{n} 笔", "{n}"],
  // selling
  navSell: ["收银", "Sell"],
  navSales: ["销售记录", "Sales"],
  navRestock: ["收货", "Restock"],
  navCount: ["盘点", "Count"],
  navShift: ["班次", "Shift"],
  search: ["搜索名称或货号", "Search name or SKU"],
  practice: ["培训模式", "Practice"],
  practiceBanner: ["培训模式：练习用，不记账、不减库存、不同步", "PRACTICE MODE: nothing is recorded, synced or taken from stock"],
  left: ["剩 {n}", "{n} left"],
  soldOut: ["已售完", "Sold out"],
  allInBasket: ["都在本单", "All in this sale"],
  overStockTitle: ["平板记录：这件已卖完", "The tablet says: sold out"],
  overStockText: ["手里确实有货才卖。这一单会标为待核对。", "Sell only if you have one in hand. The sale will be marked for checking."],
  overStockYes: ["仍要卖", "Sell anyway"],
  overStockLine: ["超出库存", "Beyond stock"],
  overStockSale: ["超出平板库存，待核对", "Beyond the tablet's stock: to check"],
  noProducts: ["没有找到商品", "No products found"],
  noCatalog: ["还没有商品目录：联网后点“刷新目录”", "No catalogue yet: go online and tap “Refresh”"],
  refreshCatalog: ["刷新目录", "Refresh"],
  catalogRefreshed: ["目录已更新", "Catalogue updated"],
  basket: ["本单", "This sale"],
  decrease: ["减少 {name}", "Remove one {name}"],
  increase: ["增加 {name}", "Add one {name}"],
  basketEmpty: ["点商品加入本单", "Tap a product to add it"],
  items: ["{n} 件", "{n} items"],
  subtotal: ["小计", "Subtotal"],
  discount: ["优惠", "Discount"],
  total: ["合计", "Total"],
  pay: ["收款", "Take payment"],
  clearBasket: ["清空", "Clear"],
  lineDiscount: ["单品优惠", "Line discount"],
  discountAmount: ["优惠金额（元）", "Discount (yuan)"],
  discountReason: ["优惠原因（必填）", "Reason (required)"],
  reasonFlaw: ["有瑕疵", "Small flaw"],
  reasonRegular: ["老顾客", "Returning customer"],
  reasonBulk: ["多件优惠", "Several pieces"],
  reasonBargain: ["议价", "Bargained"],
  discountTooBig: ["优惠不能超过这一行的金额", "The discount cannot exceed the line amount"],
  reasonRequired: ["请写明原因", "Please give a reason"],
  save: ["保存", "Save"],
  cancel: ["取消", "Cancel"],
  remove: ["移除", "Remove"],
  back: ["返回", "Back"],
  // payment
  payTitle: ["收款", "Payment"],
  cash: ["现金", "Cash"],
  wechat: ["微信", "WeChat Pay"],
  alipay: ["支付宝", "Alipay"],
  card: ["银行卡", "Card"],
  scanReminder: ["请顾客扫工坊收款码", "Ask the customer to scan the workshop's payment QR code"],
  scanCheck: ["看到顾客手机上“支付成功”再确认", "Confirm only after you see “payment successful” on the customer's phone"],
  cardReminder: ["请在刷卡机上收款，成功后再确认", "Take the card on the card terminal, then confirm"],
  tendered: ["顾客给的现金（元）", "Cash handed over (yuan)"],
  exact: ["正好", "Exact"],
  cashGiven: ["收现", "Cash given"],
  change: ["找零", "Change"],
  notEnough: ["收的现金不够", "Not enough cash"],
  confirmPay: ["确认收款 {amount}", "Confirm {amount}"],
  // receipt
  receipt: ["小票", "Receipt"],
  receiptNo: ["小票号", "Receipt no."],
  time: ["时间", "Time"],
  method: ["收款方式", "Paid by"],
  scanForReceipt: ["扫码查看电子小票", "Scan for the e-receipt"],
  nextSale: ["下一单", "Next sale"],
  practiceReceipt: ["培训小票 · 无效", "PRACTICE · NOT A RECEIPT"],
  savedLocally: ["已保存在本机，待同步", "Saved on this tablet, waiting to sync"],
  // sales list
  salesTitle: ["本班销售记录", "Sales this shift"],
  practiceSalesTitle: ["培训记录（不同步）", "Practice sales (never synced)"],
  noSales: ["本班还没有销售", "No sales in this shift yet"],
  salesSearch: ["查找 {days} 天内的销售：小票号、时间或商品", "Find a sale of the last {days} days: receipt, time or piece"],
  salesHistoryTitle: ["{days} 天内的销售", "Sales of the last {days} days"],
  noSalesFound: ["没有找到这样的销售", "No such sale found"],
  statusQueued: ["待同步", "Waiting"],
  statusSynced: ["已同步", "Synced"],
  statusFlagged: ["已同步·待核对", "Synced · to check"],
  statusRejected: ["被拒绝", "Rejected"],
  statusRefunded: ["已退款", "Refunded"],
  statusPartlyRefunded: ["部分退款", "Partly refunded"],
  refund: ["退款", "Refund"],
  refundTitle: ["退款", "Refund"],
  refundChoose: ["默认退全部。不退的商品取消勾选；一件以上的可以用 − 和 + 选件数。", "Everything is ticked: untick what the tourist keeps; for several pieces choose how many with − and +."],
  refundLineLeft: ["售出 {sold} 件 · 可退 {left} 件 · 本行 {amount}", "Sold {sold} · {left} left to refund · line {amount}"],
  refundAll: ["退全部", "Refund everything"],
  refundHandBack: ["退还顾客", "Hand back"],
  refundNothingChosen: ["请勾选要退的商品。", "Tick what comes back."],
  refundReviewNote: ["这笔销售已超过 {days} 天，退款会记录下来，并交给工坊工作人员审核。", "This sale is older than {days} days: the refund is recorded and will be reviewed by the programme staff."],
  refundToReview: ["待审核", "to be reviewed"],
  refundedPieces: ["已退 {amount}：", "Refunded {amount}:"],
  refundReason: ["退款原因（必填）", "Reason (required)"],
  reasonReturn: ["顾客退货", "Customer returned it"],
  reasonWrongItem: ["录错商品", "Wrong item entered"],
  reasonWrongPay: ["收款方式录错", "Wrong payment method"],
  confirmRefund: ["确认退款 {amount}", "Refund {amount}"],
  refundQueued: ["退款 {amount} 已记录，待同步", "Refund of {amount} recorded, waiting to sync"],
  refundQueuedToReview: ["退款 {amount} 已记录，待同步；超过 {days} 天的销售，工作人员会审核这笔退款。", "Refund of {amount} recorded, waiting to sync; the sale is older than {days} days, so staff will review it."],
  rejectedTitle: ["服务器拒绝的记录", "Refused by the server"],
  rejectedHelp: ["这些记录没有入账。请把原因告诉工坊工作人员。", "These were not recorded. Please tell the programme staff the reason."],
  view: ["查看", "View"],
  // restock and count
  restockTitle: ["收货（补货调拨）", "Receive a restock"],
  countTitle: ["盘点", "Stock count"],
  needsNet: ["这一步需要联网。现在离线：连上网络后再来。", "This needs a connection. You are offline: come back when online."],
  reload: ["刷新", "Reload"],
  noTransfers: ["没有在途的调拨", "No transfers on the way"],
  from: ["发货地", "From"],
  dispatchedAt: ["发出时间", "Sent"],
  sent: ["发出", "Sent"],
  pieceColumn: ["商品", "Piece"],
  received: ["实收", "Received"],
  note: ["差异说明", "Note on the difference"],
  noteRequired: ["数量不一致时请写明差异说明", "Please note why the quantity differs"],
  confirmReceive: ["确认收货", "Confirm receipt"],
  receivedToast: ["收货已记录", "Restock recorded"],
  book: ["账面 {n}", "Books {n}"],
  counted: ["实数", "Counted"],
  submitCount: ["提交盘点", "Submit count"],
  countHint: ["没数的留空，不算进这次盘点", "Leave a row blank if you did not count it"],
  restZero: ["把其余记为 0", "Mark the rest as 0"],
  countProgress: ["已数 {n} / {total} 行", "{n} of {total} rows counted"],
  countNone: ["至少数一行再提交", "Count at least one row first"],
  countBad: ["请填 0 或正整数", "Enter 0 or a whole number"],
  countTooBig: ["数量太大", "Too many"],
  countDone: ["盘点已提交", "Count submitted"],
  countOffline: ["离线盘点：账面是本机记录的数。提交后保存在本机，联网后自动提交。", "Counting offline: the books are this tablet's figures. The count is kept here and sent when online."],
  countQueued: ["盘点已保存在本机，联网后自动提交", "Count kept on this tablet: sent when online"],
  countState_queued: ["{time} 的盘点等待联网提交", "The count of {time} waits to be sent"],
  countState_synced: ["{time} 的盘点已提交", "The count of {time} was sent"],
  countState_rejected: ["{time} 的盘点未被接受：{reason}", "The count of {time} was refused: {reason}"],
  variance: ["差异", "Variance"],
  noStock: ["这辆车上没有库存记录", "No stock on record for this cart"],
  error: ["出错了：{message}", "Something went wrong: {message}"],
  flags_PRICE_MISMATCH: ["价格与价目表不同", "price differs from the price list"],
  flags_NEGATIVE_STOCK: ["账上库存不足", "stock below zero on record"],
  flags_SHIFT_CLOSED: ["班次已结", "shift already closed"],
  flags_DEVICE_TIME_OUTSIDE_SHIFT: ["平板时间不在班次内（待审核）", "tablet time outside the shift (under review)"],
  flags_QUANTITY_OVER_STOCK: ["数量超出车上库存（待审核）", "more than the cart holds (under review)"],
  flags_DISCOUNT_OVER_POLICY: ["折扣超出规定（待审核）", "discount beyond the policy (under review)"],
  flags_DISCOUNT_WITHOUT_REASON: ["大额折扣未写原因（待审核）", "large discount without a reason (under review)"],
  flags_OLD_SALE: ["退的是较早的销售（待审核）", "refund of an older sale (under review)"],
  flags_PAYMENT_UNVERIFIED: ["扫码收款未核实（待审核）", "QR payment not confirmed by the provider (under review)"],
  qrShow: ["出示本单收款码（付款后自动确认）", "Show a QR code for this sale (confirms by itself)"],
  qrMaking: ["正在生成收款码…", "Making the QR code…"],
  qrScan_WECHAT: ["请顾客用微信扫这个码付款。付款成功后自动确认，不用再按确认。", "Ask the customer to scan this code with WeChat. The sale confirms by itself once paid."],
  qrScan_ALIPAY: ["请顾客用支付宝扫这个码付款。付款成功后自动确认，不用再按确认。", "Ask the customer to scan this code with Alipay. The sale confirms by itself once paid."],
  qrAlt_WECHAT: ["本单的微信收款码", "This sale's WeChat Pay QR code"],
  qrAlt_ALIPAY: ["本单的支付宝收款码", "This sale's Alipay QR code"],
  qrGiveUp: ["取消，改用打印的收款码", "Cancel: use the printed QR code"],
  qrCancelling: ["正在取消收款码…", "Cancelling the QR code…"],
  qrCancelled: ["收款码已取消。请顾客扫打印的收款码，看到支付成功后再确认。", "QR code cancelled. Ask the customer to scan the printed code, and confirm once paid."],
  qrClosed: ["这个收款码已关闭，没有收到付款。请改用打印的收款码。", "This QR code was closed unpaid. Use the printed QR code."],
  qrOffline: ["现在离线，不能生成收款码。请顾客扫打印的收款码。", "Offline: no QR code can be made. Ask the customer to scan the printed code."],
  qrNoAnswer: ["服务器没有回应，不能生成收款码。请改用打印的收款码。", "The server did not answer: no QR code. Use the printed QR code."],
  qrRefused: ["不能生成收款码（{message}）。请改用打印的收款码。", "No QR code could be made ({message}). Use the printed QR code."],
  setAsideToast: ["有 {n} 笔销售无法同步，已单独放在“被拒”里，其余继续同步", "{n} sale(s) could not sync and were set aside under “rejected”; the rest keep syncing"],
};

// The server's rejection reasons are stable English text (carts.services.sync_types.Reason); details
// such as a SKU follow in parentheses and are kept.
const REASONS = [
  ["malformed client UUID", "编号格式不对"],
  ["malformed text", "文字里有无法保存的字符"],
  ["quantity out of range", "数量超出范围"],
  ["amount out of range", "金额超出范围"],
  ["set aside: the server refused it", "已单独放置：服务器拒收这一笔"],
  ["client UUID already used at another cart", "编号已被另一辆车使用"],
  ["shift unknown or of another cart", "班次不存在或属于另一辆车"],
  ["device time missing", "缺少销售时间"],
  ["receipt number missing or too long", "小票号缺失或太长"],
  ["unknown payment method", "未知的收款方式"],
  ["no lines", "没有商品"],
  ["unknown SKU", "货号不存在"],
  ["quantity < 1", "数量小于 1"],
  ["unit price < 0", "单价小于 0"],
  ["discount out of range", "优惠金额超出范围"],
  ["discount reason too long", "优惠原因太长"],
  ["amount ≠ total", "收款金额与合计不符"],
  ["tendered < amount", "收的现金少于应收"],
  ["malformed sale UUID", "原销售编号格式不对"],
  ["sale not yet received", "原销售还没同步到"],
  ["sale rejected", "原销售被拒绝"],
  ["sale of another cart", "原销售属于另一辆车"],
  ["sale already refunded", "这笔销售已退过款"],
  ["refund reason too long", "退款原因太长"],
  ["SKU not in the sale", "原销售里没有这件商品"],
  ["more than is left to refund", "超过了可退的件数"],
  ["malformed shift UUID", "班次编号格式不对"],
  ["shift UUID already used at another cart", "班次编号已被另一辆车使用"],
  ["operator unknown or not of this cart", "运营员不存在或不负责这辆车"],
  ["cash out of range", "现金金额超出范围"],
  ["closing time and counted cash go together", "结班时间和清点现金要一起提交"],
  ["malformed Z report", "Z 报表格式不对"],
];

export function reasonText(reason) {
  if (!reason) return "";
  if (lang === "en") return reason;
  const found = REASONS.find(([en]) => reason.startsWith(en));
  return found ? found[1] + reason.slice(found[0].length) : reason;
}

let lang = "zh";

export function setLang(value) {
  lang = value === "en" ? "en" : "zh";
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
}

export const getLang = () => lang;

/** A screen's own words (kept in its module), added to the app's. */
export function addStrings(more) {
  Object.assign(STRINGS, more);
}

export function t(key, params = {}) {
  const pair = STRINGS[key];
  if (!pair) return key;
  let text = pair[lang === "en" ? 1 : 0];
  for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

export const METHODS = ["CASH", "WECHAT", "ALIPAY", "CARD"];
export const methodName = (method) => t(String(method).toLowerCase());

/** A product's name in the reader's language. */
export function itemName(item) {
  return (lang === "en" ? item.productNameEn || item.productNameZh : item.productNameZh || item.productNameEn) || item.productName || item.sku;
}

/** "14:05" in the tablet's clock (the cart's own time zone). */
export function hhmm(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

export function dateTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
