/* Door check-in: scan tickets with the rear camera, find people by name, add walk-ins.
 *
 * Made for one phone in one hand on a venue network that comes and goes. A scan goes to the
 * server with a short timeout; without an answer the page decides from the roster on the phone
 * (js/door/sync.js), says so ("no connection: saved, will sync") and keeps the scan in
 * IndexedDB until the server has it. A service worker (/door-sw.js) keeps the page itself, so it
 * opens again with no network. Strings come translated from the page (#door-strings).
 */
(function () {
  "use strict";

  const root = document.getElementById("door");
  if (!root) return;

  const Door = window.BasqaruDoor;
  const T = JSON.parse(document.getElementById("door-strings").textContent);
  const urls = root.dataset;
  const EVENT = urls.event;

  // Past this the server is taken as gone for this scan: the roster answers, the queue keeps it.
  const SCAN_TIMEOUT_MS = 1500;
  const REQUEST_TIMEOUT_MS = 4000;
  // The same code seen again within this long is the same scan: a ticket held in front of the
  // camera stays a welcome rather than turning into "already checked in".
  const HOLD_MS = 5000;
  const SCAN_INTERVAL_MS = 110;
  const MAX_FRAME_WIDTH = 640;
  const STATS_EVERY_MS = 10000;
  const STATUS_EVERY_MS = 15000;
  const SEARCH_DELAY_MS = 300;
  // An old answer fades back to "ready", so nobody reads the last person's result as the next one's.
  const RESULT_SHOWN_MS = 12000;
  // A roster older than this is shown as stale in the status bar.
  const ROSTER_STALE_MS = 2 * 60 * 1000;

  let activeTab = "scan";

  const $ = (id) => document.getElementById(id);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
  const now = () => new Date().toISOString();

  function hhmm(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    if (isNaN(date)) return "";
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }

  const offline = Door.createOffline({
    event: EVENT,
    urls: { roster: urls.rosterUrl, batch: urls.batchUrl },
    device: Door.deviceLabel,
    onChange: () => {
      renderStatus();
      if (!offline.likelyOnline()) showCounts();
    },
    onSynced: (item, answer, conflicted) => {
      confirmShown(item, answer, conflicted);
      refreshStats();
    },
  });

  /* --- The result panel --------------------------------------------------------------- */

  const panel = $("result");
  const FINAL_STATES = new Set(["ok", "already", "wrong_event", "cancelled", "waitlisted", "unknown",
    "not_open", "duplicate", "error", "queued"]);
  const VIBRATION = { ok: 120, already: [90, 60, 90], waitlisted: [90, 60, 90], duplicate: [90, 60, 90],
    not_open: [90, 60, 90] };
  let fadeTimer = 0;

  function setLine(id, text) {
    const element = $(id);
    element.textContent = text || "";
    element.hidden = !text;
  }

  function show(state, {
    title = "", name = "", role = "", detail = "", note = "", ref = "", retry = null, action = null,
  } = {}) {
    panel.dataset.state = state;
    if (note) panel.dataset.offline = "true";
    else delete panel.dataset.offline;
    // The queued item this answer stands for, so the server's later answer can replace it.
    if (ref) panel.dataset.ref = ref;
    else delete panel.dataset.ref;
    setLine("result-title", title);
    setLine("result-name", name);
    setLine("result-role", role);
    setLine("result-detail", detail);
    setLine("result-note", note);
    const retryButton = $("result-retry");
    const actionButton = $("result-action");
    retryButton.hidden = !retry;
    retryButton.onclick = retry;
    actionButton.hidden = !action;
    actionButton.textContent = action ? action.label : "";
    actionButton.onclick = action ? action.run : null;
    $("result-actions").hidden = !retry && !action;
    // Restart the flash, so two answers in a row read as two.
    panel.classList.remove("flash");
    void panel.offsetWidth;
    panel.classList.add("flash");
    clearTimeout(fadeTimer);
    if (FINAL_STATES.has(state) || state === "offline") {
      // The answer must be seen: scroll back up if the form or the list pushed it away.
      if (panel.getBoundingClientRect().top < 0) window.scrollTo({ top: 0 });
      buzz(state);
    }
    if (FINAL_STATES.has(state)) fadeTimer = setTimeout(showReady, RESULT_SHOWN_MS);
  }

  /* The ticket is still in front of the camera: its answer stays up. */
  function keepShown() {
    if (!FINAL_STATES.has(panel.dataset.state)) return;
    clearTimeout(fadeTimer);
    fadeTimer = setTimeout(showReady, RESULT_SHOWN_MS);
  }

  function showReady() {
    show("idle", { title: T.ready });
  }

  function buzz(state) {
    if (!navigator.vibrate) return;
    try {
      navigator.vibrate(VIBRATION[state] || [250, 100, 250]);
    } catch (err) {
      // Vibration is a nicety; some browsers refuse it without a recent tap.
    }
  }

  /* "Give kit" after a welcome (or a repeated scan), only where the event has a kit for the role
   * (before the first roster the kits are unknown: then it is offered and the server decides). */
  function kitAction(result, code, role, name) {
    if (!urls.handoutsUrl || !code || (result !== "ok" && result !== "already")) return null;
    if (!role || (offline.knowsKits() && !offline.hasKit(role))) return null;
    return { label: T.give_kit, run: () => giveKit(code, name) };
  }

  function showOutcome(body, code) {
    const time = hhmm(body.checked_in_at);
    let detail = "";
    if (body.result === "already" && time) {
      const by = body.checked_in_device || body.checked_in_by;
      detail = by ? fill(T.checked_in_at_by, { time, name: by }) : fill(T.checked_in_at, { time });
    } else if (body.result === "wrong_event" && body.event_title) {
      detail = fill(T.other_event, { title: body.event_title });
    }
    show(body.result, {
      title: body.message,
      name: body.name || "",
      role: [body.role_label, body.organisation].filter(Boolean).join(" · "),
      detail,
      action: kitAction(body.result, code, body.role, body.name),
    });
  }

  /* The roster's answer, shown with the mark that the server has not seen it yet. */
  function showDecision(decision, code, ref) {
    const person = decision.person || {};
    const common = { name: person.name || "", role: person.role_label || "", note: T.offline_note, ref };
    switch (decision.result) {
      case "ok":
        show("ok", { ...common, title: T.welcome, action: kitAction("ok", code, person.role, person.name) });
        break;
      case "already": {
        const time = hhmm(decision.at);
        let detail = fill(T.checked_in_at, { time });
        if (decision.here) detail = fill(T.checked_in_here, { time });
        else if (decision.device) detail = fill(T.checked_in_at_by, { time, name: decision.device });
        show("already", {
          ...common, title: T.already, detail, action: kitAction("already", code, person.role, person.name),
        });
        break;
      }
      case "cancelled":
      case "waitlisted":
        show(decision.result, { ...common, title: T[decision.result] });
        break;
      case "not_open":
        show("not_open", {
          ...common,
          title: decision.opens
            ? fill(T.not_open_yet, { time: hhmm(decision.opens) })
            : fill(T.closed_at, { time: hhmm(decision.closed) }),
        });
        break;
      case "unknown":
        show("unknown", { ...common, title: T.unknown_offline });
        break;
      default:
        show("queued", { title: T.queued, detail: T.queued_detail, note: T.offline_note, ref });
    }
  }

  /* The server has answered a queued item while its offline answer is still on screen: say it is
   * confirmed, or show the server's answer where it differs (it is also listed as a conflict). */
  function confirmShown(item, answer, conflicted) {
    if (panel.dataset.ref !== item.ref || !answer) return;
    if (conflicted && item.kind === "checkin" && answer.result !== "invalid") {
      showOutcome(answer, null);
      return;
    }
    if (conflicted) {
      show("error", { title: answer.message || T.error, name: item.name || "" });
      return;
    }
    delete panel.dataset.offline;
    setLine("result-note", T.synced_note);
    keepShown();
  }

  /* Answers other than a check-in result: logged out, refused, broken. */
  function showFailure(status, data, retry) {
    if (status === 401) {
      show("error", {
        title: T.logged_out,
        action: { label: T.log_in, run: () => { window.location.href = urls.loginUrl; } },
      });
    } else if (status >= 500 || status === 0) {
      show("offline", { title: T.server_error, detail: T.offline_detail, retry });
    } else {
      show("error", { title: (data && data.message) || T.error });
    }
  }

  /* --- Check-in --------------------------------------------------------------------- */

  let scanInFlight = false;

  /* The server's answer for one request, or null when there was none worth waiting for (no
   * network, a timeout, a server error, a page that is not our API's): then the caller answers
   * offline and queues the request. */
  async function tryServer(url, body, timeout) {
    if (!offline.likelyOnline()) return null;
    try {
      const answer = await Door.request(url, { method: "POST", body, timeout });
      // A Wi-Fi portal's or a proxy's page is not our API's answer (JSON): no answer at all.
      const ours = Boolean(answer.data && typeof answer.data === "object");
      if (!ours || answer.status >= 500 || answer.status === 429 || answer.status === 401) {
        offline.failed();
        return null;
      }
      offline.reached();
      return answer;
    } catch (err) {
      offline.failed();
      return null;
    }
  }

  /* One scan (or a tap in the list): the server's answer, else the roster's, and the queue keeps
   * it until the server has it. The same `ref` goes with both, so a request that did reach the
   * server before its answer was lost is recorded once. Resolves to the answer. */
  async function checkIn(raw, manual = false) {
    const code = raw.trim();
    const ref = Door.randomRef();
    const at = now();
    scanInFlight = true;
    show("checking", { title: T.checking });
    try {
      const answer = await tryServer(urls.checkinUrl, {
        code, event: EVENT, device: Door.deviceLabel(), manual, ref, scanned_at: at,
      }, SCAN_TIMEOUT_MS);
      if (answer && answer.status === 200 && answer.data && answer.data.result) {
        const data = answer.data;
        showOutcome(data, code);
        if (data.result === "ok" || data.result === "already") {
          offline.noteCheckIn(await Door.codeHash(Door.ticketCode(code)), data.checked_in_at,
            data.checked_in_device || data.checked_in_by);
        }
        // A check-in from the list (or its retry) shows at once in the list too.
        if (activeTab === "search" && results.childElementCount) runSearch();
        return data;
      }
      if (answer) {
        showFailure(answer.status, answer.data, () => checkIn(code, manual));
        return null;
      }
      const decision = await offline.decide(code);
      await offline.enqueue({
        ref, kind: "checkin", code, at, manual, h: decision.h, decision: decision.result,
        name: decision.person ? decision.person.name : "",
      });
      showDecision(decision, code, ref);
      if (activeTab === "search" && results.childElementCount) runSearch();
      return { result: decision.result, offline: true };
    } finally {
      scanInFlight = false;
      refreshStats();
    }
  }

  /* --- Kit handout ------------------------------------------------------------------- */

  /* One handout for the ticket: the whole kit or nothing, at most once per attendee. Offline it
   * is noted and sent later; if the stock ran out meanwhile, the sync lists it as a conflict. */
  async function giveKit(code, name) {
    const ref = Door.randomRef();
    const at = now();
    scanInFlight = true;
    show("checking", { title: T.kit_giving });
    try {
      const answer = await tryServer(urls.handoutsUrl, { code, event: EVENT, ref, handed_at: at }, REQUEST_TIMEOUT_MS);
      if (!answer) {
        await offline.enqueue({
          ref, kind: "handout", url: urls.handoutsUrl, body: { code, event: EVENT, handed_at: at }, at, name,
        });
        show("ok", { title: T.kit_noted, name: name || "", note: T.offline_note, ref });
        return;
      }
      const { status, data } = answer;
      if (status === 200 && data && data.result === "given") {
        const items = (data.items || []).map((item) => item.name + " × " + item.quantity).join(", ");
        show("ok", { title: T.kit_given, name: data.name, detail: items });
      } else if (status === 200 && data && data.result === "already_given") {
        show("already", {
          title: T.kit_already, name: data.name,
          detail: fill(T.kit_already_at_by, { time: hhmm(data.given_at), name: data.given_by }),
        });
      } else if (status === 409 && data && data.code === "out_of_stock") {
        show("error", { title: T.kit_out_of_stock, detail: data.message });
      } else {
        showFailure(status, data, () => giveKit(code, name));
      }
    } finally {
      scanInFlight = false;
    }
  }

  let seen = { code: "", at: 0 };

  function onDecoded(raw) {
    const code = (raw || "").trim();
    if (!code) return;
    const time = performance.now();
    if (code === seen.code && time - seen.at < HOLD_MS) {
      seen.at = time;
      keepShown();
      return;
    }
    if (scanInFlight) return;
    seen = { code, at: time };
    checkIn(code).catch(() => {}).finally(() => {
      if (seen.code === code) seen.at = Math.max(seen.at, performance.now());
    });
  }

  $("code-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("code-q");
    if (!input.value.trim() || scanInFlight) return;
    checkIn(input.value, true);
    input.value = "";
  });

  /* --- Live counter ------------------------------------------------------------------ */

  const counter = $("door-count");
  let statsInFlight = false;
  let statsAgain = false;

  /* Without the server, the counter comes from the roster and the queue, greyed. */
  function showCounts() {
    const counts = offline.counts();
    if (!counts) return;
    $("count-in").textContent = counts.checkedIn;
    $("count-registered").textContent = counts.registered;
    counter.classList.add("stale");
  }

  async function refreshStats() {
    if (statsInFlight) {
      // A check-in landed during a refresh: count again once this one is back.
      statsAgain = true;
      return;
    }
    if (!offline.likelyOnline()) {
      showCounts();
      return;
    }
    statsInFlight = true;
    statsAgain = false;
    try {
      const { status, data } = await Door.request(urls.statsUrl, { timeout: REQUEST_TIMEOUT_MS });
      if (status !== 200 || !data) throw new Error("stats " + status);
      $("count-in").textContent = data.checked_in;
      $("count-registered").textContent = data.registered;
      counter.classList.remove("stale");
    } catch (err) {
      counter.classList.add("stale");
      showCounts();
    } finally {
      statsInFlight = false;
      if (statsAgain) refreshStats();
    }
  }

  /* --- Status bar: network, queue, last sync, roster, conflicts ------------------------ */

  const statusBar = $("door-status");

  function conflictText(conflict) {
    const name = conflict.name || "";
    if (conflict.kind === "walkin") {
      const errors = (conflict.errors || []).map((error) => error.message).filter(Boolean);
      // The details as they were entered, to register the person again by hand.
      const details = conflict.body ? [conflict.body.phone, conflict.body.organisation].filter(Boolean).join(", ") : "";
      return [fill(T.conflict_walkin, { name }), details, conflict.title, ...errors].filter(Boolean).join(" — ");
    }
    if (conflict.kind === "handout") {
      const detail = conflict.result === "already_given"
        ? fill(T.kit_already_at_by, { time: hhmm(conflict.given_at), name: conflict.given_by || "" })
        : conflict.title;
      return [fill(T.conflict_kit, { name }), detail].filter(Boolean).join(" — ");
    }
    if (conflict.result === "invalid") return [T.conflict_invalid, name, conflict.title].filter(Boolean).join(" — ");
    // Turned away offline (not in this phone's list yet, waitlisted…), but the server checked them in.
    if (conflict.result === "ok") return fill(T.conflict_checked_in, { name });
    if (conflict.result === "already" && conflict.checked_in_at) {
      const time = hhmm(conflict.checked_in_at);
      const by = conflict.checked_in_device;
      return [name, by ? fill(T.checked_in_at_by, { time, name: by }) : fill(T.checked_in_at, { time })]
        .filter(Boolean).join(" — ");
    }
    return [name, conflict.title].filter(Boolean).join(" — ");
  }

  function renderConflicts(conflicts) {
    const box = $("door-conflicts");
    box.hidden = !conflicts.length;
    $("conflicts-title").textContent = fill(T.conflicts_title, { count: conflicts.length });
    const sorted = conflicts.slice().sort((a, b) => String(b.at).localeCompare(String(a.at)));
    $("conflict-list").replaceChildren(...sorted.map((conflict) => {
      const item = document.createElement("li");
      item.className = "conflict";
      item.dataset.kind = conflict.kind;
      item.dataset.result = conflict.result || "";
      const when = document.createElement("span");
      when.className = "conflict-time";
      when.textContent = fill(T.scanned_at, { time: hhmm(conflict.at) });
      item.append(conflictText(conflict), " ", when);
      return item;
    }));
  }

  function renderStatus() {
    const status = offline.status();
    let network = "online";
    if (!status.online) network = "offline";
    else if (status.loggedOut) network = "logged-out";
    else if (!status.reachable) network = "unreachable";
    statusBar.dataset.network = network;
    statusBar.dataset.waiting = String(status.waiting);
    statusBar.dataset.conflicts = String(status.conflicts.length);
    if (status.rosterAt) statusBar.dataset.roster = String(status.rosterSize);
    $("status-net").textContent = {
      online: T.net_online, offline: T.net_offline, unreachable: T.net_unreachable, "logged-out": T.net_logged_out,
    }[network];
    $("status-login").hidden = !status.loggedOut;
    const queue = $("status-queue");
    queue.textContent = status.waiting ? fill(T.waiting, { count: status.waiting }) : T.nothing_waiting;
    queue.classList.toggle("waiting", status.waiting > 0);
    const unkept = Boolean(status.waiting && !status.persistent);
    if (unkept) queue.textContent += " · " + T.no_storage;
    queue.classList.toggle("status-unkept", unkept);  // a warning that wraps on a small screen
    $("status-sync").textContent = status.lastSyncAt ? fill(T.synced_at, { time: hhmm(status.lastSyncAt) }) : T.never_synced;
    const roster = $("status-roster");
    roster.textContent = status.rosterAt
      ? fill(T.roster_at, { count: status.rosterSize, time: hhmm(status.rosterAt) })
      : T.no_roster;
    roster.classList.toggle("stale", !status.rosterAt || Date.now() - Date.parse(status.rosterAt) > ROSTER_STALE_MS);
    $("device-label").textContent = Door.deviceLabel();
    renderConflicts(status.conflicts);
  }

  $("conflicts-clear").addEventListener("click", () => offline.clearConflicts());

  /* Opening the panel shows the current name, unless typing has begun: "toggle" fires a moment
   * after the tap, and a fast typist's first letters must not be replaced. */
  $("door-device").addEventListener("toggle", () => {
    const input = $("device-name");
    if ($("door-device").open && document.activeElement !== input) input.value = Door.deviceLabel();
  });
  $("device-form").addEventListener("submit", (event) => {
    event.preventDefault();
    Door.setDeviceLabel($("device-name").value);
    $("door-device").open = false;
    renderStatus();
  });

  /* --- Camera and QR decoding --------------------------------------------------------- */

  const camera = $("camera");
  const video = $("camera-video");
  const cameraMessage = $("camera-message");
  const cameraStart = $("camera-start");
  let stream = null;
  let decode = null;
  let decoding = false;
  let lastTick = 0;
  let loop = 0;
  let cameraWanted = false;
  let wakeLock = null;

  function setCamera(state, message) {
    camera.dataset.camera = state;
    if (message) cameraMessage.textContent = message;
    cameraStart.textContent = state === "problem" ? T.try_again : T.start_camera;
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  /* The native BarcodeDetector where it reads QR codes (Android, macOS), else the
   * barcode-detector ponyfill: zxing-cpp compiled to WebAssembly, with its .wasm served from
   * our own static files (and kept by the service worker). Resolves to async (video) => text | null. */
  async function makeDecoder() {
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) {
          window.__qrDecoder = "native";
          return detectorFor(new window.BarcodeDetector({ formats: ["qr_code"] }), null);
        }
      } catch (err) {
        // Fall through to the ponyfill.
      }
    }
    if (!window.BarcodeDetectionAPI) await loadScript(urls.ponyfillUrl);
    const api = window.BarcodeDetectionAPI;
    api.prepareZXingModule({
      overrides: {
        locateFile: (path, prefix) => (path.endsWith(".wasm") ? urls.wasmUrl : prefix + path),
      },
      fireImmediately: true,
    });
    window.__qrDecoder = "zxing-wasm";
    // The ponyfill reads frames from a canvas; downscaling keeps each decode fast on a phone.
    return detectorFor(new api.BarcodeDetector({ formats: ["qr_code"] }), document.createElement("canvas"));
  }

  function detectorFor(detector, canvas) {
    const context = canvas ? canvas.getContext("2d", { willReadFrequently: true }) : null;
    return async (source) => {
      let input = source;
      if (canvas) {
        const scale = Math.min(1, MAX_FRAME_WIDTH / source.videoWidth);
        const width = Math.round(source.videoWidth * scale);
        const height = Math.round(source.videoHeight * scale);
        if (!width || !height) return null;
        if (canvas.width !== width) canvas.width = width;
        if (canvas.height !== height) canvas.height = height;
        context.drawImage(source, 0, 0, width, height);
        input = context.getImageData(0, 0, width, height);
      }
      const codes = await detector.detect(input);
      return codes.length ? codes[0].rawValue : null;
    };
  }

  function scanning() {
    return stream !== null && activeTab === "scan" && !document.hidden && video.readyState >= 2;
  }

  function tick(time) {
    loop = requestAnimationFrame(tick);
    if (decoding || time - lastTick < SCAN_INTERVAL_MS || !scanning()) return;
    lastTick = time;
    decoding = true;
    decode(video)
      .then((text) => { if (text) onDecoded(text); })
      .catch(() => {})
      .finally(() => { decoding = false; });
  }

  function stopStream() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.srcObject = null;
    if (wakeLock) wakeLock.release().catch(() => {});
    wakeLock = null;
  }

  function cameraUnavailableMessage() {
    return window.isSecureContext ? T.camera_missing : T.camera_insecure;
  }

  async function startCamera() {
    if (camera.dataset.camera === "starting") return;
    cameraWanted = true;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      setCamera("problem", cameraUnavailableMessage());
      return;
    }
    setCamera("starting", T.camera_starting);
    try {
      decode = decode || (await makeDecoder());
    } catch (err) {
      setCamera("problem", T.decoder_failed);
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (err) {
      stopStream();
      const messages = {
        NotAllowedError: T.camera_denied, SecurityError: T.camera_denied,
        NotFoundError: T.camera_missing, OverconstrainedError: T.camera_missing,
        NotReadableError: T.camera_busy, AbortError: T.camera_busy,
      };
      setCamera("problem", messages[err && err.name] || T.camera_failed);
      return;
    }
    video.srcObject = stream;
    try {
      await video.play();
    } catch (err) {
      // Autoplay refused until the user taps: keep the stream, ask for the tap.
      setCamera("off", T.camera_tap);
      return;
    }
    setCamera("on");
    keepScreenOn();
    if (!loop) loop = requestAnimationFrame(tick);
  }

  async function keepScreenOn() {
    if (!("wakeLock" in navigator) || wakeLock) return;
    try {
      wakeLock = await navigator.wakeLock.request("screen");
      wakeLock.addEventListener("release", () => { wakeLock = null; });
    } catch (err) {
      wakeLock = null;
    }
  }

  async function initCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      setCamera("problem", cameraUnavailableMessage());
      return;
    }
    let permission = "prompt";
    try {
      permission = (await navigator.permissions.query({ name: "camera" })).state;
    } catch (err) {
      // Safari and older browsers cannot tell; the start button asks.
    }
    if (permission === "granted") startCamera();
    else if (permission === "denied") setCamera("problem", T.camera_denied);
    else setCamera("off");
  }

  cameraStart.addEventListener("click", () => {
    if (stream && camera.dataset.camera === "off") {
      video.play().then(() => {
        setCamera("on");
        keepScreenOn();
        if (!loop) loop = requestAnimationFrame(tick);
      }).catch(() => startCamera());
    } else {
      startCamera();
    }
  });

  // Give the camera back while the phone is locked or the tab hidden; take it again on return.
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      if (stream) {
        stopStream();
        setCamera("off", T.camera_tap);
      }
    } else {
      if (cameraWanted && !stream) startCamera();
      refreshStats();
    }
  });

  /* --- Search ------------------------------------------------------------------------- */

  const searchInput = $("search-q");
  const searchNote = $("search-note");
  const results = $("search-results");
  let searchTimer = 0;
  let searchController = null;

  function note(text) {
    searchNote.textContent = text || "";
    searchNote.hidden = !text;
  }

  /* A person from the server ({code, …}) or from the roster ({h, …}, no code: offline, a check-in
   * needs the ticket scanned). */
  function personRow(person) {
    const item = document.createElement("li");
    item.className = "person";
    if (person.code) item.dataset.code = person.code;
    else item.dataset.offline = "true";

    const main = document.createElement("div");
    main.className = "person-main";
    const name = document.createElement("strong");
    name.className = "person-name";
    name.textContent = person.name;
    const meta = document.createElement("span");
    meta.className = "person-meta";
    meta.textContent = [person.role_label, person.organisation].filter(Boolean).join(" · ");
    const state = document.createElement("span");
    state.className = "person-state";
    const badge = document.createElement("span");
    badge.className = "badge " + person.status;
    badge.textContent = T.status[person.status] || person.status;
    state.appendChild(badge);
    const pending = !person.code && offline.pendingCheckIn(person.h);
    const inAt = person.checked_in_at || (pending && pending.at);
    if (inAt) {
      const done = document.createElement("span");
      done.className = "person-in";
      done.textContent = "✓ " + fill(T.in_at, { time: hhmm(inAt) });
      state.appendChild(done);
    }
    main.append(name, meta, state);
    item.appendChild(main);

    if (person.code && person.status === "confirmed" && !person.checked_in_at) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "btn person-checkin";
      button.textContent = T.check_in;
      button.addEventListener("click", async () => {
        button.disabled = true;
        const outcome = await checkIn(person.code, true);
        if (!outcome) button.disabled = false;
      });
      item.appendChild(button);
    }
    return item;
  }

  /* The roster on the phone, folded like the server's search (ә→а, і→и, ң→н, …). */
  function searchOffline(query) {
    if (!offline.counts()) {
      results.replaceChildren();
      note(T.search_failed);
      return;
    }
    const people = offline.search(query);
    results.replaceChildren(...people.map(personRow));
    note(people.length ? T.search_offline : T.search_none);
  }

  async function runSearch() {
    clearTimeout(searchTimer);
    if (searchController) searchController.abort();
    const query = searchInput.value.trim();
    if (query.length < 2) {
      results.replaceChildren();
      note(T.search_hint);
      return;
    }
    if (!offline.likelyOnline()) {
      searchController = null;
      searchOffline(query);
      return;
    }
    const controller = new AbortController();
    searchController = controller;
    note(T.searching);
    try {
      const url = urls.attendeesUrl + "?q=" + encodeURIComponent(query);
      const { status, data } = await Door.request(url, { signal: controller.signal, timeout: REQUEST_TIMEOUT_MS });
      if (controller !== searchController) return;
      if (status === 200 && Array.isArray(data)) {
        results.replaceChildren(...data.map(personRow));
        note(data.length ? "" : T.search_none);
      } else if (status === 429 || status >= 500) {
        searchOffline(query);
      } else {
        note(status === 401 ? T.logged_out : (data && data.message) || T.error);
      }
    } catch (err) {
      if (controller === searchController) searchOffline(query);
    }
  }

  searchInput.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
  });
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    runSearch();
  });

  /* --- Walk-in ------------------------------------------------------------------------ */

  const walkinForm = $("walkin-form");
  const walkinSubmit = $("walkin-submit");
  // One walk-in, one ref: kept until the server gives a final answer, so a retry after a lost
  // answer (or the queue's later send) is recognised and never registers the person twice.
  let walkinRef = null;
  // When the details were taken (kept with the ref): a walk-in queued offline is judged by the
  // server at this time, not at the later sync.
  let walkinAt = null;

  /* The server's field errors ({field, message}) under their fields; returns the messages of
   * errors that belong to no field. */
  function markInvalid(errors) {
    walkinForm.querySelectorAll(".field").forEach((field) => {
      field.classList.remove("invalid");
      const message = field.querySelector(".field-error");
      message.textContent = "";
      message.hidden = true;
      field.querySelector("input, select").removeAttribute("aria-invalid");
    });
    const other = [];
    let first = null;
    (errors || []).forEach((error) => {
      const name = String(error.field || "").split(".").pop();
      const input = name ? walkinForm.elements[name] : null;
      if (!input || !input.closest) {
        if (error.message) other.push(error.message);
        return;
      }
      const field = input.closest(".field");
      field.classList.add("invalid");
      input.setAttribute("aria-invalid", "true");
      const message = field.querySelector(".field-error");
      message.textContent = [message.textContent, error.message].filter(Boolean).join(" ");
      message.hidden = false;
      first = first || input;
    });
    if (first) first.focus({ preventScroll: true });
    return other.join(" ");
  }

  function walkinDone() {
    walkinForm.reset();
    markInvalid([]);
    walkinRef = null;
  }

  async function addWalkIn() {
    const form = new FormData(walkinForm);
    const body = {
      full_name: form.get("full_name").trim(),
      phone: form.get("phone").trim(),
      organisation: form.get("organisation").trim(),
      role: form.get("role"),
      device: Door.deviceLabel(),
    };
    if (!walkinRef) {
      walkinRef = Door.randomRef();
      walkinAt = new Date().toISOString();
    }
    const ref = walkinRef;
    body.registered_at = walkinAt;
    walkinSubmit.disabled = true;
    show("checking", { title: T.checking });
    try {
      const answer = await tryServer(urls.walkinsUrl, { ...body, ref }, REQUEST_TIMEOUT_MS);
      if (!answer) {
        await offline.enqueue({ ref, kind: "walkin", url: urls.walkinsUrl, body, at: walkinAt, name: body.full_name });
        show("ok", { title: T.walkin_saved, name: body.full_name, note: T.offline_note, ref });
        walkinDone();
        return;
      }
      const { status, data } = answer;
      if (status === 201 && data && data.result) {
        showOutcome(data);
        walkinDone();
        return;
      }
      walkinRef = null;
      if (status === 409 && data && data.code === "duplicate") {
        show("duplicate", {
          title: data.message, detail: T.duplicate_hint,
          action: { label: T.to_search, run: () => findInSearch(body.phone || body.full_name) },
        });
      } else if (status === 422 && data) {
        show("error", { title: T.invalid, detail: markInvalid(data.errors) });
      } else {
        showFailure(status, data, addWalkIn);
      }
    } finally {
      walkinSubmit.disabled = false;
      refreshStats();
    }
  }

  walkinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    addWalkIn();
  });
  // A changed form is another walk-in.
  walkinForm.addEventListener("input", () => { walkinRef = null; });

  /* --- Tabs --------------------------------------------------------------------------- */

  function showTab(name) {
    activeTab = name;
    document.querySelectorAll(".door-tabs [role=tab]").forEach((tab) => {
      tab.setAttribute("aria-selected", String(tab.dataset.go === name));
    });
    document.querySelectorAll(".door-pane").forEach((pane) => {
      pane.hidden = pane.id !== "pane-" + name;
    });
    if (name === "search") searchInput.focus();
    if (name === "walkin") $("walkin-name").focus();
  }

  function findInSearch(text) {
    showTab("search");
    // The server reads a whole phone in any format (+998 …, 8 701 …), so it is passed as typed.
    searchInput.value = text.trim();
    runSearch();
  }

  root.querySelectorAll("[data-go]").forEach((button) => {
    button.addEventListener("click", () => showTab(button.dataset.go));
  });

  /* --- The page offline: its service worker ------------------------------------------- */

  function offlineReady() {
    $("status-ready").hidden = false;
    statusBar.dataset.offlineReady = "true";
  }

  /* The page cannot be kept (no service worker: plain http on a LAN address, or a browser
   * without one). Scans still queue while it stays open; say that a reload offline would lose it.
   * Over plain http the browser has no crypto.subtle either, so offline scans cannot be matched
   * with the roster's hashed codes (store.js) and are saved unchecked: say to use https. */
  function offlineUnkept() {
    $(window.isSecureContext ? "status-unkept" : "status-insecure").hidden = false;
    statusBar.dataset.offlineReady = "false";
  }

  /* Register the door's service worker with this page as its scope. On the first visit the page
   * was loaded before the worker existed, so once it controls the page it is asked to keep it. */
  async function keepPageOffline() {
    if (!("serviceWorker" in navigator) || !window.workbox || !urls.swUrl) {
      offlineUnkept();
      return;
    }
    const worker = new window.workbox.Workbox(urls.swUrl, { scope: urls.swScope, updateViaCache: "none" });
    const keepThisPage = () => worker
      .messageSW({ type: "CACHE_URLS", payload: { urlsToCache: [location.origin + location.pathname] } })
      .then(offlineReady)
      .catch(() => {});
    worker.addEventListener("controlling", keepThisPage);
    const controlled = Boolean(navigator.serviceWorker.controller);
    let registration;
    try {
      registration = await worker.register();
    } catch (err) {
      offlineUnkept();
      return;
    }
    if (controlled) offlineReady();
    // A reload that bypassed the worker (shift-reload): it is active but not in control.
    else if (registration && registration.active && !registration.installing && !registration.waiting) keepThisPage();
  }

  /* --- Start ------------------------------------------------------------------------- */

  renderStatus();
  offline.start().catch(() => {}).then(refreshStats);
  setInterval(() => { if (!document.hidden) refreshStats(); }, STATS_EVERY_MS);
  // The ages in the status bar ("synced 10:02") move on even when nothing happens.
  setInterval(renderStatus, STATUS_EVERY_MS);
  note(T.search_hint);
  initCamera();
  keepPageOffline();
})();
