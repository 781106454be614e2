// Signing in with no connection (docs/pos.md, "Signing in offline"). After an online sign-in the
// tablet keeps, per operator, a slow salted hash of her PIN (PBKDF2-SHA-256 through WebCrypto, a
// random salt of its own; never the PIN) with the token and profile the server gave her. Offline, her
// PIN is checked against that hash. Wrong PINs in a row lock offline sign-in on this tablet until the
// next online sign-in. Every sync sends the usernames and tokens kept; the server names those to
// forget (PIN changed, disabled, no longer at this cart, token expired) and they are dropped.

import * as db from "./db.js";

export const ITERATIONS = 600000; // OWASP's figure for PBKDF2-HMAC-SHA-256
export const MAX_FAILURES = 5;
const SALT_BYTES = 16;

const encoder = new TextEncoder();

function toBase64(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)));
}

function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function derive(pin, salt, iterations) {
  const key = await crypto.subtle.importKey("raw", encoder.encode(pin), "PBKDF2", false, ["deriveBits"]);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256));
}

/** Equal bytes, compared without stopping at the first difference. */
function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a[i] ^ b[i];
  return diff === 0;
}

const key = (username) => username.trim().toLowerCase();

/** After an online sign-in: keeps her hash, token and profile, and lifts any lock. */
export async function rememberSignIn({ username, pin, token, user, carts }) {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(pin, salt, ITERATIONS);
  const kept = await db.getMeta("offlineSignIns", {});
  kept[key(username)] = {
    username: user.username,
    salt: toBase64(salt),
    iterations: ITERATIONS,
    hash: toBase64(hash),
    token,
    user,
    carts,
    savedAt: new Date().toISOString(),
  };
  await db.setMeta({ offlineSignIns: kept, offlineSignInFailures: 0 });
  document.documentElement.dataset.offlineSignIn = "saved";
}

export class OfflineSignInError extends Error {
  /** code: "unknown" (never signed in online here), "wrong" (wrong PIN) or "locked". */
  constructor(code, failures = 0) {
    super(code);
    this.code = code;
    this.failures = failures;
  }
}

/** Her kept sign-in when the PIN matches the hash; else throws OfflineSignInError. */
export async function verifyOffline(username, pin) {
  const failures = await db.getMeta("offlineSignInFailures", 0);
  if (failures >= MAX_FAILURES) throw new OfflineSignInError("locked", failures);
  const kept = (await db.getMeta("offlineSignIns", {}))[key(username)];
  // An unknown username costs a try too: guessing names is guessing.
  const hash = kept ? await derive(pin, fromBase64(kept.salt), kept.iterations) : null;
  if (kept && sameBytes(hash, fromBase64(kept.hash))) {
    await db.setMeta({ offlineSignInFailures: 0 });
    return kept;
  }
  const now = failures + 1;
  await db.setMeta({ offlineSignInFailures: now });
  if (now >= MAX_FAILURES) throw new OfflineSignInError("locked", now);
  throw new OfflineSignInError(kept ? "wrong" : "unknown", now);
}

/** What a sync sends: the usernames and tokens kept. */
export async function keptSignIns() {
  const kept = await db.getMeta("offlineSignIns", {});
  return Object.values(kept).map((entry) => ({ username: entry.username, token: entry.token }));
}

/** Drops the sign-ins of these usernames (the server said so, or her token stopped working). */
export async function forgetSignIns(usernames) {
  if (!usernames || !usernames.length) return;
  const kept = await db.getMeta("offlineSignIns", {});
  for (const username of usernames) delete kept[key(username)];
  await db.setMeta({ offlineSignIns: kept });
}
