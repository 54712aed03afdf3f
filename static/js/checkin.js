/* Door check-in: scan tickets with the rear camera, find people by name, add walk-ins.
 *
 * Made for one phone in one hand on flaky Wi-Fi: every request times out after a few
 * seconds, and a failed or unanswered check-in is shown as such (never as a welcome),
 * with one tap to try again. Strings come translated from the page (#door-strings).
 */
(function () {
  "use strict";

  const root = document.getElementById("door");
  if (!root) return;

  const T = JSON.parse(document.getElementById("door-strings").textContent);
  const urls = root.dataset;
  const EVENT = urls.event;

  const REQUEST_TIMEOUT_MS = 5000;
  // A code still in front of the camera after its answer is sent again only after this pause.
  const QUIET_MS = 3000;
  const SCAN_INTERVAL_MS = 110;
  const MAX_FRAME_WIDTH = 640;
  const STATS_EVERY_MS = 10000;
  const SEARCH_DELAY_MS = 300;
  // An old answer fades back to "ready", so nobody reads the last person's result as the next one's.
  const RESULT_SHOWN_MS = 12000;

  let activeTab = "scan";

  const $ = (id) => document.getElementById(id);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));

  function hhmm(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    if (isNaN(date)) return "";
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }

  function deviceId() {
    const key = "basqaru.door.device";
    try {
      let id = localStorage.getItem(key);
      if (!id) {
        const random = window.crypto && crypto.randomUUID
          ? crypto.randomUUID()
          : Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
        id = "web-" + random;
        localStorage.setItem(key, id);
      }
      return id;
    } catch (err) {
      return "web-no-storage";
    }
  }
  const DEVICE = deviceId();

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* One JSON request with a hard timeout. Resolves to {status, data}; rejects on network
   * failure, timeout or when `signal` aborts it. */
  async function request(url, { method = "GET", body, signal } = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
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

  /* --- The result panel --------------------------------------------------------------- */

  const panel = $("result");
  const FINAL_STATES = new Set(["ok", "already", "wrong_event", "cancelled", "waitlisted", "unknown",
    "duplicate", "error"]);
  const VIBRATION = { ok: 120, already: [90, 60, 90], waitlisted: [90, 60, 90], duplicate: [90, 60, 90] };
  let fadeTimer = 0;

  function setLine(id, text) {
    const element = $(id);
    element.textContent = text || "";
    element.hidden = !text;
  }

  function show(state, { title = "", name = "", role = "", detail = "", retry = null, action = null } = {}) {
    panel.dataset.state = state;
    setLine("result-title", title);
    setLine("result-name", name);
    setLine("result-role", role);
    setLine("result-detail", detail);
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

  /* After a welcome (or a repeated scan) the volunteer may hand out the attendee's kit. */
  function kitAction(body, code) {
    if (!urls.handoutsUrl || !code || (body.result !== "ok" && body.result !== "already")) return null;
    return { label: T.give_kit, run: () => giveKit(code) };
  }

  function showOutcome(body, code) {
    const time = hhmm(body.checked_in_at);
    let detail = "";
    if (body.result === "already" && time) {
      detail = body.checked_in_by
        ? fill(T.checked_in_at_by, { time, name: body.checked_in_by })
        : fill(T.checked_in_at, { time });
    } else if (body.result === "wrong_event" && body.event_title) {
      detail = fill(T.other_event, { title: body.event_title });
    }
    show(body.result, {
      title: body.message,
      name: body.name || "",
      role: [body.role_label, body.organisation].filter(Boolean).join(" · "),
      detail,
      action: kitAction(body, code),
    });
  }

  /* Answers other than a check-in result: offline (retry), logged out, refused. */
  function showFailure(status, data, retry) {
    if (status === 401) {
      show("error", {
        title: T.logged_out,
        action: { label: T.log_in, run: () => { window.location.href = urls.loginUrl; } },
      });
    } else if (status >= 500) {
      show("offline", { title: T.server_error, detail: T.offline_detail, retry });
    } else {
      show("error", { title: (data && data.message) || T.error });
    }
  }

  function showOffline(retry) {
    show("offline", { title: T.offline, detail: T.offline_detail, retry });
  }

  /* --- Check-in --------------------------------------------------------------------- */

  let scanInFlight = false;
  let lastAnswer = { code: "", at: 0 };

  /* POST one code; shows the answer and resolves to the check-in result body, or null.
   * The camera waits meanwhile, so a retry and a fresh read of the same code never race. */
  async function checkIn(code, manual = false) {
    scanInFlight = true;
    show("checking", { title: T.checking });
    const retry = () => checkIn(code, manual);
    try {
      const { status, data } = await request(urls.checkinUrl, {
        method: "POST", body: { code, event: EVENT, device: DEVICE, manual },
      });
      if (status === 200 && data && data.result) {
        showOutcome(data, code);
        // A check-in from the list (or its retry) shows at once in the list too.
        if (activeTab === "search" && results.childElementCount) runSearch();
        return data;
      }
      showFailure(status, data, retry);
    } catch (err) {
      showOffline(retry);
    } finally {
      lastAnswer = { code, at: performance.now() };
      scanInFlight = false;
      refreshStats();
    }
    return null;
  }

  /* --- Kit handout ------------------------------------------------------------------- */

  /* POST one handout for the ticket: the whole kit or nothing, at most once per attendee. */
  async function giveKit(code) {
    scanInFlight = true;
    show("checking", { title: T.kit_giving });
    const retry = () => giveKit(code);
    try {
      const { status, data } = await request(urls.handoutsUrl, { method: "POST", body: { code, event: EVENT } });
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
        showFailure(status, data, retry);
      }
    } catch (err) {
      showOffline(retry);
    } finally {
      lastAnswer = { code, at: performance.now() };
      scanInFlight = false;
    }
  }

  function onDecoded(raw) {
    const code = (raw || "").trim();
    if (!code || scanInFlight) return;
    if (code === lastAnswer.code && performance.now() - lastAnswer.at < QUIET_MS) return;
    checkIn(code);
  }

  /* --- Live counter ------------------------------------------------------------------ */

  const counter = $("door-count");
  let statsInFlight = false;
  let statsAgain = false;

  async function refreshStats() {
    if (statsInFlight) {
      // A check-in landed during a refresh: count again once this one is back.
      statsAgain = true;
      return;
    }
    statsInFlight = true;
    statsAgain = false;
    try {
      const { status, data } = await request(urls.statsUrl);
      if (status !== 200 || !data) throw new Error("stats " + status);
      $("count-in").textContent = data.checked_in;
      $("count-registered").textContent = data.registered;
      counter.classList.remove("stale");
    } catch (err) {
      counter.classList.add("stale");
    } finally {
      statsInFlight = false;
      if (statsAgain) refreshStats();
    }
  }

  /* --- Camera and QR decoding --------------------------------------------------------- */

  const camera = $("camera");
  const video = $("camera-video");
  const cameraMessage = $("camera-message");
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
   * our own static files. Resolves to async (video) => text | null. */
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

  function tick(now) {
    loop = requestAnimationFrame(tick);
    if (decoding || scanInFlight || now - lastTick < SCAN_INTERVAL_MS || !scanning()) return;
    lastTick = now;
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

  $("camera-start").addEventListener("click", () => {
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

  function personRow(person) {
    const item = document.createElement("li");
    item.className = "person";
    item.dataset.code = person.code;

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
    if (person.checked_in_at) {
      const done = document.createElement("span");
      done.className = "person-in";
      done.textContent = "✓ " + fill(T.in_at, { time: hhmm(person.checked_in_at) });
      state.appendChild(done);
    }
    main.append(name, meta, state);
    item.appendChild(main);

    if (person.status === "confirmed" && !person.checked_in_at) {
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

  async function runSearch() {
    clearTimeout(searchTimer);
    if (searchController) searchController.abort();
    const query = searchInput.value.trim();
    if (query.length < 2) {
      results.replaceChildren();
      note(T.search_hint);
      return;
    }
    const controller = new AbortController();
    searchController = controller;
    note(T.searching);
    try {
      const url = urls.attendeesUrl + "?q=" + encodeURIComponent(query);
      const { status, data } = await request(url, { signal: controller.signal });
      if (controller !== searchController) return;
      if (status !== 200 || !Array.isArray(data)) {
        note(status === 401 ? T.logged_out : (data && data.message) || T.error);
        return;
      }
      results.replaceChildren(...data.map(personRow));
      note(data.length ? "" : T.search_none);
    } catch (err) {
      if (controller === searchController) note(T.search_failed);
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

  function markInvalid(errors) {
    walkinForm.querySelectorAll(".field.invalid").forEach((field) => field.classList.remove("invalid"));
    const messages = [];
    (errors || []).forEach((error) => {
      const loc = error.loc || [];
      const name = loc[loc.length - 1];
      const input = walkinForm.elements[name];
      if (input) input.closest(".field").classList.add("invalid");
      if (error.msg) messages.push(String(error.msg).replace(/^Value error, /, ""));
    });
    return messages.join(" ");
  }

  async function addWalkIn() {
    const form = new FormData(walkinForm);
    const body = {
      full_name: form.get("full_name").trim(),
      phone: form.get("phone").trim(),
      organisation: form.get("organisation").trim(),
      role: form.get("role"),
      device: DEVICE,
    };
    walkinSubmit.disabled = true;
    show("checking", { title: T.checking });
    try {
      const { status, data } = await request(urls.walkinsUrl, { method: "POST", body });
      if (status === 201 && data && data.result) {
        showOutcome(data);
        walkinForm.reset();
        markInvalid([]);
      } else if (status === 409 && data && data.code === "duplicate") {
        show("duplicate", {
          title: data.message, detail: T.duplicate_hint,
          action: { label: T.to_search, run: () => findInSearch(body.phone || body.full_name) },
        });
      } else if (status === 422 && data) {
        show("error", { title: T.invalid, detail: markInvalid(data.errors) });
      } else {
        showFailure(status, data, addWalkIn);
      }
    } catch (err) {
      showOffline(addWalkIn);
    } finally {
      walkinSubmit.disabled = false;
      refreshStats();
    }
  }

  walkinForm.addEventListener("submit", (event) => {
    event.preventDefault();
    addWalkIn();
  });

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

  /* --- Start ------------------------------------------------------------------------- */

  refreshStats();
  setInterval(() => { if (!document.hidden) refreshStats(); }, STATS_EVERY_MS);
  note(T.search_hint);
  initCamera();
})();
