// The dashboard's entry point: sign-in, the live stream, the header (navigation, connection state, sign-out) and a
// hash router (#/sessions, #/session/<key>, #/runs, #/run/<id>, #/directives, #/usage, #/events), so the server
// only ever serves one page.
import { h, replace } from './dom.js';
import { Api, ApiError } from './api.js';
import { probeCapabilities } from './capabilities.js';
import { LiveStream } from './stream.js';
import { LiveRuns } from './live-runs.js';
import { EventRing } from './event-ring.js';
import { signInView, TOKEN_KEY } from './signin.js';
import { sessionsView } from './view-sessions.js';
import { sessionView } from './view-session.js';
import { runsView, runView } from './view-runs.js';
import { directivesView } from './view-directives.js';
import { usageView } from './view-usage.js';
import { eventsView } from './view-events.js';

const NAV = [['sessions', 'Sessions'], ['runs', 'Runs'], ['directives', 'Directives'], ['usage', 'Usage'], ['events', 'Events']];
const STATE_TEXT = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', expired: 'token expired', stopped: 'offline' };
/** How long the first view waits for the stream to know its position before loading anyway. */
const FIRST_POSITION_WAIT_MS = 3000;

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const connection = document.getElementById('connection');
const who = document.getElementById('who');

let ctx = null;
let view = null;

function parseRoute() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = raw.split('?');
  const [name, ...rest] = path.split('/');
  let arg = null;
  try {
    arg = rest.length ? decodeURIComponent(rest.join('/')) : null;
  } catch {
    arg = null;
  }
  return { name: name || 'sessions', arg, params: new URLSearchParams(search) };
}

function route() {
  if (!ctx) return;
  view?.dispose();
  const { name, arg, params } = parseRoute();
  const make = {
    sessions: () => sessionsView(ctx, params),
    session: () => (arg ? sessionView(ctx, arg, params) : sessionsView(ctx, params)),
    runs: () => runsView(ctx, params),
    run: () => (arg ? runView(ctx, arg) : runsView(ctx, params)),
    directives: () => directivesView(ctx, params),
    usage: () => usageView(ctx, params),
    events: () => eventsView(ctx, params),
  }[name] ?? (() => sessionsView(ctx, params));
  view = make();
  replace(main, view.element);
  const section = name === 'session' ? 'sessions' : name === 'run' ? 'runs' : name;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.view === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${NAV.find(([n]) => n === section)?.[1] ?? 'Sessions'} · Switchboard`;
  main.focus({ preventScroll: true });
}

function navigate(hash, { replace: replaceEntry = false } = {}) {
  if (replaceEntry) {
    history.replaceState(null, '', hash);
    route();
  } else if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function showConnection(state, detail) {
  connection.dataset.state = state;
  connection.textContent = STATE_TEXT[state] ?? state;
  connection.title = detail || '';
  if (state === 'expired') {
    connection.replaceChildren(STATE_TEXT.expired, ' ', h('button', { type: 'button', class: 'link', on: { click: () => signOut('Your token expired or was revoked; sign in again.') } }, 'sign in again'));
  }
}

async function signIn(token) {
  if (!token) throw new Error('Paste a token first.');
  const api = new Api(token, () => ctx?.stream && showConnection('expired', 'the API refused the token'));
  try {
    await api.get('/v1/sessions?limit=1');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) throw new Error('The server does not know this token (or it expired or was revoked).');
    if (e instanceof ApiError && e.status === 403) throw new Error('This token cannot read sessions (it needs sessions:read).');
    throw new Error(`Could not reach the server: ${e.message}`);
  }
  const caps = await probeCapabilities(api);
  sessionStorage.setItem(TOKEN_KEY, token);
  const stream = new LiveStream(api, showConnection);
  ctx = { api, caps, stream, runs: new LiveRuns(stream), ring: new EventRing(stream), navigate };
  document.body.classList.toggle('read-only', caps.readOnly);
  who.replaceChildren(caps.admin ? 'admin' : caps.readOnly ? 'read-only' : 'limited token', ' ',
    h('button', { type: 'button', id: 'sign-out', data: { action: 'sign-out' }, on: { click: () => signOut() } }, 'Sign out'));
  nav.hidden = false;
  await Promise.race([stream.start(), new Promise((r) => setTimeout(r, FIRST_POSITION_WAIT_MS))]);
  if (!location.hash || location.hash === '#' || location.hash === '#/') history.replaceState(null, '', '#/sessions');
  route();
}

/** Forgets the token and the stream token (closing the stream); an admin also revokes the stream token. */
function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (ctx) {
    const { api, stream, caps } = ctx;
    stream.stop();
    if (caps.admin && stream.streamToken?.id) api.delete(`/v1/tokens/${encodeURIComponent(stream.streamToken.id)}`).catch(() => {});
    stream.streamToken = null;
  }
  view?.dispose();
  view = null;
  ctx = null;
  nav.hidden = true;
  who.replaceChildren();
  connection.dataset.state = 'stopped';
  connection.textContent = 'signed out';
  document.body.classList.remove('read-only');
  replace(main, signInView(signIn, message));
}

function boot() {
  replace(nav, NAV.map(([name, label]) => h('a', { href: `#/${name}`, data: { view: name } }, label)));
  window.addEventListener('hashchange', route);
  const saved = sessionStorage.getItem(TOKEN_KEY);
  if (saved) {
    signIn(saved).catch((e) => signOut(e.message));
  } else {
    signOut();
  }
}

boot();
