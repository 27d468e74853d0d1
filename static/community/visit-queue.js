/* Offline visits for the "Catat sambang" page (the approach of static/patrols/checkin-queue.js).

   A visit saved without signal is kept in localStorage with its client UUID, the time it was made and its photo
   (as a data URL), and sent again when the phone is back online; the server is idempotent by client UUID, so a
   retry whose first attempt did arrive is stored once. The page shows "menunggu sinyal (n)" while visits wait.
   The position is taken from the phone when the page opens. */
(function () {
  "use strict";
  const MAX_PHOTO_BYTES = 1500000;
  const RETRY_MS = 30000;
  const statusEl = document.getElementById("visit-queue-status");
  const form = document.querySelector("form.visit");
  if (!statusEl || !form) return;
  const KEY = "siaga.visits." + (statusEl.dataset.user || "anon");
  let syncing = false;

  function load() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function save(queue) { localStorage.setItem(KEY, JSON.stringify(queue)); render(queue); }
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function csrfToken() {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function render(queue) {
    queue = queue || load();
    statusEl.textContent = queue.length ? "menunggu sinyal (" + queue.length + ")" : (statusEl.dataset.sent ? "semua kunjungan terkirim" : "");
    statusEl.dataset.count = String(queue.length);
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
  function fields() {
    const out = [];
    let file = null;
    Array.from(form.elements).forEach(function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") return;
      if (el.type === "file") { file = el.files && el.files[0]; return; }
      if (el.tagName === "SELECT" && el.multiple) {
        Array.from(el.selectedOptions).forEach(function (o) { out.push([el.name, o.value]); });
        return;
      }
      out.push([el.name, el.value]);
    });
    return { pairs: out, file: file };
  }
  function reset() {
    form.querySelector("[name=client_id]").value = uuid();
    form.querySelector("[name=at]").value = "";
    form.querySelectorAll("textarea, input[type=file], input[name=topics], input[name=early_warning_source]").forEach(function (el) { el.value = ""; });
  }
  function enqueue() {
    const f = fields();
    const at = f.pairs.find(function (p) { return p[0] === "at"; });
    if (at && !at[1]) at[1] = new Date().toISOString();
    const id = f.pairs.find(function (p) { return p[0] === "client_id"; })[1];
    return readPhoto(f.file).then(function (photo) {
      const queue = load().filter(function (e) { return e.id !== id; });
      queue.push({ id: id, url: form.getAttribute("action"), fields: f.pairs, photo: photo,
                   photoDropped: !!f.file && !photo, queuedAt: new Date().toISOString() });
      save(queue);
      reset();
    });
  }
  function dataUrlToBlob(url) {
    const parts = url.split(",");
    const type = parts[0].split(":")[1].split(";")[0];
    const bin = atob(parts[1]);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type: type });
  }
  function send(entry) {
    const data = new FormData();
    entry.fields.forEach(function (p) { data.append(p[0], p[1]); });
    data.append("csrfmiddlewaretoken", csrfToken());
    if (entry.photo) data.append("photo", dataUrlToBlob(entry.photo.data), entry.photo.name);
    return fetch(entry.url, { method: "POST", body: data, credentials: "same-origin",
                              headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() } })
      .then(function (r) {
        const final = !r.redirected && (r.ok || r.status === 400 || r.status === 403 || r.status === 404);
        return r.text().then(function (html) { return { final: final, html: html }; });
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
        save(load().filter(function (e) { return e.id !== queue[0].id; }));
        statusEl.dataset.sent = "1";
        const target = document.getElementById("visit-result");
        if (target && result.html) target.innerHTML = result.html;
        return next();
      });
    };
    return next().finally(function () { syncing = false; render(); });
  }
  function locate() {
    const note = document.getElementById("locate-status");
    if (!navigator.geolocation) { note.textContent = "Perangkat tidak mendukung lokasi."; return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.querySelector("[name=lat]").value = pos.coords.latitude.toFixed(6);
      form.querySelector("[name=lon]").value = pos.coords.longitude.toFixed(6);
      form.querySelector("[name=accuracy_m]").value = Math.round(pos.coords.accuracy);
      note.textContent = "Posisi terisi (±" + Math.round(pos.coords.accuracy) + " m).";
    }, function () { note.textContent = "Lokasi tidak tersedia."; }, { enableHighAccuracy: true, timeout: 10000 });
  }

  document.addEventListener("submit", function (event) {
    if (event.target !== form || navigator.onLine) return;
    event.preventDefault();
    event.stopPropagation();
    enqueue();
  }, true);
  document.body.addEventListener("htmx:sendError", function (event) { if (event.detail.elt === form) enqueue(); });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    const source = event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt;
    if (source === form && event.detail.successful) reset();
  });
  // A refusal (400/403) carries its message in Bahasa Indonesia: show it instead of dropping it.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const status = event.detail.xhr.status;
    const source = event.detail.requestConfig ? event.detail.requestConfig.elt : event.detail.elt;
    if (source === form && (status === 400 || status === 403)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  window.addEventListener("online", sync);
  window.addEventListener("offline", function () { render(); });
  setInterval(function () { if (!document.hidden) sync(); }, RETRY_MS);
  locate();
  render();
  sync();
  window.siagaVisitQueue = { load: load, sync: sync };
})();
