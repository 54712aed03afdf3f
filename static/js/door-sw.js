/* The door page's service worker: the page, its scripts, styles and QR decoder stay on the
 * phone, so a volunteer who reloads or reopens the door page with no network still gets a
 * working scanner. The scans themselves wait in IndexedDB (js/door/store.js), not here.
 *
 * `self.DOOR` comes from /door-sw.js (registration/door_views.py): the version, the files to
 * precache with their content hashes, and where Workbox's modules are among our static files.
 * A changed file changes its revision and so the worker's bytes: the browser installs the new
 * worker, which takes over at once and fetches only what changed.
 */
/* global workbox */
(function () {
  "use strict";

  const DOOR = self.DOOR;
  workbox.setConfig({ debug: false, modulePathCb: (name) => DOOR.modules[name] });
  ["workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching"].forEach((name) => {
    workbox.loadModule(name);
  });

  workbox.core.setCacheNameDetails({ prefix: "basqaru-door" });
  // One worker per door page (its scope is the page), so each keeps its own copy of the page.
  const PAGES = "basqaru-door-page-" + self.registration.scope;
  const DOOR_PAGE = /^\/events\/[^/]+\/checkin\/$/;
  // On a slow venue network the page's copy is shown after this long rather than a blank screen.
  const PAGE_TIMEOUT_SECONDS = 4;

  function cacheable(response) {
    const type = (response && response.headers.get("Content-Type")) || "";
    // A redirect (to the login page, when the session ended) is never kept as the door page.
    return response && response.status === 200 && !response.redirected && type.startsWith("text/html");
  }

  function pageKey(url) {
    const key = new URL(url);
    key.search = "";
    key.hash = "";
    return key.href;
  }

  workbox.core.clientsClaim();
  workbox.precaching.cleanupOutdatedCaches();
  workbox.precaching.precacheAndRoute(DOOR.precache);

  workbox.routing.registerRoute(
    ({ url, request }) => request.method === "GET" && url.origin === self.location.origin && DOOR_PAGE.test(url.pathname),
    new workbox.strategies.NetworkFirst({
      cacheName: PAGES,
      networkTimeoutSeconds: PAGE_TIMEOUT_SECONDS,
      plugins: [
        {
          cacheKeyWillBeUsed: async ({ request }) => pageKey(request.url),
          cacheWillUpdate: async ({ response }) => (cacheable(response) ? response : null),
          // A server that answers with an error is no better than none: show the kept copy.
          fetchDidSucceed: async ({ response }) => {
            if (response.status >= 500) throw new Error("server error " + response.status);
            return response;
          },
        },
      ],
    }),
  );

  /* A new version refreshes the kept pages too, because in production they name the static
   * files by their hashed names; without a network the old copy stays. */
  async function refreshPages() {
    const cache = await caches.open(PAGES);
    const requests = await cache.keys();
    await Promise.all(requests.map(async (request) => {
      try {
        const response = await fetch(request.url, { credentials: "same-origin", cache: "no-store" });
        if (cacheable(response)) await cache.put(pageKey(request.url), response);
      } catch (err) {
        // No network during the update: keep the copy there is.
      }
    }));
  }

  self.addEventListener("install", (event) => {
    // The door must not run half old, half new for hours: the new worker takes over at once.
    self.skipWaiting();
    event.waitUntil(refreshPages());
  });

  self.addEventListener("message", (event) => {
    if (event.data && event.data.type === "DOOR_VERSION" && event.ports && event.ports[0]) {
      event.ports[0].postMessage({ version: DOOR.version });
    }
  });
})();
