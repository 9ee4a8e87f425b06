// The Janus page: chat over /ws/chat, suggestions, an event timeline per reply, what Janus remembers, and voice
// over /ws/audio. Plain ES modules, no build step, nothing fetched from elsewhere: the markdown renderer and the
// sanitiser are pinned copies served from /vendor/.

import { marked } from './vendor/marked/marked.esm.js';
import DOMPurify from './vendor/dompurify/purify.es.js';

const $ = (id) => document.getElementById(id);

// Replies are markdown. Text from models and tools is hostile: the HTML marked makes goes through DOMPurify, which
// keeps formatting and drops scripts, event handlers and anything else that could run; links open elsewhere.
marked.setOptions({ gfm: true, breaks: true });
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});
function render(markdown) {
  return DOMPurify.sanitize(marked.parse(markdown, { async: false }), { USE_PROFILES: { html: true } });
}
// the API key lives as long as the tab (session storage); the conversation is remembered per principal
const keys = window.sessionStorage;
const store = window.localStorage;

const state = {
  me: null,                // GET /api/v1/me: the principal, and the user its messages are from
  streamId: null,
  cursor: null,
  socket: null,
  retryMs: 500,
  replies: new Map(),      // correlation id -> <li> of the reply
  texts: new Map(),        // correlation id -> the reply's markdown so far
  unconfirmed: [],         // <li>s of messages sent, waiting for their 'accepted' frame, oldest first
  answers: [],             // 'message' or 'interrupt' per frame sent, oldest first: each gets one answer, in order
  pending: new Set(),      // correlation ids of replies being thought about or streamed
};

function userId() { return state.me ? state.me.user_id : null; }
function apiKey() { return $('api-key').value.trim(); }
function remembered(name) { return `janus.${name}.${state.me.principal}`; }

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (apiKey()) headers.Authorization = `Bearer ${apiKey()}`;
  if (options.body) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { ...options, headers });
  if (!response.ok) {
    let message = `HTTP ${response.status}`;
    try { message = (await response.json()).error.message; } catch (ignored) { /* not JSON */ }
    throw Object.assign(new Error(message), { status: response.status });
  }
  return response.status === 204 ? null : response.json();
}

// ---- streams ----

async function newStream() {
  const created = await api('/api/v1/streams', { method: 'POST',
    body: JSON.stringify({ session_type: 'chat', participants: [userId()] }) });
  state.streamId = created.stream_id;
  state.cursor = null;
  store.setItem(remembered('stream_id'), state.streamId);
  store.removeItem(remembered('cursor'));
  $('messages').replaceChildren();
  $('suggestions').replaceChildren();
  state.replies.clear();
  state.texts.clear();
  state.unconfirmed = [];
  state.answers = [];
  state.pending.clear();
  updateBusy();
}

// ---- chat socket ----

function socketUrl(path) {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('stream_id', state.streamId);
  if (apiKey()) url.searchParams.set('access_token', apiKey());
  return url;
}

function connect() {
  const socket = new WebSocket(socketUrl('/ws/chat'));
  state.socket = socket;
  setStatus('connecting');
  let opened = false;
  socket.onopen = async () => {
    opened = true;
    setStatus('open');
    state.retryMs = 500;
    await catchUp();
  };
  socket.onmessage = (message) => onFrame(JSON.parse(message.data));
  socket.onclose = async (closed) => {
    setStatus('closed');
    if (state.socket !== socket) return; // closed on purpose (new conversation, disconnect)
    // a browser does not say why a handshake failed, and the server closes a revoked key's socket with 1008 (policy
    // violation): ask whether the key is still good rather than knock with a refused one forever
    if (!opened || closed.code === 1008) {
      const refused = await keyRefused();
      if (state.socket !== socket) return; // closed on purpose while the key was checked
      if (refused) {
        state.socket = null;
        setStatus('refused');
        showError('The API key was refused (revoked, or mistyped): enter a valid one above to reconnect.');
        return;
      }
    }
    setTimeout(connect, state.retryMs);
    state.retryMs = Math.min(state.retryMs * 2, 10_000);
  };
}

/** Whether the server refuses the page's API key (401); a server out of reach, or any other answer, is not that. */
async function keyRefused() {
  try {
    await api('/api/v1/me');
    return false;
  } catch (error) {
    return error.status === 401;
  }
}

const STATUS_TEXT = { open: 'connected', closed: 'reconnecting…', refused: 'key refused', connecting: 'connecting…' };

function setStatus(value) {
  const badge = $('connection');
  badge.dataset.state = value;
  badge.textContent = STATUS_TEXT[value];
}

/** Replies that arrived while the socket was down come from the outbox, after the last cursor seen. */
async function catchUp() {
  const query = state.cursor ? `?after=${encodeURIComponent(state.cursor)}` : '';
  try {
    const outbox = await api(`/api/v1/streams/${encodeURIComponent(state.streamId)}/messages${query}`);
    outbox.messages.forEach(onFrame);
  } catch (error) {
    showError(`Could not fetch missed replies: ${error.message}`);
  }
}

function send(text) {
  if (!state.socket || state.socket.readyState !== WebSocket.OPEN) {
    showError('Not connected; the message was not sent. It will work again once reconnected.');
    return;
  }
  state.unconfirmed.push(addMessage('user', text));
  state.answers.push('message');
  state.socket.send(JSON.stringify({ type: 'message', text }));
  updateBusy();
}

/** Stop: interrupts the reply being generated and the stream's running tools; the reply so far still comes. */
function stop() {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.answers.push('interrupt');
    state.socket.send(JSON.stringify({ type: 'interrupt' }));
  }
}

/** Thinking or streaming: the conversation is busy (aria-busy) and Stop is offered. */
function updateBusy() {
  const busy = state.unconfirmed.length > 0 || state.pending.size > 0;
  $('messages').setAttribute('aria-busy', String(busy));
  $('chat').dataset.busy = String(busy);
  $('stop').disabled = !busy;
}

/** A reply is on its way: a placeholder says Janus is thinking until its first words come. */
function awaitReply(correlationId) {
  const item = replyItem(correlationId, true);
  if (!state.texts.get(correlationId)) item.querySelector('.text').classList.add('thinking');
  state.pending.add(correlationId);
  updateBusy();
}

function onFrame(frame) {
  switch (frame.type) {
    case 'accepted': {
      // the server answers a socket's frames in the order they were sent
      state.answers.shift();
      const sent = state.unconfirmed.shift();
      if (sent) sent.dataset.correlationId = frame.correlation_id;
      awaitReply(frame.correlation_id);
      break;
    }
    case 'delta': onDelta(frame); break;
    case 'response': onResponse(frame); break;
    case 'tool_progress': onProgress(frame); break;
    case 'suggestion': onSuggestion(frame); break;
    case 'interrupted': state.answers.shift(); break; // the reply so far follows as a response
    case 'error':
      // an error answering a Stop (say, rate_limited) leaves the messages waiting as they are
      if (state.answers.shift() !== 'interrupt') state.unconfirmed.shift();
      updateBusy();
      showError(`${frame.code}: ${frame.message}`);
      break;
    default: break;
  }
}

function onDelta(frame) {
  const item = replyItem(frame.correlation_id, true);
  // deltas and the reply travel as different events: a delta may come after its reply, which already has it all
  if (!item.classList.contains('streaming')) return;
  if (Number(item.dataset.sequence ?? -1) >= frame.sequence) return; // seen already, on the other socket
  item.dataset.sequence = String(frame.sequence);
  const text = (state.texts.get(frame.correlation_id) || '') + frame.text;
  state.texts.set(frame.correlation_id, text);
  const body = item.querySelector('.text');
  body.classList.remove('thinking');
  body.innerHTML = render(text);
  state.pending.add(frame.correlation_id);
  updateBusy();
}

function onResponse(frame) {
  const item = replyItem(frame.correlation_id, false);
  item.classList.remove('streaming');
  const body = item.querySelector('.text');
  body.classList.remove('thinking');
  body.innerHTML = render(frame.text);
  state.texts.delete(frame.correlation_id);
  state.pending.delete(frame.correlation_id);
  updateBusy();
  scheduleMemories();
  item.querySelectorAll('.progress').forEach((progress) => progress.remove());
  const tools = item.querySelector('.tools');
  tools.textContent = (frame.tool_results || [])
    .map((result) => `${result.tool_name}: ${result.error ? `failed (${result.error})` : 'ok'} in ${result.duration_ms} ms`)
    .join(' · ');
  if (frame.cursor) {
    state.cursor = frame.cursor;
    store.setItem(remembered('cursor'), state.cursor);
  }
  if ($('speak-replies').checked) speak(frame.text);
  select(item);
}

function onProgress(frame) {
  const item = replyItem(frame.correlation_id, true);
  let progress = item.querySelector(`.progress[data-call-id="${CSS.escape(frame.call_id)}"]`);
  if (!progress) {
    progress = document.createElement('span');
    progress.className = 'progress';
    progress.dataset.callId = frame.call_id;
    progress.append(document.createElement('progress'), document.createElement('span'));
    item.insertBefore(progress, item.querySelector('.tools'));
  }
  progress.querySelector('progress').value = frame.fraction;
  progress.querySelector('span').textContent = ` ${frame.tool_name}: ${frame.message}`;
}

function replyItem(correlationId, streaming) {
  let item = state.replies.get(correlationId);
  if (!item) {
    item = addMessage('reply', '');
    item.dataset.correlationId = correlationId;
    const tools = document.createElement('div');
    tools.className = 'tools';
    item.append(tools);
    if (streaming) item.classList.add('streaming');
    // a reply is selected with the mouse or, focused with Tab, with Enter or Space
    item.tabIndex = 0;
    item.addEventListener('click', () => select(item));
    item.addEventListener('keydown', (pressed) => {
      if (pressed.key === 'Enter' || pressed.key === ' ') {
        pressed.preventDefault();
        select(item);
      }
    });
    state.replies.set(correlationId, item);
  }
  return item;
}

function addMessage(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  item.append(body);
  $('messages').append(item);
  item.scrollIntoView({ block: 'end' });
  return item;
}

function showError(text) { addMessage('error', text); }

// ---- suggestions ----

function onSuggestion(frame) {
  if (document.querySelector(`.suggestion[data-id="${CSS.escape(frame.id)}"]`)) return;
  const card = document.createElement('div');
  card.className = 'suggestion';
  card.dataset.id = frame.id;
  const text = document.createElement('span');
  text.textContent = frame.text;
  card.append(text, feedbackButton(frame.id, 'accepted', 'Accept'), feedbackButton(frame.id, 'dismissed', 'Dismiss'));
  $('suggestions').append(card);
}

function feedbackButton(id, feedback, label) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.dataset.feedback = feedback;
  button.addEventListener('click', async () => {
    try {
      await api(`/api/v1/streams/${encodeURIComponent(state.streamId)}/suggestions/${encodeURIComponent(id)}`,
        { method: 'POST', body: JSON.stringify({ feedback }) });
      button.closest('.suggestion').remove();
    } catch (error) {
      showError(`Could not send the feedback: ${error.message}`);
    }
  });
  return button;
}

// ---- timeline ----

const LANES = [
  ['input', /^input\./],
  ['classification', /^orchestrator\.intent\./],
  ['memory', /^(orchestrator\.context\.|memory\.)/],
  ['tools', /^(orchestrator\.tools\.|tools\.)/],
  ['llm', /^(orchestrator\.llm\.|llm\.)/],
  ['output', /^(orchestrator\.response\.|output\.)/],
  ['proactive', /^proactive\./],
];

async function select(item) {
  document.querySelectorAll('#messages li.selected').forEach((other) => {
    other.classList.remove('selected');
    other.removeAttribute('aria-current');
  });
  item.classList.add('selected');
  item.setAttribute('aria-current', 'true');
  const correlationId = item.dataset.correlationId;
  try {
    const history = await api(`/api/v1/streams/${encodeURIComponent(state.streamId)}/events`);
    drawTimeline(correlationId, history.events.filter((event) => event.correlation_id === correlationId));
  } catch (error) {
    $('timeline').textContent = `Could not load the events: ${error.message}`;
  }
}

function drawTimeline(correlationId, events) {
  const timeline = $('timeline');
  timeline.replaceChildren();
  timeline.dataset.correlationId = correlationId;
  $('timeline-title').textContent = `${events.length} events`;
  if (events.length === 0) return;
  const at = (event) => Date.parse(event.timestamp);
  const byId = new Map(events.map((event) => [event.event_id, event]));
  const start = Math.min(...events.map(at));
  const span = Math.max(1, Math.max(...events.map(at)) - start);
  for (const [lane, pattern] of LANES) {
    const laneEvents = events.filter((event) => pattern.test(event.event_type));
    if (laneEvents.length === 0) continue;
    const row = document.createElement('div');
    row.className = 'lane';
    row.dataset.lane = lane;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = lane;
    const track = document.createElement('div');
    track.className = 'track';
    for (const event of laneEvents) {
      // a bar from the event that caused it to the event itself: where the time went
      const cause = byId.get(event.causation_id);
      const from = cause ? at(cause) : at(event);
      const mark = document.createElement('span');
      mark.className = 'mark';
      mark.dataset.type = event.event_type;
      mark.dataset.failed = String(event.event_type.endsWith('.failed'));
      mark.style.left = `${((from - start) / span) * 100}%`;
      mark.style.width = `${((at(event) - from) / span) * 100}%`;
      mark.title = `${event.event_type} at +${at(event) - start} ms (${at(event) - from} ms after its cause)`;
      track.append(mark);
    }
    row.append(name, track);
    timeline.append(row);
  }
  const axis = document.createElement('div');
  axis.className = 'axis';
  axis.textContent = `0 … ${span} ms`;
  timeline.append(axis);
}

// ---- voice ----
// The microphone streams PCM16 to /ws/audio at the audio context's own rate (the server resamples), captured by an
// AudioWorklet (pcm-worklet.js) on the audio thread. Push-to-talk sends audio while the button (or F2, or Space on
// the focused button) is held and ends the track on release; hands-free streams all the time and lets the server's
// voice activity detection cut utterances. Replies come back as text on the chat socket and, with
// "Speak replies", as PCM16 audio on this socket; speaking over them interrupts them (barge-in, on the server).

const voice = { socket: null, context: null, media: null, worklet: null, sending: false, rate: 16000,
  playAt: 0, playing: [] };

async function openVoice() {
  if (voice.socket) return voice.socket;
  voice.media = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
  voice.context = new AudioContext();
  await voice.context.audioWorklet.addModule('pcm-worklet.js');
  const url = socketUrl('/ws/audio');
  url.searchParams.set('sample_rate', String(Math.round(voice.context.sampleRate)));
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  socket.onmessage = (message) => (typeof message.data === 'string'
    ? onVoiceFrame(JSON.parse(message.data)) : play(message.data));
  socket.onclose = () => closeVoice();
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  const source = voice.context.createMediaStreamSource(voice.media);
  voice.worklet = new AudioWorkletNode(voice.context, 'pcm-capture',
    { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit',
      processorOptions: { blockSamples: Math.round(voice.context.sampleRate / 25) } });
  voice.worklet.port.onmessage = (message) => {
    if (voice.sending && socket.readyState === WebSocket.OPEN) socket.send(message.data);
  };
  // the audio thread runs what leads to the destination; a silent gain keeps the microphone from being played
  const silence = voice.context.createGain();
  silence.gain.value = 0;
  source.connect(voice.worklet).connect(silence).connect(voice.context.destination);
  voice.socket = socket;
  return socket;
}

function closeVoice() {
  voice.sending = false;
  if (voice.socket && voice.socket.readyState === WebSocket.OPEN) voice.socket.close();
  voice.socket = null;
  if (voice.media) voice.media.getTracks().forEach((track) => track.stop());
  if (voice.context) voice.context.close();
  if (voice.worklet) voice.worklet.port.onmessage = null;
  Object.assign(voice, { media: null, context: null, worklet: null });
  $('talk').setAttribute('aria-pressed', 'false');
}

async function startTalking() {
  try {
    const socket = await openVoice();
    socket.send(JSON.stringify({ type: 'start', speech: $('speak-replies').checked }));
    voice.sending = true;
    $('talk').setAttribute('aria-pressed', 'true');
  } catch (error) {
    showError(`Voice is not available: ${error.message || error}`);
    closeVoice();
  }
}

function stopTalking() {
  if (!voice.sending) return;
  voice.sending = false;
  $('talk').setAttribute('aria-pressed', 'false');
  if (voice.socket) voice.socket.send(JSON.stringify({ type: 'stop' }));
}

function onVoiceFrame(frame) {
  switch (frame.type) {
    case 'transcript':
      $('transcript').textContent = frame.final ? '' : frame.text;
      if (frame.final && frame.text) {
        const said = addMessage('user', frame.text);
        if (frame.correlation_id) {
          said.dataset.correlationId = frame.correlation_id;
          awaitReply(frame.correlation_id);
        }
      }
      break;
    case 'speech': voice.rate = frame.sample_rate; break;
    case 'speech_end': if (frame.interrupted) stopPlayback(); break;
    case 'interrupted': stopPlayback(); break;
    case 'error': showError(`${frame.code}: ${frame.message}`); break;
    default: onFrame(frame); // the chat frames come on this socket too
  }
}

function play(data) {
  if (!voice.context) return;
  const samples = new Int16Array(data);
  const buffer = voice.context.createBuffer(1, samples.length, voice.rate);
  const channel = buffer.getChannelData(0);
  for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 0x8000;
  const source = voice.context.createBufferSource();
  source.buffer = buffer;
  source.connect(voice.context.destination);
  voice.playAt = Math.max(voice.playAt, voice.context.currentTime);
  source.start(voice.playAt);
  voice.playAt += buffer.duration;
  voice.playing.push(source);
  source.onended = () => { voice.playing = voice.playing.filter((playing) => playing !== source); };
}

function stopPlayback() {
  voice.playing.forEach((source) => source.stop());
  voice.playing = [];
  voice.playAt = 0;
}

function speak(text) {
  // replies spoken by the server come as audio on the voice socket; without one, the browser speaks them
  if (!voice.socket && 'speechSynthesis' in window) window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

// ---- what Janus remembers ----
// The user's facts and most recent items from the memories API; each can be forgotten, or everything at once
// (after a confirmation), which forgets the user everywhere.

let memoriesTimer = null;

/** Loads the panel again shortly after a reply (facts are learned while the reply is made). */
function scheduleMemories() {
  clearTimeout(memoriesTimer);
  memoriesTimer = setTimeout(loadMemories, 700);
}

async function loadMemories() {
  if (!userId()) return;
  try {
    drawMemories(await api(`/api/v1/users/${encodeURIComponent(userId())}/memories?items=10`));
  } catch (error) {
    if (error.status === 404) drawMemories(null);
    else $('memories').textContent = `Could not load what Janus remembers: ${error.message}`;
  }
}

function drawMemories(memories) {
  const panel = $('memories');
  panel.replaceChildren();
  const facts = memories ? memories.facts : [];
  const items = memories ? memories.items : [];
  $('forget-all').disabled = facts.length === 0 && items.length === 0;
  if ($('forget-all').disabled) {
    const nothing = document.createElement('p');
    nothing.className = 'hint';
    nothing.textContent = `Janus remembers nothing about ${userId()}.`;
    panel.append(nothing);
    return;
  }
  if (facts.length > 0) panel.append(memoryList('Facts', 'facts', facts, (fact) => `${fact.attribute}: ${fact.value}`));
  if (items.length > 0) {
    panel.append(memoryList(`Recent (${memories.item_count} in all)`, 'items', items,
      (item) => `${item.role}: ${item.text.length > 140 ? `${item.text.slice(0, 140)}…` : item.text}`));
  }
}

function memoryList(title, kind, entries, describe) {
  const section = document.createElement('div');
  const heading = document.createElement('h3');
  heading.textContent = title;
  const list = document.createElement('ul');
  list.dataset.kind = kind;
  for (const entry of entries) {
    const row = document.createElement('li');
    row.dataset.id = entry.id;
    if (entry.status === 'superseded') row.classList.add('superseded');
    const text = document.createElement('span');
    text.textContent = describe(entry);
    const forget = document.createElement('button');
    forget.type = 'button';
    forget.className = 'small';
    forget.textContent = 'Forget';
    forget.setAttribute('aria-label', `Forget “${describe(entry)}”`);
    forget.addEventListener('click', () => forgetOne(entry.id));
    row.append(text, forget);
    list.append(row);
  }
  section.append(heading, list);
  return section;
}

async function forgetOne(id) {
  try {
    await api(`/api/v1/users/${encodeURIComponent(userId())}/memories/${encodeURIComponent(id)}`, { method: 'DELETE' });
  } catch (error) {
    showError(`Could not forget it: ${error.message}`);
  }
  await loadMemories();
}

function askToForgetEverything() {
  $('forget-user').textContent = userId();
  $('forget-dialog').showModal();
}

async function forgetEverything() {
  try {
    await api(`/api/v1/users/${encodeURIComponent(userId())}/memories`, { method: 'DELETE' });
  } catch (error) {
    if (error.status !== 404) showError(`Could not forget everything: ${error.message}`);
  }
  await loadMemories();
}

// ---- start ----

/** Asks who we are: the principal of the key (or the local user without keys) is the page's user. */
async function identify() {
  state.me = await api('/api/v1/me');
  $('user').textContent = state.me.user_id;
  state.streamId = store.getItem(remembered('stream_id'));
  state.cursor = store.getItem(remembered('cursor'));
}

async function start() {
  $('api-key').value = keys.getItem('janus.api_key') || '';
  $('api-key').addEventListener('change', async () => {
    keys.setItem('janus.api_key', apiKey());
    disconnect();
    await begin();
  });
  const composer = $('text');
  $('composer').addEventListener('submit', (submitted) => {
    submitted.preventDefault();
    const text = composer.value.trim();
    if (text) send(text);
    composer.value = '';
    fitComposer();
  });
  // Enter sends, Shift+Enter breaks the line (and Enter while an input method composes a word does neither)
  composer.addEventListener('keydown', (pressed) => {
    if (pressed.key === 'Enter' && !pressed.shiftKey && !pressed.isComposing) {
      pressed.preventDefault();
      $('composer').requestSubmit();
    }
  });
  composer.addEventListener('input', fitComposer);
  $('stop').addEventListener('click', stop);
  const talk = $('talk');
  const pushToTalk = (down) => { if (!$('hands-free').checked) (down ? startTalking : stopTalking)(); };
  talk.addEventListener('pointerdown', () => pushToTalk(true));
  talk.addEventListener('pointerup', () => pushToTalk(false));
  talk.addEventListener('pointerleave', () => pushToTalk(false));
  // push-to-talk by keyboard: hold Space or Enter on the focused button, or F2 anywhere
  talk.addEventListener('keydown', (pressed) => {
    if ((pressed.key === ' ' || pressed.key === 'Enter') && !pressed.repeat) { pressed.preventDefault(); pushToTalk(true); }
  });
  talk.addEventListener('keyup', (released) => {
    if (released.key === ' ' || released.key === 'Enter') { released.preventDefault(); pushToTalk(false); }
  });
  document.addEventListener('keydown', (pressed) => {
    if (pressed.key === 'F2' && !pressed.repeat) { pressed.preventDefault(); pushToTalk(true); }
  });
  document.addEventListener('keyup', (released) => { if (released.key === 'F2') pushToTalk(false); });
  $('memories-refresh').addEventListener('click', loadMemories);
  $('forget-all').addEventListener('click', askToForgetEverything);
  $('forget-dialog').addEventListener('close', () => {
    if ($('forget-dialog').returnValue === 'forget') forgetEverything();
  });
  $('hands-free').addEventListener('change', (changed) => {
    if (changed.target.checked) startTalking(); else { stopTalking(); closeVoice(); }
  });
  $('new-stream').addEventListener('click', async () => {
    await newStream();
    closeVoice();
    $('hands-free').checked = false;
    disconnect();
    connect();
  });
  await begin();
}

/** The composer grows with its text, up to the height the style sheet allows. */
function fitComposer() {
  const composer = $('text');
  composer.style.height = 'auto';
  composer.style.height = `${composer.scrollHeight + 2}px`;
}

async function begin() {
  try {
    await identify();
  } catch (error) {
    showError(`Enter your API key above: ${error.message}`);
    return;
  }
  $('messages').replaceChildren();
  try {
    if (!state.streamId) await newStream();
  } catch (error) {
    showError(`Could not open a conversation: ${error.message}`);
    return;
  }
  connect();
  loadMemories();
}

/** Closes the socket without reconnecting; connect() opens it again. */
function disconnect() {
  const socket = state.socket;
  state.socket = null;
  if (socket) socket.close();
}

window.janus = { state, voice, connect, disconnect, render, loadMemories };
start();
