/* Installs the site's service worker (/sw.js, named in the page's
   <meta name="service-worker">), which lets the report page open offline.
   Without support for it (or on plain http other than localhost) the site works
   as before, online only. */
const meta = document.querySelector('meta[name="service-worker"]');
if (meta && "serviceWorker" in navigator) {
  navigator.serviceWorker.register(meta.content, { scope: "/" }).catch(() => {
    // Not installed (private mode, a blocked script): nothing to tell the resident.
  });
}
