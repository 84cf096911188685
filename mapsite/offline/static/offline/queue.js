/* Reports kept on this device while offline, in IndexedDB, and sending them later.

   A record is one report as the form had it: its text fields, its photo (a
   Blob), its submission token (the record's key, so one report is kept once)
   and the account it was written under (a keyed hash from the server). It is
   deleted when the server has it (201 created, or 200 "already received" for a
   token it has seen: a second send never makes a second camera), or when the
   resident cancels it. Nothing else about the resident is kept here.

   The CSRF token is read when a report is sent, not when it is kept: the
   cookie may have changed since (a log-in rotates it).
*/

const DB_NAME = "camera-map-offline";
const STORE = "reports";
const META = "meta";
const LOCK = "camera-map-report-queue";

export const supported = typeof indexedDB !== "undefined";

let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(STORE, { keyPath: "token" });
        request.result.createObjectStore(META);
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  return opening;
}

/* Run `work(store)` in one transaction; resolves with what the last request gave. */
function run(storeName, mode, work) {
  return open().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(storeName, mode);
        let result;
        const request = work(tx.objectStore(storeName));
        if (request) request.onsuccess = () => (result = request.result);
        tx.oncomplete = () => resolve(result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

export function list() {
  return run(STORE, "readonly", (store) => store.getAll()).then((records) =>
    (records || []).sort((a, b) => a.created.localeCompare(b.created)),
  );
}

export function get(token) {
  return run(STORE, "readonly", (store) => store.get(token));
}

export function put(record) {
  return run(STORE, "readwrite", (store) => store.put(record));
}

export function remove(token) {
  return run(STORE, "readwrite", (store) => store.delete(token));
}

/* The account last signed in on a page that knew it: the offline copy of the
   report page is anonymous, so what is kept from it goes to that account. */
export function lastAccount() {
  return run(META, "readonly", (store) => store.get("account"));
}

export function rememberAccount(account) {
  return run(META, "readwrite", (store) => store.put(account, "account"));
}

export function newToken() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/* The current CSRF token: the cookie's (what the server checks against), else the page's. */
export function csrfToken(form) {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (match) return decodeURIComponent(match[1]);
  const input = form && form.querySelector("[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

/* A record from the form's FormData: text fields as they are, the photo as a Blob. */
export function recordFrom(formData, { account, summary }) {
  const fields = {};
  let photo = null;
  let photoName = null;
  for (const [name, value] of formData.entries()) {
    if (name === "csrfmiddlewaretoken" || name === "check") continue;
    if (typeof value === "string") fields[name] = value;
    else if (value && value.size > 0) {
      photo = value;
      photoName = value.name || "photo";
    }
  }
  const token = fields.submission_token || newToken();
  fields.submission_token = token;
  return { token, account, created: new Date().toISOString(), fields, photo, photoName, summary, state: "waiting" };
}

function bodyOf(record, csrf) {
  const body = new FormData();
  Object.entries(record.fields).forEach(([name, value]) => body.append(name, value));
  if (record.photo) body.append("photo", record.photo, record.photoName || "photo");
  // Whose report it is: a page left open after another account signed in on this device
  // still believes its own account is the one signed in; the server checks the session's.
  if (record.account) body.set("queue_account", record.account);
  body.set("csrfmiddlewaretoken", csrf);
  return body;
}

/* Send one report. Resolves to {outcome, message, url}: "sent" (the server has it,
   now or from an earlier send), "refused" (the report itself was not accepted),
   "later" (signed out, a limit, a busy server: worth trying again) or "offline"
   (no connection). */
export async function send(record, { url, csrf, lang }) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrf, "Accept-Language": lang };
  let response;
  try {
    // A log-in page is not an answer: redirect "manual" turns it into "signed out".
    const init = { method: "POST", body: bodyOf(record, csrf), credentials: "same-origin", redirect: "manual", headers };
    response = await fetch(url, init);
  } catch (error) {
    return { outcome: "offline" };
  }
  if (response.type === "opaqueredirect" || response.status === 401) return { outcome: "later", login: true };
  const data = await response.json().catch(() => null);
  const message = data && (data.message || data.error);
  if (response.ok && data && data.ok) return { outcome: "sent", message, url: data.url, already: !!data.already };
  if (response.status === 400 || response.status === 409) return { outcome: "refused", message };
  return { outcome: "later", message };
}

/* Send every record of `account` in turn, one sender at a time across this
   browser's tabs (Web Locks), re-reading each record first so a cancelled one
   is never sent. `onResult(record, result)` hears about each. */
export function flush(options, onResult) {
  const work = async () => {
    const records = await list();
    for (const kept of records) {
      if (kept.state === "refused") continue;
      if (kept.account && kept.account !== options.account) continue;
      const record = await get(kept.token);
      if (!record) continue; // cancelled meanwhile
      const result = await send(record, options);
      // Kept until the server has it; a refused report stays (not retried) until cancelled.
      if (result.outcome === "sent") await remove(record.token);
      if (result.outcome === "refused") await put({ ...record, state: "refused", error: result.message || "" });
      onResult(record, result);
      if (result.outcome === "offline" || result.outcome === "later") break;
    }
  };
  if (navigator.locks && navigator.locks.request) return navigator.locks.request(LOCK, work);
  return work();
}
