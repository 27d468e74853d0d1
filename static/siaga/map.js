/* Siaga map: Leaflet from the xstatic package, GeoJSON layers from Siaga's own endpoints.
   Tiles from SIAGA_TILE_URL or from the local MBTiles file Siaga serves (/peta/ubin/); with neither, a plain
   background with points and boundaries. */
(function () {
  "use strict";
  const KIND_COLORS = { polda: "#1d3557", polres: "#1d3557", polsek: "#457b9d", region: "#6c757d" };

  function pointStyle(props) {
    const color = props.color || KIND_COLORS[props.kind] || "#2a9d8f";
    const radius = props.radius || (props.kind === "region" ? 3 : 6);
    return { radius: radius, color: color, fillColor: color, fillOpacity: 0.8, weight: 1 };
  }

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function popupHtml(props) {
    if (props.popup) return props.popup;
    const name = props.name || props.code || "";
    let note = "";
    if (props.kind === "boundary") {
      note = props.approx
        ? "<br><small>Batas perkiraan (bukan batas resmi)</small>"
        : "<br><small>Batas resmi · sumber: " + esc(props.source || "-") + "</small>";
    } else if (props.approx) {
      note = "<br><small>Koordinat perkiraan</small>";
    }
    return "<b>" + esc(name) + "</b>" + note;
  }

  /* Legend for region outlines: dashed = Siaga's approximation, solid = an imported official outline. */
  function outlineLegend(data) {
    let approx = 0, official = 0;
    const sources = {};
    (data.features || []).forEach(function (f) {
      const p = f.properties || {};
      if (p.kind !== "boundary") return;
      if (p.approx) { approx += 1; } else { official += 1; if (p.source) sources[p.source] = true; }
    });
    if (!approx && !official) return null;
    const rows = [];
    if (official) {
      rows.push('<span class="legend-line official"></span> Batas resmi' +
        (Object.keys(sources).length ? " (" + esc(Object.keys(sources).join(", ")) + ")" : ""));
    }
    if (approx) rows.push('<span class="legend-line approx"></span> Batas perkiraan');
    return rows.join("<br>");
  }

  /* A cluster takes the colour of its most severe member (features may carry properties.rank). */
  function clusterIcon(cluster) {
    let top = null;
    cluster.getAllChildMarkers().forEach(function (m) {
      const p = (m.feature && m.feature.properties) || {};
      if (top === null || (p.rank || 0) > (top.rank || 0)) top = p;
    });
    const color = (top && top.color) || "#2a9d8f";
    const n = cluster.getChildCount();
    const size = n < 100 ? 30 : n < 1000 ? 36 : 42;
    return L.divIcon({
      html: '<div style="background:' + color + ';width:' + size + 'px;height:' + size + 'px;line-height:' + size +
        'px;border-radius:50%;color:#fff;font-weight:600;text-align:center;border:2px solid #fff;' +
        'box-shadow:0 0 0 1px ' + color + '">' + n + "</div>",
      className: "siaga-cluster", iconSize: L.point(size, size),
    });
  }

  function buildLayer(data, spec) {
    const geo = L.geoJSON(data, {
      style: function (f) {
        const p = f.properties || {};
        return { color: p.color || "#264653", weight: p.weight || 1.2, fillOpacity: p.fillOpacity || 0.04,
                 dashArray: p.approx ? "4 3" : null };
      },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, pointStyle(f.properties || {})); },
      onEachFeature: function (f, layer) { layer.bindPopup(popupHtml(f.properties || {})); },
    });
    if (spec.cluster && L.markerClusterGroup) {
      const group = L.markerClusterGroup({
        disableClusteringAtZoom: 14, chunkedLoading: true, maxClusterRadius: 40, iconCreateFunction: clusterIcon,
      });
      group.addLayer(geo);
      return group;
    }
    return geo;
  }

  function SiagaMap(el, opts) {
    this.el = el;
    this.map = L.map(el, { preferCanvas: true, zoomControl: true, maxZoom: 19 });  // markercluster needs maxZoom without tiles
    if (opts.tileUrl) {
      const tileOpts = { attribution: opts.attribution || "", maxZoom: 19 };
      // A local MBTiles file covers a limited area and zoom range: beyond its deepest zoom Leaflet enlarges
      // the deepest tiles, outside its bounds it asks for nothing.
      if (opts.tileMinZoom != null) tileOpts.minNativeZoom = opts.tileMinZoom;
      if (opts.tileMaxNativeZoom != null) tileOpts.maxNativeZoom = opts.tileMaxNativeZoom;
      if (opts.tileBounds) tileOpts.bounds = L.latLngBounds(opts.tileBounds);
      L.tileLayer(opts.tileUrl, tileOpts).addTo(this.map);
      el.dataset.basemap = opts.tileLocal ? "mbtiles" : "url";
    } else {
      el.classList.add("map-plain");
    }
    this.map.setView([-2.5, 118], 5);
    this.layers = {};
    this.control = L.control.layers(null, {}, { collapsed: false }).addTo(this.map);
    this.fitted = false;
    (opts.layers || []).forEach((spec) => this.addLayer(spec));
  }

  SiagaMap.prototype.addLayer = function (spec) {
    const load = () => this.load(spec);
    load();
    if (spec.refresh && spec.refresh > 0) {
      setInterval(function () { if (!document.hidden) load(); }, spec.refresh * 1000);
    }
  };

  SiagaMap.prototype.load = function (spec, url) {
    return fetch(url || spec.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => r.json())
      .then((data) => this.replace(spec, data));
  };

  SiagaMap.prototype.replace = function (spec, data) {
    const old = this.layers[spec.key];
    if (old) { this.map.removeLayer(old); this.control.removeLayer(old); }
    const layer = buildLayer(data, spec);
    layer.addTo(this.map);
    this.control.addOverlay(layer, spec.label);
    this.layers[spec.key] = layer;
    const count = (data.features || []).length;
    this.el.dataset[spec.key + "Count"] = String(count);
    const legend = outlineLegend(data);
    if (legend) {
      if (!this.legend) {
        this.legend = L.control({ position: "bottomleft" });
        this.legend.onAdd = function () { return L.DomUtil.create("div", "map-legend"); };
        this.legend.addTo(this.map);
      }
      this.legend.getContainer().innerHTML = legend;
    }
    if (!this.fitted && count > 0) {
      const bounds = L.geoJSON(data).getBounds();
      if (bounds.isValid()) { this.map.fitBounds(bounds.pad(0.05)); this.fitted = true; }
    }
    this.el.dataset.loaded = String(Number(this.el.dataset.loaded || 0) + 1);
    this.el.dispatchEvent(new CustomEvent("siaga:layer", { detail: { key: spec.key, count: count } }));
  };

  window.siagaMaps = window.siagaMaps || {};
  window.SiagaMapInit = function (id) {
    const el = document.getElementById(id);
    const opts = JSON.parse(document.getElementById(id + "-config").textContent);
    const m = new SiagaMap(el, opts);
    window.siagaMaps[id] = m;
    return m;
  };
})();
