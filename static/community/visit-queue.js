/* Offline visits for the "Catat sambang" page, on the shared offline queue (static/siaga/offline-queue.js).

   A visit saved without signal waits on the phone with its client UUID, the time it was made and its photo, and
   is sent again when the phone is back online (stored once: the server is idempotent by client UUID). The page
   shows "menunggu sinyal (n)" while visits wait. The position is taken from the phone when the page opens. */
(function () {
  "use strict";
  const statusEl = document.getElementById("visit-queue-status");
  const form = document.querySelector("form.visit");
  if (!statusEl || !form || !window.SiagaOfflineQueue) return;

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
    const at = out.find(function (p) { return p[0] === "at"; });
    if (at && !at[1]) at[1] = new Date().toISOString();
    const id = out.find(function (p) { return p[0] === "client_id"; })[1];
    return { id: id, fields: out, file: file };
  }
  function reset() {
    form.querySelector("[name=client_id]").value = SiagaOfflineQueue.uuid();
    form.querySelector("[name=at]").value = "";
    form.querySelectorAll("textarea, input[type=file], input[name=topics], input[name=early_warning_source]").forEach(function (el) { el.value = ""; });
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

  const queue = SiagaOfflineQueue.create({
    key: "siaga.visits." + (statusEl.dataset.user || "anon"),
    statusEl: statusEl,
    sentText: "semua kunjungan terkirim",
    isQueued: function (el) { return el === form; },
    collect: fields,
    afterQueue: reset,
    csrfRoot: form,
    // 2xx: stored (or already stored); 400/403/404: a final answer from the server. Anything else: retry later.
    isFinal: function (r) { return !r.redirected && (r.ok || r.status === 400 || r.status === 403 || r.status === 404); },
    onSent: function (entry, html) {
      const target = document.getElementById("visit-result");
      if (target && html) target.innerHTML = html;
    },
  });

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
  locate();
  queue.render();
  queue.sync();
  window.siagaVisitQueue = { load: queue.load, sync: queue.sync };
})();
