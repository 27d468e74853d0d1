/* Live operations map + feed: polls the JSON feed every second with a `since` cursor while the tab is visible,
   and upserts markers and feed rows by report id. The filters (incl. the Polres `unit`) mirror the query string. */
(function () {
  "use strict";
  const mapEl = document.getElementById("live-map");
  const form = document.getElementById("live-filters");
  const feed = document.getElementById("live-feed");
  const statusEl = document.getElementById("live-status");
  const siaga = window.siagaMaps["live-map"];
  const group = L.layerGroup().addTo(siaga.map);
  const COLORS = { 1: "#2a9d8f", 2: "#e9c46a", 3: "#f4a261", 4: "#e63946" };
  const INTERVAL = 1000;
  let markers = {}, rows = {}, cursor = "", timer = null, fitted = false, generation = 0;

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  function popup(r) {
    return "<b>#" + r.id + " " + esc(r.category_label) + "</b><br>" + esc(r.status_label) + " · " + esc(r.desa) +
      "<br>" + esc(r.text.slice(0, 140)) + '<br><a href="/laporan/' + r.id + '/">Buka</a>';
  }

  function upsertMarker(r) {
    if (r.lat == null || r.lon == null) return;
    const color = COLORS[r.severity] || "#6c757d";
    const style = { radius: 5 + r.severity, color: color, fillColor: color, fillOpacity: r.status === "resolved" ? 0.3 : 0.85, weight: r.overdue ? 3 : 1 };
    let m = markers[r.id];
    if (m) { m.setLatLng([r.lat, r.lon]); m.setStyle(style); m.setPopupContent(popup(r)); }
    else { m = L.circleMarker([r.lat, r.lon], style).bindPopup(popup(r)).addTo(group); markers[r.id] = m; }
    if (!fitted) { siaga.map.setView([r.lat, r.lon], 11); fitted = true; }
  }

  function upsertRow(r) {
    let li = rows[r.id];
    if (!li) { li = document.createElement("li"); li.dataset.reportId = r.id; rows[r.id] = li; }
    li.className = "sev-" + r.severity + " st-" + r.status + (r.overdue ? " overdue" : "");
    li.dataset.status = r.status;
    const count = r.incident_count > 1 ? ' <span class="badge">' + r.incident_count + " laporan</span>" : "";
    li.innerHTML = '<a href="/laporan/' + r.id + '/">#' + r.id + " " + esc(r.category_label) + "</a>" + count +
      ' <span class="badge sev-' + r.severity + '">' + esc(r.severity_label) + "</span> " +
      '<span class="status">' + esc(r.status_label) + "</span><br><small>" + esc(r.desa || (r.location_ambiguous ? "lokasi ambigu · " + r.unit : r.unit)) + " · " +
      new Date(r.occurred_at).toLocaleString("id-ID") + "</small><br>" + esc(r.text.slice(0, 160));
    feed.prepend(li);
  }

  function filters() {
    const params = new URLSearchParams();
    new FormData(form).forEach((v, k) => { if (v) params.set(k, v); });
    return params;
  }

  function query() {
    const params = filters();
    if (cursor) params.set("since", cursor);
    return form.dataset.feedUrl + "?" + params.toString();
  }

  function poll() {
    clearTimeout(timer);
    if (document.hidden) return;
    const mine = generation;
    fetch(query(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then((data) => {
        if (mine !== generation) return;
        data.reports.forEach((r) => { upsertMarker(r); upsertRow(r); });
        cursor = data.cursor || cursor;
        mapEl.dataset.reportCount = String(Object.keys(rows).length);
        statusEl.textContent = "Diperbarui " + new Date().toLocaleTimeString("id-ID");
      })
      .catch(() => { statusEl.textContent = "Koneksi terputus, mencoba lagi…"; })
      .finally(() => { if (mine === generation) timer = setTimeout(poll, INTERVAL); });
  }

  form.addEventListener("change", function () {
    // the filters stay in the address (a link or a reload opens the same view, e.g. ?unit= from the roll-up)
    const qs = filters().toString();
    history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
    generation += 1; cursor = ""; group.clearLayers(); markers = {}; rows = {}; feed.innerHTML = "";
    poll();
  });
  form.addEventListener("submit", (e) => e.preventDefault());
  document.addEventListener("visibilitychange", function () { if (!document.hidden) poll(); });
  poll();
})();
