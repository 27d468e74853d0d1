/* The offline queue of the phone pages: visits ("Catat sambang", static/community/visit-queue.js) and patrol
   check-ins ("Patroli saya", static/patrols/checkin-queue.js).

   A form submitted without signal (or whose request failed on the way) is kept in localStorage with its client
   UUID, the time it was made and its photo (as a data URL; localStorage holds ~5 MB, so a bigger photo is
   dropped and the entry sent without it), and posted again to the form's action, as htmx would, when the phone
   is back online, on page load and every RETRY_MS; the server is idempotent by client UUID, so a retry whose
   first attempt did arrive is stored once. The status element shows "menunggu sinyal (n)" while entries wait
   (and data-count="n"). No inline script, no eval: loaded as a file before the page's own script.

   SiagaOfflineQueue.create(options) returns {load, sync, render}. Options:
     key          localStorage key (per user)
     statusEl     the status element
     sentText     its text once something queued was sent and nothing waits
     isQueued(form)   whether a submitted form is one this queue takes
     collect(form)    -> {id, fields, file, extra}: `fields` a list of [name, value] or an object name -> value,
                      stored as given; `extra` more properties stored on the entry (e.g. the stop)
     afterQueue(form) clears the form for the next entry (a new client UUID)
     csrfRoot     where the csrf input is looked up (default: the document; then the body's hx-headers)
     isFinal(response)  whether an answer ends the retries (default: 2xx, not a redirect to the login)
     onSent(entry, html, response)  shows the server's answer
     onRender(queue)    more to draw when the queue changes
   SiagaOfflineQueue.uuid() makes a client UUID. */
(function () {
  "use strict";
  const MAX_PHOTO_BYTES = 1500000;
  const RETRY_MS = 30000;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
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

  function dataUrlToBlob(url) {
    const parts = url.split(",");
    const type = parts[0].split(":")[1].split(";")[0];
    const bin = atob(parts[1]);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type: type });
  }

  function create(opts) {
    const statusEl = opts.statusEl;
    const isFinal = opts.isFinal || function (r) { return !r.redirected && r.ok; };
    let syncing = false;

    function load() { try { return JSON.parse(localStorage.getItem(opts.key) || "[]"); } catch (e) { return []; } }
    function save(queue) { localStorage.setItem(opts.key, JSON.stringify(queue)); render(queue); }

    function render(queue) {
      queue = queue || load();
      statusEl.textContent = queue.length ? "menunggu sinyal (" + queue.length + ")" : (statusEl.dataset.sent ? opts.sentText : "");
      statusEl.dataset.count = String(queue.length);
      if (opts.onRender) opts.onRender(queue);
    }

    function csrfToken() {
      const input = (opts.csrfRoot || document).querySelector("input[name=csrfmiddlewaretoken]");
      if (input) return input.value;
      try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
    }

    function enqueue(form) {
      const item = opts.collect(form);
      return readPhoto(item.file).then(function (photo) {
        const queue = load().filter(function (e) { return e.id !== item.id; });
        queue.push(Object.assign({ id: item.id, url: form.getAttribute("action") }, item.extra || {}, {
          fields: item.fields, photo: photo, photoDropped: !!item.file && !photo, queuedAt: new Date().toISOString()
        }));
        save(queue);
        opts.afterQueue(form);
      });
    }

    function body(entry) {
      const data = new FormData();
      const pairs = Array.isArray(entry.fields) ? entry.fields
        : Object.keys(entry.fields).map(function (name) { return [name, entry.fields[name]]; });
      pairs.forEach(function (p) { data.append(p[0], p[1]); });
      data.append("csrfmiddlewaretoken", csrfToken());
      if (entry.photo) {
        data.append((entry.prefix ? entry.prefix + "-" : "") + "photo", dataUrlToBlob(entry.photo.data), entry.photo.name);
      }
      return data;
    }

    function send(entry) {
      return fetch(entry.url, { method: "POST", body: body(entry), credentials: "same-origin",
                                headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() } })
        .then(function (r) {
          return r.text().then(function (html) { return { final: isFinal(r), html: html, response: r }; });
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
          if (!result.final) return;  // no answer, or not a final one: retry later
          statusEl.dataset.sent = "1";
          save(load().filter(function (e) { return e.id !== queue[0].id; }));
          if (opts.onSent) opts.onSent(queue[0], result.html, result.response);
          return next();
        });
      };
      return next().finally(function () { syncing = false; render(); });
    }

    // Before htmx sends: without signal, queue instead (capture phase, so htmx never sees the submit).
    document.addEventListener("submit", function (event) {
      if (!opts.isQueued(event.target) || navigator.onLine) return;
      event.preventDefault();
      event.stopPropagation();
      enqueue(event.target);
    }, true);
    // Signal claimed but the request failed on the way: queue the same entry (same client UUID).
    document.body.addEventListener("htmx:sendError", function (event) {
      if (event.detail.elt && opts.isQueued(event.detail.elt)) enqueue(event.detail.elt);
    });
    window.addEventListener("online", sync);
    window.addEventListener("offline", function () { render(); });
    setInterval(function () { if (!document.hidden) sync(); }, RETRY_MS);
    return { load: load, sync: sync, render: render };
  }

  window.SiagaOfflineQueue = { create: create, uuid: uuid };
})();
