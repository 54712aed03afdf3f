/* The door's memory on this phone: the event's roster, the queue of actions the server has not
 * confirmed yet, and the conflicts the volunteer should see, kept in IndexedDB (through idb),
 * so nothing is lost when the page is closed or the phone restarts.
 *
 * Also the two rules the page shares with the server (docs/door-api.md): how a ticket code is
 * read from a scan and hashed, and how names are folded for search.
 */
(function () {
  "use strict";

  const Door = (window.BasqaruDoor = window.BasqaruDoor || {});

  /* --- Shared rules ----------------------------------------------------------------------- */

  // Kazakh letters typed on a Russian keyboard, and what Python's casefold() does beyond
  // toLowerCase() for names: both sides fold the same way (core.text.fold on the server).
  const FOLDS = {
    "ә": "а", "і": "и", "ң": "н", "ғ": "г", "ү": "у", "ұ": "у", "қ": "к", "ө": "о", "һ": "х", "ё": "е",
    "ß": "ss", "ς": "σ", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
  };
  const FOLD_PATTERN = new RegExp("[" + Object.keys(FOLDS).join("") + "]", "g");

  function fold(text) {
    return String(text || "")
      .normalize("NFC")
      .toLowerCase()
      .replace(FOLD_PATTERN, (letter) => FOLDS[letter])
      .replace(/\s+/g, " ")
      .trim();
  }

  /* The ticket code in what the camera read: the bare code, or the ticket's URL (…/t/<code>). */
  function ticketCode(raw) {
    let value = String(raw || "").trim();
    if (value.includes("/")) {
      let path;
      try {
        path = new URL(value, "http://door.invalid/").pathname;
      } catch (err) {
        path = value.split(/[?#]/)[0];
      }
      path = path.replace(/\/+$/, "");
      value = path.slice(path.lastIndexOf("/") + 1);
    }
    return value.slice(0, 64);
  }

  /* The roster's key for a ticket: the first 32 hex of sha256(code), or null where the browser
   * has no crypto.subtle (a page over plain http other than localhost). */
  async function codeHash(code) {
    if (!window.crypto || !crypto.subtle) return null;
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(code)));
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("").slice(0, 32);
  }

  function randomRef() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  /* --- The device label ------------------------------------------------------------------ */

  const LABEL_KEY = "basqaru.door.label";

  function newLabel() {
    const letters = "abcdefghjkmnpqrstuvwxyz23456789";
    const bytes = new Uint8Array(4);
    crypto.getRandomValues(bytes);
    return "door-" + Array.from(bytes, (byte) => letters[byte % letters.length]).join("");
  }

  /* The name this phone signs its scans with ("door-2"): set once by the volunteer, else a
   * random one, kept in localStorage. */
  function deviceLabel() {
    try {
      let label = localStorage.getItem(LABEL_KEY);
      if (!label) {
        label = newLabel();
        localStorage.setItem(LABEL_KEY, label);
      }
      return label;
    } catch (err) {
      return window.__doorLabel || (window.__doorLabel = newLabel());
    }
  }

  function setDeviceLabel(label) {
    const clean = String(label || "").replace(/\s+/g, " ").trim().slice(0, 40);
    if (!clean) return deviceLabel();
    try {
      localStorage.setItem(LABEL_KEY, clean);
    } catch (err) {
      window.__doorLabel = clean;
    }
    return clean;
  }

  /* --- IndexedDB ------------------------------------------------------------------------- */

  const DB_NAME = "basqaru-door";
  const DB_VERSION = 1;

  /* rosters: one record per event {event, version, fetched_at, window, kits, people};
   * queue: {ref, kind: checkin|walkin|handout, event, at, device, …} until the server answered;
   * conflicts: {ref, event, kind, name, title, detail, at}; meta: small values by key. */
  function upgrade(db) {
    db.createObjectStore("rosters", { keyPath: "event" });
    db.createObjectStore("queue", { keyPath: "ref" });
    db.createObjectStore("conflicts", { keyPath: "ref" });
    db.createObjectStore("meta");
  }

  function idbStore(db) {
    return {
      persistent: true,
      getRoster: (event) => db.get("rosters", event),
      putRoster: (roster) => db.put("rosters", roster),
      queued: () => db.getAll("queue"),
      enqueue: (item) => db.put("queue", item),
      dequeue: async (refs) => {
        const tx = db.transaction("queue", "readwrite");
        await Promise.all([...refs.map((ref) => tx.store.delete(ref)), tx.done]);
      },
      conflicts: () => db.getAll("conflicts"),
      addConflict: (conflict) => db.put("conflicts", conflict),
      clearConflicts: async (event) => {
        const tx = db.transaction("conflicts", "readwrite");
        const all = await tx.store.getAll();
        await Promise.all([...all.filter((c) => c.event === event).map((c) => tx.store.delete(c.ref)), tx.done]);
      },
      getMeta: (key) => db.get("meta", key),
      setMeta: (key, value) => db.put("meta", value, key),
    };
  }

  /* Where IndexedDB is unavailable (some private windows), the page still works for this visit. */
  function memoryStore() {
    const rosters = new Map();
    const queue = new Map();
    const conflicts = new Map();
    const meta = new Map();
    return {
      persistent: false,
      getRoster: async (event) => rosters.get(event),
      putRoster: async (roster) => { rosters.set(roster.event, roster); },
      queued: async () => [...queue.values()],
      enqueue: async (item) => { queue.set(item.ref, item); },
      dequeue: async (refs) => { refs.forEach((ref) => queue.delete(ref)); },
      conflicts: async () => [...conflicts.values()],
      addConflict: async (conflict) => { conflicts.set(conflict.ref, conflict); },
      clearConflicts: async (event) => {
        [...conflicts.values()].filter((c) => c.event === event).forEach((c) => conflicts.delete(c.ref));
      },
      getMeta: async (key) => meta.get(key),
      setMeta: async (key, value) => { meta.set(key, value); },
    };
  }

  async function openStore() {
    try {
      if (!window.idb || !window.indexedDB) throw new Error("no IndexedDB");
      const db = await window.idb.openDB(DB_NAME, DB_VERSION, { upgrade });
      await db.count("queue");  // a database that opens but cannot be read is no better than none
      // Ask the browser not to evict the queue under storage pressure (granted or not, it helps).
      if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
      return idbStore(db);
    } catch (err) {
      return memoryStore();
    }
  }

  Door.fold = fold;
  Door.ticketCode = ticketCode;
  Door.codeHash = codeHash;
  Door.randomRef = randomRef;
  Door.deviceLabel = deviceLabel;
  Door.setDeviceLabel = setDeviceLabel;
  Door.openStore = openStore;
})();
