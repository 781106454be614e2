// The GraphQL operations of docs/pos.md, and one fetch that tells a lost connection from a refusal.

import { getLang } from "./i18n.js";

const config = JSON.parse(document.getElementById("pos-config").textContent);
const TIMEOUT_MS = 20000;

export class ApiError extends Error {
  /** kind: "network" (no answer: try again later), "auth" (sign in again) or "server" (refused). */
  constructor(message, { kind, code = null, status = null } = {}) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.status = status; // the HTTP status of an answer that was not one
  }
}

const AUTH_CODES = new Set(["PERMISSION_DENIED", "UNAUTHENTICATED", "INVALID_TOKEN"]);

export async function gql(query, variables = {}, token = null) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  // Names the server localizes (a variant's name) come in the language the app shows.
  headers["Accept-Language"] = getLang() === "en" ? "en" : "zh-hans";
  let response;
  try {
    response = await fetch(config.graphqlUrl, {
      method: "POST",
      headers,
      body: JSON.stringify({ query, variables }),
      cache: "no-store",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new ApiError(String(error && error.message), { kind: "network" });
  }
  if (response.status >= 500 || response.status === 408 || response.status === 429) {
    throw new ApiError(`HTTP ${response.status}`, { kind: "network", status: response.status });
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, { kind: "network" });
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    const code = (first.extensions && first.extensions.code) || null;
    throw new ApiError(first.message, { kind: AUTH_CODES.has(code) ? "auth" : "server", code });
  }
  return body.data;
}

/** The payload's `errors` list as one message, or null. */
export function payloadError(payload) {
  const errors = (payload && payload.errors) || [];
  if (!errors.length) return null;
  return errors.map((e) => e.message).join(" ");
}

const Z_REPORT = `salesCount grossFen discountFen netFen refundsCount refundsFen
  totalsByMethod { method amountFen count } refundsByMethod { method amountFen count }
  openingCashFen expectedCashFen countedCashFen varianceFen flaggedCount
  pieces { sku productName quantity amountFen }`;
const SHIFT = `id status openedAt closedAt openingCashFen countedCashFen deviceId`;
const ERRORS = `errors { field code message }`;

export async function operatorTokenCreate(username, pin) {
  const data = await gql(
    `mutation PosLogin($username: String!, $pin: String!) {
      operatorTokenCreate(username: $username, pin: $pin) {
        token user { username displayName } carts { code name nameZh nameEn } ${ERRORS}
      }
    }`,
    { username, pin },
  );
  return data.operatorTokenCreate;
}

export async function currentShift(token, cart, deviceId) {
  const data = await gql(
    `query PosCurrentShift($cart: String!, $deviceId: String!) {
      currentShift(cart: $cart, deviceId: $deviceId) { ${SHIFT} }
    }`,
    { cart, deviceId },
    token,
  );
  return data.currentShift;
}

export async function shiftOpen(token, { cart, deviceId, openingCashFen }) {
  const data = await gql(
    `mutation PosShiftOpen($input: ShiftOpenInput!) {
      shiftOpen(input: $input) { shift { ${SHIFT} } ${ERRORS} }
    }`,
    { input: { cart, deviceId, openingCashFen } },
    token,
  );
  return data.shiftOpen;
}

export async function shiftClose(token, { shift, countedCashFen }) {
  const data = await gql(
    `mutation PosShiftClose($input: ShiftCloseInput!) {
      shiftClose(input: $input) { shift { ${SHIFT} } zReport { ${Z_REPORT} } ${ERRORS} }
    }`,
    { input: { shift, countedCashFen } },
    token,
  );
  return data.shiftClose;
}

export async function posCatalog(token, cart) {
  const data = await gql(
    `query PosCatalog($cart: String!) {
      posCatalog(cart: $cart) {
        version generatedAt
        items { sku productSlug productName productNameZh productNameEn variantName priceFen thumbnailUrl quantity reserved category }
      }
    }`,
    { cart },
    token,
  );
  return data.posCatalog;
}

export async function posSyncSales(token, input) {
  const data = await gql(
    `mutation PosSync($input: PosSyncInput!) {
      posSyncSales(input: $input) {
        results { clientUuid status flags reason orderNumber receiptNumber }
        shiftResults { clientUuid status reason shift { id status zReport { ${Z_REPORT} } zDifferences { field device server } } }
        offlineSignInsRevoked ${ERRORS}
      }
    }`,
    { input },
    token,
  );
  return data.posSyncSales;
}

/** Tells the server of a sale the tablet set aside (its batches were refused whole), for staff. */
export async function posSaleSetAside(token, input) {
  const data = await gql(
    `mutation PosSetAside($input: PosSaleSetAsideInput!) {
      posSaleSetAside(input: $input) { recorded ${ERRORS} }
    }`,
    { input },
    token,
  );
  return data.posSaleSetAside;
}

const QR_PAYMENT = `payment { reference method amountFen status qrCode } ${ERRORS}`;

/** A provider payment for the sale's exact amount, shown as a QR code (docs/pos.md). */
export async function posPaymentQrCreate(token, { cart, clientUuid, amountFen, method }) {
  const data = await gql(
    `mutation PosQrCreate($cart: String!, $clientUuid: String!, $amountFen: Fen!, $method: PosPaymentMethod!) {
      posPaymentQrCreate(cart: $cart, clientUuid: $clientUuid, amountFen: $amountFen, method: $method) { ${QR_PAYMENT} }
    }`,
    { cart, clientUuid, amountFen, method },
    token,
  );
  return data.posPaymentQrCreate;
}

/** Whether it is paid yet (the server asks the provider when the notification has not come). */
export async function posPaymentQrCheck(token, { cart, reference }) {
  const data = await gql(
    `mutation PosQrCheck($cart: String!, $reference: String!) {
      posPaymentQrCheck(cart: $cart, reference: $reference) { ${QR_PAYMENT} }
    }`,
    { cart, reference },
    token,
  );
  return data.posPaymentQrCheck;
}

export async function posPaymentQrCancel(token, { cart, reference }) {
  const data = await gql(
    `mutation PosQrCancel($cart: String!, $reference: String!) {
      posPaymentQrCancel(cart: $cart, reference: $reference) { ${QR_PAYMENT} }
    }`,
    { cart, reference },
    token,
  );
  return data.posPaymentQrCancel;
}

const VARIANT = `variant { id sku name product { name } }`;

export async function incomingTransfers(token, cart) {
  const data = await gql(
    `query PosIncoming($cart: String!) {
      incomingTransfers(cart: $cart) {
        id dispatchedAt note source { name }
        lines { quantitySent ${VARIANT} }
      }
    }`,
    { cart },
    token,
  );
  return data.incomingTransfers;
}

export async function transferReceive(token, id, lines) {
  const data = await gql(
    `mutation PosReceive($id: ID!, $lines: [TransferReceiveLineInput!]!) {
      transferReceive(id: $id, lines: $lines) {
        transfer { id status lines { quantitySent quantityReceived discrepancy ${VARIANT} } } ${ERRORS}
      }
    }`,
    { id, lines },
    token,
  );
  return data.transferReceive;
}

export async function cartStock(token, cart) {
  const data = await gql(
    `query PosCartStock($cart: String!) {
      cartStock(cart: $cart) { id quantity location { id } ${VARIANT} }
    }`,
    { cart },
    token,
  );
  return data.cartStock;
}

export async function stockCountSubmit(token, input) {
  const data = await gql(
    `mutation PosCount($input: StockCountInput!) {
      stockCountSubmit(input: $input) {
        varianceReport { totalExpected totalCounted totalVariance rows { sku productName expected counted variance } }
        ${ERRORS}
      }
    }`,
    { input },
    token,
  );
  return data.stockCountSubmit;
}

export { config };
