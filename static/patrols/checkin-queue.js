/* Offline check-ins for the "Patroli saya" page, on the shared offline queue (static/siaga/offline-queue.js).

   A check-in made without signal waits on the phone (with its client UUID and the time it was made) and is sent
   again when the phone is back online (stored once: the server is idempotent by client UUID). The page shows
   "menunggu sinyal (n)" while check-ins wait, and each stop card its own waiting badge.

   Markup: <span id="checkin-queue-status" data-user="<id>"> and stop cards with <form class="checkin">
   (fields <prefix>-client_id, -at, -lat, -lon, -accuracy_m, -note, -photo), posted with htmx when online. */
(function () {
  "use strict";
  const statusEl = document.getElementById("checkin-queue-status");
  if (!statusEl || !window.SiagaOfflineQueue) return;

  function renderCards(queue) {
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

  function collect(form) {
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
    return { id: fields[idField], fields: fields, file: file,
             extra: { prefix: idField.replace(/-?client_id$/, ""), stop: card ? card.dataset.stop : "" } };
  }

  function clear(form) {
    form.querySelector("[name$=client_id]").value = SiagaOfflineQueue.uuid();  // a new check-in gets a new id
    form.querySelectorAll("textarea, input[type=file]").forEach(function (el) { el.value = ""; });
  }

  function showCard(html, stop) {
    const old = document.getElementById("stop-" + stop);
    if (!old || !html) return;
    old.outerHTML = html;
    const fresh = document.getElementById("stop-" + stop);
    if (fresh && window.htmx) window.htmx.process(fresh);
  }

  const queue = SiagaOfflineQueue.create({
    key: "siaga.patrolCheckins." + (statusEl.dataset.user || "anon"),
    statusEl: statusEl,
    sentText: "semua check-in terkirim",
    isQueued: function (form) { return !!(form.matches && form.matches("form.checkin")); },
    collect: collect,
    afterQueue: clear,
    // 200: stored (or already stored); 400/404: a final answer from the server. Anything else: retry later.
    isFinal: function (r) { return !r.redirected && (r.ok || r.status === 400 || r.status === 404); },
    onSent: function (entry, html, response) { showCard(response.status === 404 ? "" : html, entry.stop); },
    onRender: renderCards,
  });

  document.body.addEventListener("htmx:afterSwap", function () { queue.render(); });
  queue.render();
  queue.sync();
  window.siagaCheckinQueue = { load: queue.load, sync: queue.sync };
})();
