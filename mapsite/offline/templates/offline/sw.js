/* The site's service worker, written for this project (no library: the few rules
   below are the whole of it). Served by mapsite.offline.views at /sw.js.

   What it keeps, in the browser's Cache Storage:
   - the shell: offline copies of the map and the report page (rendered for nobody
     in particular: no account name, no notices) and the static files they need,
     at install;
   - any other static file of this site, once fetched;
   - the last answer of the public map data (tiles, districts), for the map offline.
   What it never keeps: other pages (they may name the account), moderation and
   account pages (it does not even answer for them), anything that is not a GET,
   any answer marked private or varying with the cookie, and anything from
   another site (it never fetches from one). Reports kept offline are not here:
   the report page keeps them in IndexedDB (offline/queue.js).
*/
{% autoescape off %}const CONFIG = {{ config }};{% endautoescape %}
const SHELL = "shell-" + CONFIG.version;
const DATA = "public-data-v1";

self.addEventListener("install", (event) => {
  // Fetched without cookies, so nothing of the signed-in account can end up in the copy.
  const shell = CONFIG.shell.concat(Object.values(CONFIG.offline), Object.values(CONFIG.offlineMap));
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(shell.map((url) => new Request(url, { credentials: "omit", cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("shell-") && n !== SHELL).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

/* Per-account answers say so (Cache-Control: private, or Vary: Cookie once a view reads
   the session): those are never kept. "no-store" is not a reason here: the data
   version says it so that every online visit asks again, and this copy is read only
   when there is no network. */
function keepable(response) {
  if (!response || !response.ok || response.type !== "basic") return false;
  const control = (response.headers.get("Cache-Control") || "").toLowerCase();
  const vary = (response.headers.get("Vary") || "").toLowerCase();
  return !control.includes("private") && !vary.includes("cookie");
}

/* Pages: always from the network, never kept. Without one, an offline copy in the
   page's language: the map for the home page, the report page for any other. */
function page(request, url) {
  return fetch(request).catch(() => {
    const home = CONFIG.homes.find((h) => url.pathname.startsWith(h)) || "/";
    const copy = url.pathname === home ? CONFIG.offlineMap[home] : CONFIG.offline[home];
    return caches.match(copy, { cacheName: SHELL }).then((hit) => hit || Response.error());
  });
}

/* Static files: the kept copy at once, refreshed in the background for next time. */
function staticFile(event) {
  const request = event.request;
  return caches.open(SHELL).then((cache) =>
    cache.match(request, { ignoreSearch: true }).then((hit) => {
      const fresh = fetch(request).then((response) => {
        if (keepable(response)) cache.put(request, response.clone());
        return response;
      });
      if (!hit) return fresh;
      event.waitUntil(fresh.catch(() => undefined));
      return hit;
    }),
  );
}

/* Public map data: the network's answer (kept), else the last one kept. */
function publicData(request) {
  return caches.open(DATA).then((cache) =>
    fetch(request)
      .then((response) => {
        if (keepable(response)) cache.put(request, response.clone());
        return response;
      })
      .catch(() => cache.match(request).then((hit) => hit || Response.error())),
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Posts (reports, votes, log-ins) and other sites' requests go to the network untouched.
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (CONFIG.private.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === "navigate") event.respondWith(page(request, url));
  else if (url.pathname.startsWith(CONFIG.static)) event.respondWith(staticFile(event));
  else if (CONFIG.data.some((prefix) => url.pathname.startsWith(prefix))) event.respondWith(publicData(request));
});
