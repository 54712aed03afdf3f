/* The door without a network: the roster on the phone, the answers decided from it, the queue
 * of what the server has not confirmed, and the sync that sends it.
 *
 * The roster (GET …/roster, then every ~30 s only what changed since its version) lets the page
 * answer a scan when the server does not: welcome, already in, cancelled, waitlisted, not open,
 * unknown. Every action the server did not confirm waits in IndexedDB with its own random `ref`
 * and the time it happened, and goes out as soon as the server answers again (the `online`
 * event, a growing backoff, each page load): check-ins in one POST /api/checkin/batch, then
 * walk-ins and kits one by one. The server records each `ref` once, so sending twice is safe.
 * Contract: docs/door-api.md.
 */
(function () {
  "use strict";

  const Door = window.BasqaruDoor;

  const ROSTER_EVERY_MS = 30000;
  const RETRY_MS = [2000, 4000, 8000, 15000, 30000];
  // The server takes up to 1000 items a request.
  const BATCH_SIZE = 500;
  const SEARCH_LIMIT = 25;

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* One JSON request with a hard timeout. Resolves to {status, data}; rejects on network
   * failure, timeout or when `signal` aborts it. */
  async function request(url, { method = "GET", body, signal, timeout = 5000 } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeout);
    if (signal) signal.addEventListener("abort", () => controller.abort());
    const headers = { Accept: "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      headers["X-CSRFToken"] = csrfToken();
    }
    try {
      const response = await fetch(url, {
        method, headers, credentials: "same-origin", cache: "no-store", signal: controller.signal,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      let data = null;
      try {
        data = await response.json();
      } catch (err) {
        if (controller.signal.aborted) throw err;
      }
      return { status: response.status, data };
    } finally {
      clearTimeout(timer);
    }
  }

  /* options: {event, urls: {roster, batch}, device: () => label, onChange(),
   *           onSynced(item, answer, conflicted): the server's answer for a queued item} */
  function createOffline(options) {
    const EVENT = options.event;
    const urls = options.urls;
    const changed = () => options.onChange && options.onChange();

    let store = null;
    let roster = null;
    let byHash = new Map();
    let folded = [];
    let queue = [];
    let conflicts = [];
    let lastSyncAt = null;
    let reachable = true;
    let loggedOut = false;
    let syncing = false;
    let syncAgain = false;
    let retryStep = 0;
    let retryTimer = 0;
    let resolveReady;
    const ready = new Promise((resolve) => { resolveReady = resolve; });

    function index() {
      byHash = new Map();
      folded = [];
      for (const person of roster ? roster.people : []) {
        byHash.set(person.h, person);
        folded.push([Door.fold(person.name), person]);
      }
    }

    /* --- The roster ------------------------------------------------------------------- */

    async function merge(data) {
      let people;
      if (data.full || !roster) {
        people = data.people || [];
      } else {
        const merged = new Map(roster.people.map((person) => [person.h, person]));
        (data.people || []).forEach((person) => merged.set(person.h, person));
        (data.removed || []).forEach((h) => merged.delete(h));
        people = [...merged.values()];
      }
      roster = {
        event: EVENT, version: data.version, fetched_at: new Date().toISOString(),
        window: data.window || {}, kits: data.kits || {}, people,
      };
      index();
      await store.putRoster(roster);
    }

    async function refreshRoster() {
      await ready;
      if (!navigator.onLine) return false;
      const since = roster && roster.version ? "?since=" + encodeURIComponent(roster.version) : "";
      try {
        const { status, data } = await request(urls.roster + since, { timeout: 10000 });
        if (status === 200 && data && Array.isArray(data.people)) {
          await merge(data);
          answered();
          if (!queue.length) await synced();
          return true;
        }
        if (status === 401) loggedOut = true;
        else if (status !== 403) unreachable();  // a portal's or proxy's page, a 5xx: not our server
      } catch (err) {
        unreachable();
      } finally {
        changed();
      }
      return false;
    }

    /* What the server said about a person at once (online scan, sync): the roster knows it
     * before its next refresh, so a second scan offline says "already". */
    async function noteCheckIn(h, at, device) {
      const person = h && byHash.get(h);
      if (!person || !at) return;
      person.checked_in_at = at;
      person.checked_in_device = device || "";
      await store.putRoster(roster);
    }

    /* --- Offline answers -------------------------------------------------------------- */

    function pendingCheckIn(h) {
      return queue.find((item) => item.kind === "checkin" && item.event === EVENT && item.h === h
        && item.decision === "ok");
    }

    /* The answer the roster gives for a scanned code: {result, person, h, at, device, opens, closed}.
     * `unknown` covers tickets of other events too: the roster holds this event's only. */
    async function decide(raw) {
      await ready;
      const h = await Door.codeHash(Door.ticketCode(raw));
      if (!roster || !h) return { result: "no_roster", h };
      const person = byHash.get(h);
      if (!person) return { result: "unknown", h };
      const now = Date.now();
      const opens = roster.window && roster.window.opens_at;
      const closes = roster.window && roster.window.closes_at;
      if (opens && now < Date.parse(opens)) return { result: "not_open", person, h, opens };
      if (closes && now > Date.parse(closes)) return { result: "not_open", person, h, closed: closes };
      if (person.status === "cancelled" || person.status === "waitlisted") return { result: person.status, person, h };
      const mine = pendingCheckIn(h);
      if (mine) return { result: "already", person, h, at: mine.at, device: mine.device, here: true };
      if (person.checked_in_at) {
        return { result: "already", person, h, at: person.checked_in_at, device: person.checked_in_device };
      }
      return { result: "ok", person, h };
    }

    function isCheckedIn(person) {
      return Boolean(person.checked_in_at || pendingCheckIn(person.h));
    }

    function search(query) {
      const needle = Door.fold(query);
      if (needle.length < 2) return [];
      const found = [];
      for (const [name, person] of folded) {
        if (name.includes(needle)) {
          found.push(person);
          if (found.length >= SEARCH_LIMIT) break;
        }
      }
      return found;
    }

    function counts() {
      if (!roster) return null;
      let registered = 0;
      let checkedIn = 0;
      for (const person of roster.people) {
        if (person.status !== "confirmed") continue;
        registered += 1;
        if (isCheckedIn(person)) checkedIn += 1;
      }
      const walkIns = queue.filter((item) => item.kind === "walkin" && item.event === EVENT).length;
      return { registered: registered + walkIns, checkedIn: checkedIn + walkIns };
    }

    /* --- The queue -------------------------------------------------------------------- */

    async function enqueue(item) {
      await ready;
      const entry = { device: options.device(), event: EVENT, at: new Date().toISOString(), ...item };
      queue.push(entry);
      await store.enqueue(entry);
      changed();
      if (reachable && navigator.onLine) setTimeout(sync, 0);
      else retry();
      return entry;
    }

    /* A conflict keeps what was queued (the code, a walk-in's details) so that nothing the
     * volunteer entered is gone when the server refused it: it can be read and entered again. */
    async function conflict(item, details) {
      const entry = {
        ref: item.ref, event: item.event, kind: item.kind, at: item.at, code: item.code || "", body: item.body || null,
        ...details,
      };
      await store.addConflict(entry);
      if (entry.event === EVENT) conflicts.push(entry);
    }

    async function settle(items, answers) {
      const byRef = new Map(answers.filter(Boolean).map((answer) => [answer.ref, answer]));
      const done = [];
      for (const item of items) {
        const answer = byRef.get(item.ref);
        if (!answer) continue;
        done.push(item.ref);
        if (answer.result === "ok" || answer.result === "already") {
          await noteCheckIn(item.h, answer.checked_in_at, answer.checked_in_device);
        }
        const welcomed = item.decision === "ok" || item.decision === "no_roster";
        const sameDoor = answer.result === "already" && answer.checked_in_device === item.device;
        // Where the phone and the server disagree: welcomed offline but refused, or turned away
        // offline (unknown, waitlisted…) but checked in by the server.
        const conflicted = answer.result === "invalid"
          || (welcomed ? answer.result !== "ok" && !sameDoor : answer.result === "ok");
        if (conflicted) {
          await conflict(item, {
            result: answer.result, title: answer.message, name: answer.name || item.name || "",
            checked_in_at: answer.checked_in_at, checked_in_device: answer.checked_in_device,
          });
        }
        if (options.onSynced) options.onSynced(item, answer, conflicted);
      }
      await drop(done);
    }

    async function drop(refs) {
      if (!refs.length) return;
      const gone = new Set(refs);
      queue = queue.filter((item) => !gone.has(item.ref));
      await store.dequeue(refs);
    }

    /* Our API's refusal of a request's content: a JSON 422 with its error `code`. Anything else
     * that is not the expected answer (403 after a role change, a proxy's or a Wi-Fi portal's
     * page, a 404) says nothing about the items: they stay queued and are sent again later. */
    function refused(status, data) {
      return status === 422 && Boolean(data && typeof data === "object" && data.code);
    }

    /* Send check-ins; a refused request (a malformed item) is split until the bad item is alone,
     * so one item can never hold back the rest. Resolves to false to try again later. */
    async function sendCheckIns(items) {
      const body = items.map((item) => ({
        ref: item.ref, code: item.code, event: item.event, scanned_at: item.at, device: item.device,
        manual: Boolean(item.manual),
      }));
      const { status, data } = await request(urls.batch, { method: "POST", body, timeout: 20000 });
      if (status === 200 && Array.isArray(data)) {
        await settle(items, data);
        return true;
      }
      if (status === 401 || status === 403) loggedOut = true;
      if (!refused(status, data)) return false;
      if (items.length > 1) {
        const half = Math.ceil(items.length / 2);
        return (await sendCheckIns(items.slice(0, half))) && sendCheckIns(items.slice(half));
      }
      await conflict(items[0], { result: "invalid", title: (data && data.message) || "", name: items[0].name || "" });
      await drop([items[0].ref]);
      return true;
    }

    /* A walk-in or a kit, alone: our API's answer (2xx with a `result`) is done, its refusal
     * (409 or 422 with an error `code`) is a conflict that keeps the details; anything else waits. */
    async function sendOne(item) {
      const { status, data } = await request(item.url, {
        method: "POST", body: { ...item.body, ref: item.ref, device: item.device }, timeout: 10000,
      });
      if (status === 401 || status === 403) loggedOut = true;
      const answered = data && typeof data === "object";
      const ok = status >= 200 && status < 300 && Boolean(answered && data.result);
      const refusal = (status === 409 || status === 422) && Boolean(answered && data.code);
      if (!ok && !refusal) return false;
      const name = (data && data.name) || item.name || "";
      const alreadyGiven = ok && item.kind === "handout" && data && data.result === "already_given" && !data.duplicate;
      if (!ok) {
        await conflict(item, {
          result: (data && data.code) || "error", title: (data && data.message) || "", name,
          errors: (data && data.errors) || [],
        });
      } else if (alreadyGiven) {
        await conflict(item, {
          result: "already_given", title: data.message, name, given_at: data.given_at, given_by: data.given_by,
        });
      }
      if (options.onSynced) options.onSynced(item, data, !ok || alreadyGiven);
      await drop([item.ref]);
      return true;
    }

    async function flush() {
      const checkIns = queue.filter((item) => item.kind === "checkin");
      for (let start = 0; start < checkIns.length; start += BATCH_SIZE) {
        if (!(await sendCheckIns(checkIns.slice(start, start + BATCH_SIZE)))) return false;
      }
      // Kits after check-ins: the server gives a kit only to someone checked in.
      for (const kind of ["walkin", "handout"]) {
        for (const item of queue.filter((entry) => entry.kind === kind)) {
          if (!(await sendOne(item))) return false;
        }
      }
      return true;
    }

    async function synced() {
      lastSyncAt = new Date().toISOString();
      try {
        await store.setMeta("synced:" + EVENT, lastSyncAt);
      } catch (err) {
        // Only the status bar's "synced at" is lost.
      }
    }

    async function sync() {
      await ready;
      if (syncing) {
        syncAgain = true;
        return;
      }
      if (!navigator.onLine || !queue.length) return;
      syncing = true;
      syncAgain = false;
      let done = false;
      try {
        done = await flush();
      } catch (err) {
        done = false;
      }
      syncing = false;
      if (done) {
        answered();
        await synced();
      } else {
        unreachable();
      }
      changed();
      if (syncAgain) sync();
    }

    /* --- Reachability and retries ------------------------------------------------------- */

    function answered() {
      reachable = true;
      loggedOut = false;
      retryStep = 0;
      clearTimeout(retryTimer);
      retryTimer = 0;
    }

    function unreachable() {
      reachable = false;
      retry();
    }

    /* Try again after a growing pause: the sync if anything waits, else the roster. */
    function retry() {
      if (retryTimer) return;
      const delay = RETRY_MS[Math.min(retryStep, RETRY_MS.length - 1)];
      retryStep += 1;
      retryTimer = setTimeout(async () => {
        retryTimer = 0;
        if (!navigator.onLine) return;
        if (queue.length) await sync();
        else await refreshRoster();
      }, delay);
    }

    async function refresh() {
      if (document.hidden || !navigator.onLine) return;
      await refreshRoster();
      await sync();
    }

    async function start() {
      try {
        store = await Door.openStore();
        roster = (await store.getRoster(EVENT)) || null;
        index();
        queue = await store.queued();
        conflicts = (await store.conflicts()).filter((entry) => entry.event === EVENT);
        lastSyncAt = (await store.getMeta("synced:" + EVENT)) || null;
      } finally {
        // Even when the phone's database failed to load: scans then go to the server (or wait in
        // this page's memory) instead of waiting forever for it.
        resolveReady();
      }
      changed();
      window.addEventListener("online", () => { retryStep = 0; refresh(); changed(); });
      window.addEventListener("offline", changed);
      document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
      setInterval(refresh, ROSTER_EVERY_MS);
      await refreshRoster();
      await sync();
    }

    return {
      ready,
      start,
      decide,
      search,
      counts,
      enqueue,
      sync,
      noteCheckIn,
      isCheckedIn,
      pendingCheckIn,
      refreshRoster,
      hasKit: (role) => Boolean(roster && roster.kits && roster.kits[role]),
      knowsKits: () => Boolean(roster),
      // The server did not answer a scan: answer offline until a retry reaches it again.
      failed: unreachable,
      // The server answered a scan: anything waiting can go now.
      reached: () => {
        answered();
        if (queue.length) sync();
        changed();
      },
      likelyOnline: () => navigator.onLine && reachable,
      clearConflicts: async () => {
        await store.clearConflicts(EVENT);
        conflicts = [];
        changed();
      },
      status: () => ({
        online: navigator.onLine,
        reachable,
        loggedOut,
        syncing,
        waiting: queue.filter((item) => item.event === EVENT).length,
        lastSyncAt,
        rosterAt: roster ? roster.fetched_at : null,
        rosterSize: roster ? roster.people.length : 0,
        conflicts: conflicts.slice(),
        persistent: store ? store.persistent : true,
      }),
    };
  }

  Door.request = request;
  Door.createOffline = createOffline;
})();
