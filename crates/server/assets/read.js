// The Read view: one article through /api/extract, its text shown with
// the record's layers (spans are byte offsets into the UTF-8 text).
import { api, say, el, cameoLabel, actorName } from './app.js';

const ENTITY_TYPES = ['PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'EVENT', 'OTHER'];
let current = null; // the record shown

export function initRead() {
  document.getElementById('read-form').addEventListener('submit', (e) => {
    e.preventDefault();
    extract();
  });
  document.getElementById('article-file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    document.getElementById('article').value = await file.text();
    const kind = document.getElementById('input-kind');
    if (/\.html?$/i.test(file.name)) kind.value = 'html';
    else if (/\.txt$/i.test(file.name)) kind.value = 'text';
  });
  for (const box of document.querySelectorAll('#layers input')) {
    box.addEventListener('change', () => {
      document.getElementById('doc').classList.toggle(`show-${box.dataset.layer}`, box.checked);
    });
  }
  const legend = document.getElementById('legend');
  for (const t of ENTITY_TYPES) legend.append(el('li', { class: `ent-${t}`, text: t }));
  legend.append(el('li', { class: 'tmx', text: 'date' }), el('li', { class: 'quo', text: 'quotation' }),
    el('li', { class: 'ev', text: 'event' }));
}

async function extract() {
  const text = document.getElementById('article').value;
  if (!text.trim()) { say('Paste an article first.', true); return; }
  const params = new URLSearchParams();
  const published = document.getElementById('published').value;
  const kind = document.getElementById('input-kind').value;
  if (published) params.set('published', published);
  if (kind) params.set('input', kind);
  say('Extracting…');
  try {
    const type = kind === 'html' ? 'text/html' : kind === 'text' ? 'text/plain' : 'application/octet-stream';
    const record = await api(`/api/extract?${params}`, { method: 'POST', headers: { 'Content-Type': type }, body: text });
    if (record.error) { say(`Not readable: ${record.error}`, true); return; }
    current = record;
    render(record);
    say(`${(record.events || []).length} events, ${(record.entities || []).length} entities, ${(record.quotes || []).length} quotations.`);
  } catch (err) {
    say(err.message, true);
  }
}

/** Every span to highlight, with its classes and a title. */
function annotations(r) {
  const out = [];
  for (const e of r.entities || []) {
    for (const m of e.mentions || []) {
      out.push({ start: m.start, end: m.end, cls: `ent ent-${ENTITY_TYPES.includes(e.type) ? e.type : 'OTHER'}`,
        title: `${e.name} (${e.type}${e.code ? ', ' + e.code : ''}${e.country ? ', ' + e.country : ''})` });
    }
  }
  for (const t of r.timexes || []) out.push({ start: t.start, end: t.end, cls: 'tmx', title: `${t.type}: ${t.value ?? '?'}` });
  for (const q of r.quotes || []) out.push({ start: q.start, end: q.end, cls: 'quo', title: `quote (${q.kind}) — ${q.speaker ? q.speaker.name : 'speaker unknown'}` });
  for (const v of r.events || []) {
    out.push({ start: v.evidence.start, end: v.evidence.end, cls: 'ev', event: v.id, title: `${v.id}: ${cameoLabel(v.cameo)}` });
  }
  return out.filter((a) => a.end > a.start);
}

/** Lays the text out block by block, each segment carrying the layers over it. */
function render(r) {
  const doc = document.getElementById('doc');
  doc.replaceChildren();
  const bytes = new TextEncoder().encode(r.text || '');
  const dec = new TextDecoder();
  const slice = (s, e) => dec.decode(bytes.subarray(s, e));
  const blocks = (r.blocks && r.blocks.length ? r.blocks : [{ start: 0, end: bytes.length, role: 'text' }])
    .slice().sort((a, b) => a.start - b.start);
  const anns = annotations(r);
  const points = new Set([0, bytes.length]);
  for (const a of anns) { points.add(a.start); points.add(a.end); }
  for (const b of blocks) { points.add(b.start); points.add(b.end); }
  const sorted = [...points].filter((p) => p >= 0 && p <= bytes.length).sort((a, b) => a - b);
  const starts = new Map();
  for (const a of anns) { if (!starts.has(a.start)) starts.set(a.start, []); starts.get(a.start).push(a); }
  let active = [];
  let bi = 0;
  let blockEl = null;
  const firstOfEvent = new Set();
  for (let i = 0; i + 1 < sorted.length; i++) {
    const s = sorted[i];
    const e = sorted[i + 1];
    active = active.filter((a) => a.end > s).concat(starts.get(s) || []);
    while (bi < blocks.length && blocks[bi].end <= s) { bi++; blockEl = null; }
    const inBlock = bi < blocks.length && blocks[bi].start <= s;
    if (!inBlock) { blockEl = null; }
    const piece = slice(s, e);
    if (!inBlock && !piece.trim()) continue;
    if (!blockEl) {
      blockEl = el('div', { class: 'block', 'data-role': inBlock ? blocks[bi].role : 'text' });
      doc.append(blockEl);
    }
    if (!active.length) { blockEl.append(piece); continue; }
    const span = el('span', { class: [...new Set(active.flatMap((a) => a.cls.split(' ')))].join(' '),
      title: active.map((a) => a.title).join('\n') }, piece);
    // The narrowest event over the segment is the one a click shows.
    const ev = active.filter((a) => a.event).sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
    if (ev) {
      span.dataset.ev = ev.event;
      if (!firstOfEvent.has(ev.event)) {
        firstOfEvent.add(ev.event);
        span.tabIndex = 0;
        span.setAttribute('role', 'button');
        span.setAttribute('aria-label', `event ${ev.title}`);
      }
    }
    blockEl.append(span);
  }
  renderSide(r);
}

function selectEvent(id) {
  const v = (current.events || []).find((x) => x.id === id);
  if (!v) return;
  for (const s of document.querySelectorAll('#doc .ev.selected')) s.classList.remove('selected');
  const spans = document.querySelectorAll(`#doc [data-ev="${CSS.escape(id)}"]`);
  for (const s of spans) s.classList.add('selected');
  if (spans[0]) spans[0].scrollIntoView({ block: 'nearest' });
  const bytes = new TextEncoder().encode(current.text);
  const evidence = new TextDecoder().decode(bytes.subarray(v.evidence.start, v.evidence.end));
  const place = v.place ? `${v.place.name}${v.place.country ? ' (' + v.place.country + ')' : ''}` : '—';
  const rows = [['event', v.id], ['code', cameoLabel(v.cameo)], ['source', actorName(v.source)],
    ['target', actorName(v.target)], ['date', v.date || '—'], ['status', v.status], ['place', place],
    ['trigger', v.evidence.trigger || '—'], ['evidence', evidence], ['confidence', (v.confidence ?? 0).toFixed(2)]];
  const dl = el('dl', { id: 'event-fields' });
  for (const [k, val] of rows) dl.append(el('dt', { text: k }), el('dd', { 'data-field': k, text: val }));
  document.getElementById('event-detail').replaceChildren(el('h2', { text: 'Event' }), dl);
}

function renderSide(r) {
  const list = document.getElementById('read-events');
  list.replaceChildren();
  for (const v of r.events || []) {
    const b = el('button', { type: 'button', class: 'linkish' },
      `${v.date || 'undated'}: ${v.source ? v.source.name : '?'} — ${cameoLabel(v.cameo)} — ${v.target ? v.target.name : '?'}`);
    b.addEventListener('click', () => selectEvent(v.id));
    list.append(el('li', {}, b));
  }
  if (!list.children.length) list.append(el('li', { text: 'none' }));
  const its = document.getElementById('read-itineraries');
  its.replaceChildren();
  for (const it of r.itineraries || []) {
    const ol = el('ol');
    for (const s of it.stops) ol.append(el('li', { text: `${s.date || 'undated'} — ${s.place.name} (${s.status})` }));
    its.append(el('p', { text: it.person.name }), ol);
  }
  if (!its.children.length) its.append(el('p', { class: 'hint', text: 'none' }));
  const cs = document.getElementById('read-conflicts');
  cs.replaceChildren();
  for (const c of r.conflicts || []) cs.append(el('li', { text: `${c.about}: ${c.values.join(' vs ')}` }));
  if (!cs.children.length) cs.append(el('li', { text: 'none' }));
  document.getElementById('event-detail').replaceChildren(
    el('p', { class: 'hint', text: 'Click a highlighted event (underlined) for its details.' }));
}

document.getElementById('doc').addEventListener('click', (e) => {
  const span = e.target.closest('[data-ev]');
  if (span && current) selectEvent(span.dataset.ev);
});
document.getElementById('doc').addEventListener('keydown', (e) => {
  const span = e.target.closest('[data-ev]');
  if (span && current && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); selectEvent(span.dataset.ev); }
});
