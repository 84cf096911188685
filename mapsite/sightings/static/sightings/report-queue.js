/* The report form with a connection that comes and goes.

   The form is posted as usual when the site can be reached. When it cannot (the
   browser is offline, or a quick request to the site fails), the report is kept
   on this device (offline/queue.js) and
   listed under "Queued on this device", where each can be cancelled. Kept
   reports are sent on the next page load and whenever the connection returns,
   each with its own submission token, so a report sent twice is still one camera.

   Independent of the map: it works while Leaflet or the tiles cannot load.
   User text reaches the page through textContent only.
*/
import { clear, el, format, readJson } from "../js/common.js";
import * as queue from "../offline/queue.js";

const config = readJson("report-config");
const t = config.queue;
const form = document.getElementById("report-form");
const statusEl = document.getElementById("queue-status");
const section = document.getElementById("report-queue");
const listEl = document.getElementById("report-queue-list");
const othersEl = document.getElementById("report-queue-others");
const lang = document.documentElement.lang || "en";
// Results of this page's sends, shown beside the list until the page is left.
const outcomes = new Map();
let account = config.account;
// The offline copy of this page was rendered for nobody: its token does not match this
// browser's cookie. Every form on the page (the nearby cameras' too) takes the cookie's.
form.elements.csrfmiddlewaretoken.value = queue.csrfToken(form);

function timeOf(iso) {
  return new Date(iso).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
}

function describe(record) {
  const s = record.summary || {};
  const parts = [s.position, s.kind, format(t.queuedAt, { time: timeOf(record.created) })];
  if (record.photo) parts.push(t.withPhoto);
  return parts.filter(Boolean).join(" · ");
}

function stateOf(record) {
  if (record.state === "refused") return { text: format(t.refused, { error: record.error || "" }), error: true };
  const result = outcomes.get(record.token);
  if (result && result.login) return { text: t.login, error: true };
  if (result && result.outcome === "later") return { text: format(t.retry, { error: result.message || "" }), error: true };
  return { text: t.waiting, error: false };
}

async function render() {
  const records = await queue.list();
  const mine = records.filter((r) => !r.account || r.account === account);
  const others = records.length - mine.length;
  clear(listEl);
  mine.forEach((record) => {
    const li = el("li", "queued-report");
    li.dataset.token = record.token;
    li.appendChild(el("span", "queue-what", describe(record)));
    const cancel = el("button", "button button-secondary button-small queue-cancel", t.cancel);
    cancel.type = "button";
    cancel.setAttribute("aria-label", format(t.cancelLabel, { time: timeOf(record.created) }));
    cancel.addEventListener("click", () => queue.remove(record.token).then(render));
    li.appendChild(document.createTextNode(" "));
    li.appendChild(cancel);
    const state = stateOf(record);
    li.appendChild(el("span", "queue-state" + (state.error ? " is-error" : ""), state.text));
    listEl.appendChild(li);
  });
  // What was sent from this page stays listed, marked sent, with a link to it.
  outcomes.forEach((result) => {
    if (result.outcome !== "sent") return;
    const li = el("li", "queued-report is-sent");
    li.appendChild(el("span", "queue-state", format(t.sent, { message: result.message || "" })));
    if (result.url) {
      const link = el("a", null, t.open);
      link.href = result.url;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(link);
    }
    listEl.appendChild(li);
  });
  othersEl.hidden = !others;
  othersEl.textContent = others ? format(t.others, { count: others }) : "";
  section.hidden = !listEl.children.length && !others;
  form.dataset.queued = String(mine.length);
}

let flushing = null;

function flush() {
  if (flushing) return flushing;
  const options = { url: config.submitUrl, csrf: queue.csrfToken(form), lang };
  flushing = queue
    .flush({ ...options, account }, (record, result) => {
      outcomes.set(record.token, result);
      render();
    })
    .catch(() => {})
    .then(() => {
      flushing = null;
      return render();
    });
  return flushing;
}

function summaryOf() {
  const lat = form.elements.latitude.value.trim();
  const lon = form.elements.longitude.value.trim();
  const kind = form.elements.kind;
  return {
    position: lat && lon ? lat + ", " + lon : form.elements.position.value.trim(),
    kind: kind && kind.selectedIndex >= 0 ? kind.options[kind.selectedIndex].text : "",
  };
}

async function keep() {
  const record = queue.recordFrom(new FormData(form), { account, summary: summaryOf() });
  await queue.put(record);
  // A fresh form with a fresh token: the next report must not share this one's.
  form.reset();
  form.elements.submission_token.value = queue.newToken();
  statusEl.textContent = t.kept;
  await render();
}

/* Can the site be reached? navigator.onLine says only that there is a network.
   A HEAD of a small static file, past every cache (and the service worker, which
   answers GETs only). */
function reachable() {
  return fetch(config.probeUrl, { method: "HEAD", cache: "no-store", credentials: "same-origin" }).then(
    () => true,
    () => false,
  );
}

async function submit() {
  if (!form.elements.submission_token.value) form.elements.submission_token.value = queue.newToken();
  if (!navigator.onLine || !(await reachable())) return keep();
  // Online: the ordinary post, so the server's own page answers (errors, the new camera).
  form.submit();
  return undefined;
}

async function start() {
  try {
    if (!queue.supported) throw new Error("no IndexedDB");
    if (account) await queue.rememberAccount(account);
    else account = (await queue.lastAccount()) || null;
  } catch (error) {
    // No storage here (some private windows): the form posts as it would without a script.
    if (!navigator.onLine) statusEl.textContent = t.unsupported;
    return;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  window.addEventListener("online", flush);
  await render();
  if (navigator.onLine) flush();
}

start();
