/* Offline check-ins for the "Patroli saya" page.

   A check-in made without signal is kept in localStorage (with its client UUID and the time it was made) and
   sent again when the phone is back online; the server is idempotent by client UUID, so a retry whose first
   attempt did arrive is stored once. The page shows "menunggu sinyal (n)" while check-ins wait.

   Markup: <span id="checkin-queue-status" data-user="<id>"> and stop cards with <form class="checkin">
   (fields <prefix>-client_id, -at, -lat, -lon, -accuracy_m, -note, -photo), posted with htmx when online. */
(function () {
  "use strict";
  const MAX_PHOTO_BYTES = 1500000;  // localStorage holds ~5 MB; bigger photos are sent without the picture
  const RETRY_MS = 30000;
  const statusEl = document.getElementById("checkin-queue-status");
  if (!statusEl) return;
  const KEY = "siaga.patrolCheckins." + (statusEl.dataset.user || "anon");
  let syncing = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(KEY, JSON.stringify(queue)); render(queue); }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }

  function render(queue) {
    queue = queue || load();
    statusEl.textContent = queue.length ? "menunggu sinyal (" + queue.length + ")" : (statusEl.dataset.sent ? "semua check-in terkirim" : "");
    statusEl.dataset.count = String(queue.length);
    document.querySelectorAll("[data-stop]").forEach(function (card) {
      const waiting = queue.filter(function (e) { return e.stop === card.dataset.stop; }).length;
      card.dataset.queued = String(waiting);
      let badge = card.querySelector(".queued-badge");
      if (waiting && !badge) {
        badge = document.createElement("p");
        badge.className = "queued-badge";
        card.insertBefore(badge, card.querySelector("details"));
      }
      if (badge) badge.innerHTML = waiting ? '<span class="badge" style="background:#f4a100">Check-in menunggu sinyal</span>' : "";
    });
  }

  function readPhoto(file) {
    return new Promise(function (resolve) {
      if (!file || !file.size || file.size > MAX_PHOTO_BYTES) { resolve(null); return; }
      const reader = new FileReader();
      reader.onload = function () { resolve({ name: file.name, type: file.type, data: reader.result }); };
      reader.onerror = function () { resolve(null); };
      reader.readAsDataURL(file);
    });
  }

  function enqueue(form) {
    const fields = {};
    let file = null;
    Array.from(form.elements).forEach(function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "file") { file = el.files && el.files[0]; return; }
      fields[el.name] = el.value;
    });
    const at = Object.keys(fields).find(function (n) { return /-at$/.test(n); });
    if (at && !fields[at]) fields[at] = new Date().toISOString();
    const card = form.closest("[data-stop]");
    const idField = Object.keys(fields).find(function (n) { return /client_id$/.test(n); }) || "client_id";
    return readPhoto(file).then(function (photo) {
      const queue = load().filter(function (e) { return e.id !== fields[idField]; });
      queue.push({ id: fields[idField], prefix: idField.replace(/-?client_id$/, ""), url: form.getAttribute("action"),
                   stop: card ? card.dataset.stop : "", fields: fields,
                   photo: photo, photoDropped: !!file && !photo, queuedAt: new Date().toISOString() });
      save(queue);
      form.querySelector("[name$=client_id]").value = uuid();  // a new check-in gets a new id
      form.querySelectorAll("textarea, input[type=file]").forEach(function (el) { el.value = ""; });
    });
  }

  function body(entry) {
    const data = new FormData();
    Object.keys(entry.fields).forEach(function (name) { data.append(name, entry.fields[name]); });
    data.append("csrfmiddlewaretoken", csrfToken());
    if (entry.photo) {
      data.append((entry.prefix ? entry.prefix + "-" : "") + "photo", dataUrlToBlob(entry.photo.data), entry.photo.name);
    }
    return data;
  }

  function dataUrlToBlob(url) {
    const parts = url.split(",");
    const type = parts[0].split(":")[1].split(";")[0];
    const bin = atob(parts[1]);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type: type });
  }

  function showCard(html, stop) {
    const old = document.getElementById("stop-" + stop);
    if (!old || !html) return;
    old.outerHTML = html;
    const fresh = document.getElementById("stop-" + stop);
    if (fresh && window.htmx) window.htmx.process(fresh);
  }

  function send(entry) {
    return fetch(entry.url, { method: "POST", body: body(entry), credentials: "same-origin",
                              headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() } })
      .then(function (r) {
        // 200: stored (or already stored); 400/404: a final answer from the server. Anything else: retry later.
        const final = !r.redirected && (r.ok || r.status === 400 || r.status === 404);
        return r.text().then(function (html) { return { final: final, html: r.status === 404 ? "" : html }; });
      })
      .catch(function () { return { final: false }; });
  }

  function sync() {
    if (syncing || !navigator.onLine || !load().length) return Promise.resolve();
    syncing = true;
    const next = function () {
      const queue = load();
      if (!queue.length || !navigator.onLine) return Promise.resolve();
      return send(queue[0]).then(function (result) {
        if (!result.final) return;
        const rest = load().filter(function (e) { return e.id !== queue[0].id; });
        statusEl.dataset.sent = "1";
        save(rest);
        showCard(result.html, queue[0].stop);
        return next();
      });
    };
    return next().finally(function () { syncing = false; render(); });
  }

  // Before htmx sends: without signal, queue instead (capture phase, so htmx never sees the submit).
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches || !form.matches("form.checkin") || navigator.onLine) return;
    event.preventDefault();
    event.stopPropagation();
    enqueue(form);
  }, true);

  // Signal claimed but the request failed on the way: queue the same check-in (same client UUID).
  document.body.addEventListener("htmx:sendError", function (event) {
    const form = event.detail.elt;
    if (form && form.matches && form.matches("form.checkin")) enqueue(form);
  });

  window.addEventListener("online", sync);
  window.addEventListener("offline", function () { render(); });
  document.body.addEventListener("htmx:afterSwap", function () { render(); });
  setInterval(function () { if (!document.hidden) sync(); }, RETRY_MS);
  render();
  sync();
  window.siagaCheckinQueue = { load: load, sync: sync };
})();
