// The Explore view: the store's merged events (table, timeline, map, actor
// graph), a person's itinerary, and conflicts.
import { api, say, el, cameoLabel, actorName, QUAD_NAMES } from './app.js';

const SVG = 'http://www.w3.org/2000/svg';
let events = [];
let nextCursor = null;
let itinerary = null;
let map = null;
let mapLayer = null;
let loaded = false;

function svg(tag, attrs = {}, text) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
  if (text !== undefined) n.textContent = text;
  return n;
}

export function initExplore() {
  document.getElementById('filters').addEventListener('submit', (e) => { e.preventDefault(); loadEvents(false); });
  document.getElementById('more-events').addEventListener('click', () => loadEvents(true));
  document.getElementById('show-person').addEventListener('click', loadItinerary);
  document.getElementById('person').addEventListener('keydown', (e) => { if (e.key === 'Enter') loadItinerary(); });
}

/** Loads the store's answers the first time the view opens. */
export function showExplore() {
  if (!map) initMap();
  else map.invalidateSize();
  if (!loaded) { loaded = true; loadEvents(false); loadConflicts(); }
}

function filterParams() {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(document.getElementById('filters'))) if (String(v).trim()) p.set(k, String(v).trim());
  return p;
}

async function loadEvents(more) {
  const p = filterParams();
  p.set('limit', '200');
  if (more && nextCursor) p.set('cursor', nextCursor);
  say('Loading events…');
  try {
    const page = await api(`/api/events?${p}`);
    events = more ? events.concat(page.items) : page.items;
    nextCursor = page.next_cursor || null;
    document.getElementById('event-count').textContent = `(${events.length} of ${page.total})`;
    document.getElementById('more-events').hidden = !nextCursor;
    drawAll();
    say(`${page.total} merged events.`);
  } catch (err) {
    say(err.message, true);
  }
}

async function loadItinerary() {
  const name = document.getElementById('person').value.trim();
  if (!name) { itinerary = null; drawAll(); return; }
  try {
    itinerary = await api(`/api/itinerary/${encodeURIComponent(name)}`);
    say(`${itinerary.person.name}: ${itinerary.stops.length} stops.`);
  } catch (err) {
    itinerary = null;
    say(err.message, true);
  }
  drawAll();
  drawConflicts(lastConflicts);
}

let lastConflicts = [];
async function loadConflicts() {
  try {
    lastConflicts = (await api('/api/conflicts?limit=200')).items;
  } catch (err) {
    say(err.message, true);
  }
  drawConflicts(lastConflicts);
}

function drawConflicts(rows) {
  const ul = document.getElementById('conflicts');
  ul.replaceChildren();
  for (const c of rows) ul.append(el('li', { text: `${c.article}: ${c.kind} about ${c.about}: ${c.values.join(' vs ')}` }));
  for (const c of (itinerary && itinerary.conflicts) || []) {
    const vals = c.values.map((v, i) => `${v} (${(c.articles[i] || []).join(', ')})`);
    ul.append(el('li', { text: `${itinerary.person.name}: ${c.about}: ${vals.join(' vs ')}` }));
  }
  if (!ul.children.length) ul.append(el('li', { text: 'none' }));
}

function drawAll() {
  drawTable();
  drawTimeline();
  drawMap();
  drawGraph();
}

function drawTable() {
  const body = document.querySelector('#events-table tbody');
  body.replaceChildren();
  for (const e of events) {
    const tr = el('tr', { tabindex: 0, title: e.mentions.map((m) => `${m.article} ${m.event}`).join(', ') },
      el('td', { text: e.date || '' }), el('td', { text: actorName(e.source) }),
      el('td', { text: cameoLabel(e.cameo) }), el('td', { text: actorName(e.target) }),
      el('td', { text: e.status }), el('td', { text: e.place ? e.place.name : '' }),
      el('td', { text: [...new Set(e.mentions.map((m) => m.article))].join(', ') }));
    body.append(tr);
  }
}

/** Days since 1970 of the start of an ISO date, month, year or interval. */
function dayOf(value) {
  if (!value) return null;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return null;
  return Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1) / 86400000;
}

function drawTimeline() {
  const box = document.getElementById('timeline');
  box.replaceChildren();
  const dated = events.map((e) => [dayOf(e.date), e]).filter(([d]) => d !== null);
  const stops = itinerary ? itinerary.stops.map((s) => [dayOf(s.date), s]).filter(([d]) => d !== null) : [];
  const days = dated.map(([d]) => d).concat(stops.map(([d]) => d));
  if (!days.length) { box.append(el('p', { class: 'hint', text: 'No dated events.' })); return; }
  // The axis spans the middle 90% of event dates (and every stop of the
  // itinerary shown); dates outside sit at the edges, drawn hollow.
  const sorted = dated.map(([d]) => d).sort((a, b) => a - b);
  const q = (f) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))];
  const span = sorted.length ? [q(0.05), q(0.95)] : [];
  const ends = span.concat(stops.map(([d]) => d));
  const lo = Math.min(...ends) - 1;
  const hi = Math.max(...ends) + 1;
  const W = 900; const left = 150; const lane = 26;
  const lanes = [1, 2, 3, 4].map((q) => QUAD_NAMES[q]).concat(stops.length ? [itinerary.person.name] : []);
  const H = 40 + lanes.length * lane;
  const x = (d) => left + ((Math.min(Math.max(d, lo), hi) - lo) / (hi - lo)) * (W - left - 10);
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Timeline of events' });
  lanes.forEach((name, i) => {
    s.append(svg('text', { x: 4, y: 20 + i * lane + 4 }, name));
    s.append(svg('line', { x1: left, x2: W - 10, y1: 20 + i * lane, y2: 20 + i * lane, stroke: '#e3e6ea' }));
  });
  for (const [d, e] of dated) {
    const c = svg('circle', { cx: x(d), cy: 20 + (e.quad_class - 1) * lane, r: 5, class: `q${e.quad_class} tl-event${d < lo || d > hi ? ' outside' : ''}` });
    c.append(svg('title', {}, `${e.date}: ${e.source ? e.source.name : '?'} ${cameoLabel(e.cameo)} ${e.target ? e.target.name : '?'}`));
    s.append(c);
  }
  if (stops.length) {
    const y = 20 + 4 * lane;
    const pts = stops.map(([d]) => `${x(d)},${y}`).join(' ');
    s.append(svg('polyline', { points: pts, fill: 'none', stroke: '#555' }));
    for (const [d, st] of stops) {
      s.append(svg('rect', { x: x(d) - 5, y: y - 5, width: 10, height: 10, fill: '#555', class: 'tl-stop' }));
      const nearEnd = x(d) > W - 120;
      s.append(svg('text', { x: x(d) + (nearEnd ? -7 : 7), y: y - 7, 'text-anchor': nearEnd ? 'end' : 'start' }, st.place.name));
    }
  }
  const fmt = (d) => new Date(d * 86400000).toISOString().slice(0, 10);
  s.append(svg('text', { x: left, y: H - 4 }, fmt(lo + 1)));
  s.append(svg('text', { x: W - 80, y: H - 4 }, fmt(hi - 1)));
  box.append(s);
}

async function initMap() {
  if (!window.L || !window.topojson) { say('The map library did not load.', true); return; }
  map = L.map('map', { worldCopyJump: true, minZoom: 1, maxZoom: 8, attributionControl: true }).setView([20, 10], 1);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Natural Earth via world-atlas · Leaflet');
  try {
    const world = await api('/assets/vendor/world-atlas/countries-110m.json');
    const land = unwrapAntimeridian(topojson.feature(world, world.objects.countries));
    L.geoJSON(land, { style: { color: '#8a9aa9', weight: 0.6, fillColor: '#f4f1e8', fillOpacity: 1 }, interactive: false }).addTo(map);
  } catch (err) {
    say(`World map: ${err.message}`, true);
  }
  mapLayer = L.layerGroup().addTo(map);
  drawMap();
}

/** Rings that cross the antimeridian (Russia, Fiji, Antarctica) would be
 * drawn across the whole map: keep each step under 180 degrees instead. */
function unwrapAntimeridian(fc) {
  const ring = (r) => {
    let shift = 0;
    return r.map(([lon, lat], i) => {
      if (i > 0) {
        const prev = r[i - 1][0];
        if (lon - prev > 180) shift -= 360;
        else if (prev - lon > 180) shift += 360;
      }
      return [lon + shift, lat];
    });
  };
  for (const f of fc.features) {
    const g = f.geometry;
    if (!g) continue;
    if (g.type === 'Polygon') g.coordinates = g.coordinates.map(ring);
    if (g.type === 'MultiPolygon') g.coordinates = g.coordinates.map((p) => p.map(ring));
  }
  return fc;
}

const QUAD_COLOURS = { 1: '#2e7d32', 2: '#1565c0', 3: '#ef6c00', 4: '#c62828' };

function drawMap() {
  if (!map || !mapLayer) return;
  mapLayer.clearLayers();
  for (const e of events) {
    const p = e.place;
    if (!p || p.lat == null || p.lon == null) continue;
    const colour = QUAD_COLOURS[e.quad_class] || '#555';
    L.circleMarker([p.lat, p.lon], { radius: 6, color: colour, fillColor: colour, fillOpacity: 0.7, className: 'map-event' })
      .bindTooltip(`${e.date || 'undated'} · ${p.name}: ${e.source ? e.source.name : '?'} ${cameoLabel(e.cameo)}`)
      .addTo(mapLayer);
  }
  const bounds = [];
  mapLayer.eachLayer((l) => { if (l.getLatLng) bounds.push(l.getLatLng()); });
  if (bounds.length) map.fitBounds(L.latLngBounds(bounds).pad(0.3), { maxZoom: 4 });
  if (itinerary) {
    const pts = itinerary.stops.filter((s) => s.place.lat != null && s.place.lon != null).map((s) => [s.place.lat, s.place.lon]);
    if (pts.length) {
      L.polyline(pts, { color: '#333', weight: 2, dashArray: '4 4', className: 'map-path' }).addTo(mapLayer);
      for (const s of itinerary.stops) {
        if (s.place.lat == null) continue;
        L.circleMarker([s.place.lat, s.place.lon], { radius: 4, color: '#333', className: 'map-stop' })
          .bindTooltip(`${s.date || 'undated'}: ${s.place.name}`).addTo(mapLayer);
      }
    }
  }
}

/** Actors on a circle, an arrow per (source, target, quad class). */
function drawGraph() {
  const box = document.getElementById('graph');
  box.replaceChildren();
  const degree = new Map();
  const edges = new Map();
  for (const e of events) {
    if (!e.source || !e.target) continue;
    const a = e.source.name; const b = e.target.name;
    degree.set(a, (degree.get(a) || 0) + 1);
    degree.set(b, (degree.get(b) || 0) + 1);
    const k = `${a}\u0000${b}\u0000${e.quad_class}`;
    edges.set(k, (edges.get(k) || 0) + 1);
  }
  const names = [...degree.entries()].sort((p, q) => q[1] - p[1]).slice(0, 24).map(([n]) => n);
  if (!names.length) { box.append(el('p', { class: 'hint', text: 'No events with both actors.' })); return; }
  const W = 520; const R = 150; const cx = W / 2; const cy = W / 2;
  const pos = new Map(names.map((n, i) => {
    const t = (2 * Math.PI * i) / names.length - Math.PI / 2;
    return [n, [cx + R * Math.cos(t), cy + R * Math.sin(t), t]];
  }));
  const s = svg('svg', { viewBox: `0 0 ${W} ${W}`, role: 'img', 'aria-label': 'Graph of who acted on whom' });
  const defs = svg('defs');
  for (const q of [1, 2, 3, 4]) {
    const m = svg('marker', { id: `arrow${q}`, viewBox: '0 0 10 10', refX: 16, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' });
    m.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `q${q}` }));
    defs.append(m);
  }
  s.append(defs);
  for (const [k, n] of edges) {
    const [a, b, q] = k.split('\u0000');
    if (!pos.has(a) || !pos.has(b)) continue;
    const [x1, y1] = pos.get(a); const [x2, y2] = pos.get(b);
    const bend = a === b ? 30 : 0;
    const path = a === b
      ? `M${x1},${y1} c${bend},-${bend} ${bend},${bend} 0,0`
      : `M${x1},${y1} Q${(x1 + x2) / 2 + (y2 - y1) * 0.15 * q / 2},${(y1 + y2) / 2 - (x2 - x1) * 0.15 * q / 2} ${x2},${y2}`;
    const p = svg('path', { d: path, class: `edge q${q}`, 'stroke-width': Math.min(1 + n, 6), 'marker-end': `url(#arrow${q})` });
    p.append(svg('title', {}, `${a} → ${b}: ${n} ${QUAD_NAMES[q]}`));
    s.append(p);
  }
  for (const n of names) {
    const [x, y, t] = pos.get(n);
    const g = svg('g', { class: 'node' });
    g.append(svg('circle', { cx: x, cy: y, r: 5 }));
    const right = Math.cos(t) >= 0;
    g.append(svg('text', { x: x + (right ? 8 : -8), y: y + 4, 'text-anchor': right ? 'start' : 'end' }, n.length > 22 ? n.slice(0, 21) + '…' : n));
    s.append(g);
  }
  box.append(s);
  const legend = el('p', { class: 'legend-q' });
  for (const q of [1, 2, 3, 4]) legend.append(el('span', { class: `q${q}` }), QUAD_NAMES[q]);
  box.append(legend);
}
