/* Officer form that works with a bad connection: every report gets a client-generated UUID and is kept in
   localStorage until the server acknowledges it (201 new, 200 replay of the same client_id). The queue is
   flushed through POST /api/reports/batch (up to 100 reports per request, a result per report). Retries on
   "online", every few seconds, and on page load; a retry never makes a duplicate. */
(function () {
  "use strict";
  const KEY = "siaga.reports.queue.v1";
  const form = document.getElementById("officer-form");
  const list = document.getElementById("queue");
  const statusEl = document.getElementById("queue-status");
  const batchApi = form.dataset.batchUrl;
  const BATCH = 100;
  let sending = false;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function load() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function save(q) { localStorage.setItem(KEY, JSON.stringify(q)); render(q); }

  function render(q) {
    q = q || load();
    const pending = q.filter((x) => x.state === "pending").length;
    statusEl.textContent = pending ? pending + " laporan menunggu dikirim" + (navigator.onLine ? "" : " (luring)") : "Semua laporan terkirim.";
    list.innerHTML = "";
    q.slice().reverse().forEach(function (item) {
      const li = document.createElement("li");
      li.dataset.clientId = item.client_id; li.dataset.state = item.state;
      const label = item.state === "sent" ? "Terkirim #" + item.id : item.state === "failed" ? "Ditolak: " + item.error : "Menunggu kirim" + (item.error ? " (" + item.error + ")" : "");
      li.textContent = label + " · " + item.body.text.slice(0, 60);
      list.appendChild(li);
    });
  }

  function update(clientId, fields) {
    const q = load();
    q.forEach((x) => { if (x.client_id === clientId) Object.assign(x, fields); });
    const dayAgo = Date.now() - 86400000;
    save(q.filter((x) => x.state !== "sent" || x.at > dayAgo));
  }

  function retryable(status) { return !(status >= 400 && status < 500) || status === 408 || status === 429 || status === 401; }

  function sendBatch(items) {
    // One request for up to 100 queued reports; the server answers per report (201 new, 200 replay, 4xx refused).
    return fetch(batchApi, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": form.dataset.csrf },
      body: JSON.stringify({ reports: items.map((x) => x.body) }),
    }).then(function (r) {
      return r.json().catch(() => ({})).then(function (data) {
        if (r.status !== 200 || !Array.isArray(data.results)) {
          const error = data.detail || "HTTP " + r.status;
          return items.forEach((item) => update(item.client_id, retryable(r.status)
            ? { error: error, tries: (item.tries || 0) + 1 } : { state: "failed", error: error }));
        }
        data.results.forEach(function (res, i) {
          const item = items[res.index !== undefined ? res.index : i];
          if (res.status === 200 || res.status === 201) update(item.client_id, { state: "sent", id: res.id, error: "" });
          else if (retryable(res.status)) update(item.client_id, { error: res.detail, tries: (item.tries || 0) + 1 });
          else update(item.client_id, { state: "failed", error: res.detail || "HTTP " + res.status });
        });
      });
    }).catch(() => items.forEach((item) => update(item.client_id, { error: "tidak ada koneksi", tries: (item.tries || 0) + 1 })));
  }

  function flush() {
    if (sending) return Promise.resolve();
    sending = true;
    const pending = load().filter((x) => x.state === "pending");
    const chunks = [];
    for (let i = 0; i < pending.length; i += BATCH) chunks.push(pending.slice(i, i + BATCH));
    return chunks.reduce((p, chunk) => p.then(() => sendBatch(chunk)), Promise.resolve())
      .finally(() => { sending = false; });
  }

  function bodyFromForm() {
    const f = new FormData(form);
    const body = { client_id: uuid4(), text: (f.get("text") || "").trim(), location_text: f.get("location_text") || "",
                   occurred_at: new Date().toISOString() };
    if (f.get("category")) body.category = f.get("category");
    if (f.get("severity")) body.severity = Number(f.get("severity"));
    if (f.get("lat") && f.get("lon")) { body.lat = Number(f.get("lat")); body.lon = Number(f.get("lon")); }
    return body;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    const body = bodyFromForm();
    const q = load();
    q.push({ client_id: body.client_id, body: body, state: "pending", at: Date.now(), tries: 0 });
    save(q);
    form.reset();
    flush();
  });
  document.getElementById("o-geo").addEventListener("click", function () {
    const out = document.getElementById("o-geo-status");
    if (!navigator.geolocation) { out.textContent = "Perangkat tidak mendukung lokasi."; return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lat.value = pos.coords.latitude.toFixed(6); form.elements.lon.value = pos.coords.longitude.toFixed(6);
      out.textContent = "Lokasi: " + form.elements.lat.value + ", " + form.elements.lon.value;
    }, function () { out.textContent = "Lokasi tidak tersedia; isi lokasi sebagai teks."; }, { timeout: 10000 });
  });
  window.addEventListener("online", flush);
  setInterval(function () { if (navigator.onLine) flush(); }, 5000);
  render();
  flush();
  window.siagaReportQueue = { flush: flush, load: load };
})();
