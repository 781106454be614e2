// The app's state in memory (IndexedDB is the record; this is what the screens draw from).

export const state = {
  lang: "zh",
  token: null,
  user: null,
  carts: [],
  cart: null, // {code, name, nameZh, nameEn}: the cart this tablet is bound to
  deviceId: null,
  shift: null, // {id, openedAt, openingCashFen, ...}
  catalog: [],
  catalogFetchedAt: 0,
  basket: [], // [{sku, item, quantity, unitPriceFen, discountFen, discountReason}]
  practice: false,
  queueCount: 0, // sales and refunds waiting
  shiftsWaiting: 0, // shift opens and closes waiting
  rejectedCount: 0,
  takenBySku: {},
  pickedUpBySku: {}, // pieces of pickups handed over here that wait to sync (stock.js)
  pickups: [], // online orders waiting at this cart, as last fetched (pickups.js) // pieces this tablet sold that the catalogue snapshot does not know of yet (stock.js)
  lastSyncAt: null,
  online: navigator.onLine,
  syncing: false,
  needLogin: false,
  screen: "login",
  lastZReport: null,
};

const listeners = new Set();

export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function update(patch) {
  Object.assign(state, patch);
  for (const fn of listeners) fn(state, patch);
}
