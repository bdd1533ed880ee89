// attache's page: two views over the API, Read (one article) and Explore
// (the store). Plain modules, no framework; libraries are vendored.
import { initRead } from './read.js';
import { initExplore, showExplore } from './explore.js';

const statusEl = document.getElementById('status');

/** Says what is happening; errors in red. */
export function say(message, isError = false) {
  statusEl.textContent = message;
  statusEl.classList.toggle('error', isError);
}

/** Fetches JSON; an API error object becomes a thrown Error with its message. */
export async function api(path, options = {}) {
  const res = await fetch(path, options);
  const body = await res.text();
  let json = null;
  try { json = body ? JSON.parse(body) : null; } catch (_) { json = null; }
  if (!res.ok) {
    const message = json && json.error ? json.error.message : `${res.status} ${res.statusText}`;
    const err = new Error(message);
    err.status = res.status;
    throw err;
  }
  return json;
}

/** Makes an element with text and attributes (never HTML from data). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** CAMEO root codes and their labels (CAMEO codebook 1.1b3). */
export const CAMEO_ROOTS = {
  '01': 'Make public statement', '02': 'Appeal', '03': 'Express intent to cooperate',
  '04': 'Consult', '05': 'Engage in diplomatic cooperation', '06': 'Engage in material cooperation',
  '07': 'Provide aid', '08': 'Yield', '09': 'Investigate', '10': 'Demand', '11': 'Disapprove',
  '12': 'Reject', '13': 'Threaten', '14': 'Protest', '15': 'Exhibit force posture',
  '16': 'Reduce relations', '17': 'Coerce', '18': 'Assault', '19': 'Fight',
  '20': 'Use unconventional mass violence',
};

/** "042 (Consult)" from an event's code. */
export function cameoLabel(code) {
  const root = (code || '').slice(0, 2);
  return CAMEO_ROOTS[root] ? `${code} (${CAMEO_ROOTS[root]})` : (code || '');
}

export const QUAD_NAMES = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };

/** An actor's name, with its code when it has one. */
export function actorName(a) {
  if (!a) return '—';
  return a.code ? `${a.name} [${a.code}]` : a.name;
}

function selectTab(which) {
  for (const name of ['read', 'explore']) {
    const on = name === which;
    document.getElementById(`tab-${name}`).setAttribute('aria-selected', String(on));
    document.getElementById(`view-${name}`).hidden = !on;
  }
  if (which === 'explore') showExplore();
  if (location.hash !== `#${which}`) history.replaceState(null, '', `#${which}`);
}

document.getElementById('tab-read').addEventListener('click', () => selectTab('read'));
document.getElementById('tab-explore').addEventListener('click', () => selectTab('explore'));
initRead();
initExplore();
selectTab(location.hash === '#explore' ? 'explore' : 'read');
