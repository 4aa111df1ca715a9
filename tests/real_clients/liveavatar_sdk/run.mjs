// HeyGen's LiveAvatar web SDK 0.0.18, run in node against the mock: a LiveAvatarSession built
// from a session token starts (as far as LiveKit and the WebSocket, both stubbed), keeps alive
// and stops. Prints one JSON object: each step's outcome, every REST call the SDK's fetch made
// with its status and answer (tokens reduced to lengths), what it did with LiveKit and the
// WebSocket. The SDK awaits neither keepAlive's nor stop's request (LiveAvatarSession.js:109-122,
// 99-108, 386), so the run waits for every request it made before printing.
// Env: LIVEAVATAR_BASE_URL, LIVEAVATAR_SESSION_TOKEN (from /v1/sessions/token),
// LIVEAVATAR_SDK_MODULES.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);

// Browser globals the SDK touches. The LITE WebSocket opens at once and stays silent.
globalThis.window = globalThis;
const sockets = [];
globalThis.WebSocket = class extends EventTarget {
  static CONNECTING = 0;
  static OPEN = 1;
  constructor(url) {
    super();
    this.url = url;
    this.readyState = WebSocket.CONNECTING;
    this.sent = [];
    sockets.push(this);
    setTimeout(() => { this.readyState = WebSocket.OPEN; this.onopen?.(); }, 0);
  }
  send(data) { this.sent.push(JSON.parse(data).type); }
  close() { this.readyState = 3; }
};
globalThis.MediaStream = class {
  getVideoTracks() { return []; }
  getAudioTracks() { return []; }
  addTrack() {}
  removeTrack() {}
};

const mask = (value) => {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [
    k, k.endsWith('token') && typeof v === 'string' ? `<${v.length} chars>` : mask(v),
  ]));
};

// The SDK's own fetch calls, observed (not changed): each answer is read from a clone before the
// SDK gets the response. A /start answer names the session, and so who is in its LiveKit room.
const requests = [];
const pending = [];
const realFetch = globalThis.fetch;
const observed = async (url, init) => {
  const path = new URL(url).pathname;
  const response = await realFetch(url, init);
  const text = await response.clone().text();
  let answer = text;
  try { answer = JSON.parse(text); } catch { /* kept as text */ }
  if (path.endsWith('/start') && answer?.data?.session_id) {
    // A FULL session's room holds the avatar and LiveAvatar's agent (D-full-life); the SDK
    // waits for both (index.esm.js:1134-1169).
    globalThis.__livekit ??= { calls: [] };
    globalThis.__livekit.remoteIdentities = ['heygen', `liveavatar-agent-${answer.data.session_id}`];
  }
  requests.push({
    method: init?.method ?? 'GET', path, status: response.status,
    contentType: init?.headers?.['Content-Type'] ?? null, hasBody: init?.body !== undefined,
    answer: mask(answer),
  });
  return response;
};
globalThis.fetch = (url, init) => {
  const call = observed(url, init);
  pending.push(call.catch(() => {}));
  return call;
};

const { LiveAvatarSession } = await import('@heygen/liveavatar-web-sdk');

const out = { steps: [], states: [] };
const step = async (name, call) => {
  try {
    const value = await call();
    out.steps.push({ name, ok: true, returned: mask(value ?? null) });
  } catch (error) {
    out.steps.push({
      name, ok: false, error: String(error), code: error.errorCode ?? null,
      status: error.status ?? null,
    });
    throw error;
  }
};

try {
  const session = new LiveAvatarSession(process.env.LIVEAVATAR_SESSION_TOKEN, {
    apiUrl: process.env.LIVEAVATAR_BASE_URL,
  });
  session.on('session.state_changed', (state) => out.states.push(state));
  out.mode = session.mode; // what the SDK read from the session token (FULL unless a JWT says)
  await step('start', () => session.start());
  out.sessionId = session.sessionId;
  out.maxSessionDuration = session.maxSessionDuration;
  await step('keepAlive', () => session.keepAlive());
  await step('stop', () => session.stop());
} catch {
  // recorded in out.steps
}
await Promise.allSettled(pending);
out.requests = requests;
out.livekit = globalThis.__livekit?.calls ?? [];
out.websockets = sockets.map((s) => ({ url: s.url, sent: s.sent }));
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
