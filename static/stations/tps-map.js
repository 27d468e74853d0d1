/* TPS map popups built in the browser from compact feature properties (id, name, category, color, voters,
   special_type), so that the GeoJSON carries no HTML. Works on top of static/siaga/map.js: after a layer has
   loaded ("siaga:layer"), every marker of it gets a popup function instead of the plain name. */
(function () {
  "use strict";

  function esc(value) {
    return String(value === undefined || value === null ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function popupFactory(el) {
    const detailUrl = el.dataset.detailUrl || "";  // e.g. "/tps/0/": the 0 is replaced by the feature id
    const special = JSON.parse(el.dataset.specialTypes || "{}");
    return function (layer) {
      const p = (layer.feature && layer.feature.properties) || {};
      const name = esc(p.name);
      const title = detailUrl ? '<a href="' + esc(detailUrl.replace("/0/", "/" + p.id + "/")) + '">' + name + "</a>" : name;
      let html = "<b>" + title + "</b>";
      if (p.voters !== undefined) html += "<br>DPT " + esc(p.voters);
      if (p.special_type) html += "<br>Lokasi khusus: " + esc(special[p.special_type] || p.special_type);
      return html;
    };
  }

  window.SiagaTpsPopups = function (id, keys) {
    const el = document.getElementById(id);
    const popup = popupFactory(el);
    const wanted = keys || ["tps"];
    el.addEventListener("siaga:layer", function (event) {
      if (wanted.indexOf(event.detail.key) < 0) return;
      const layer = window.siagaMaps[id].layers[event.detail.key];
      if (layer) layer.eachLayer(function (marker) { if (marker.feature) marker.bindPopup(popup); });
    });
  };
})();
