// Eco chat page: submits jobs to this node, streams their events over a WebSocket and draws them as a timeline.
"use strict";

const $ = id => document.getElementById(id);
const TOKEN_KEY = "eco.token";
const MAX_RECONNECTS = 10;

// One conversation per page session, so turns continue; made with getRandomValues because randomUUID needs a secure context.
const conversationId = sessionStorage.getItem("eco.conversation") || (() => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const id = "web-" + Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
  sessionStorage.setItem("eco.conversation", id);
  return id;
})();

let pendingLocation = null;
let job = null;

function token() { return $("token").value.trim(); }

function setStatus(text, bad = false) {
  $("status").textContent = text;
  $("status").classList.toggle("bad", bad);
}

function addMessage(kind, text) {
  const li = document.createElement("li");
  li.className = kind;
  li.textContent = text;
  $("messages").append(li);
  li.scrollIntoView({ block: "end" });
  return li;
}

// Every call to the node carries the pasted token (headers only: a browser's WebSocket takes it as access_token=).
function api(path, init = {}) {
  return fetch(path, { ...init, headers: { ...init.headers, "Authorization": `Bearer ${token()}` } });
}

// A side panel's read (friends, photos): null without a token, or when the node cannot be reached or refuses; the chat reports
// those, and the panel just stays as it was.
async function readPanel(path) {
  if (!token()) return null;
  try {
    const response = await api(path);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

async function problem(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || response.statusText;
  } catch {
    return response.statusText;
  }
}

// ---- a photo to scan: previewed here, uploaded when sent, then scanned by its id ----

function photo() { return $("photo").files[0] || null; }

function showPhoto() {
  const file = photo();
  if ($("photo-preview").src) URL.revokeObjectURL($("photo-preview").src);
  $("photo-chip").hidden = !file;
  $("photo-preview").src = file ? URL.createObjectURL(file) : "";
  $("photo-name").textContent = file ? file.name : "";
}

function clearPhoto() {
  $("photo").value = "";
  showPhoto();
}

// The photo as the request body, its name in a header; the node answers with its id (or why it refused it).
async function upload(file) {
  setStatus("uploading the photo…");
  const response = await api("/v1/images", {
    method: "POST",
    headers: { "Content-Type": file.type || "application/octet-stream", "X-Image-Name": encodeURIComponent(file.name) },
    body: file,
  });
  if (!response.ok) throw new Error(`photo refused (${response.status}): ${await problem(response)}`);
  return (await response.json()).image_id;
}

async function send() {
  const message = $("message").value.trim();
  const imageUrl = $("image-url").value.trim();
  const file = photo();
  if (job?.running || (!message && !imageUrl && !file)) return;
  if (!token()) {
    setStatus("paste a token first (./eco token)", true);
    $("token").focus();
    return;
  }
  $("send").disabled = true;
  let imageId = null;
  if (file) {
    try {
      imageId = await upload(file);
    } catch (error) {
      $("send").disabled = false;
      return setStatus(error.message, true);
    }
    showPhotos();
  }
  const scan = imageId ? { image_id: imageId } : imageUrl ? { image_url: imageUrl } : null;
  const body = scan
    ? { kind: "scan", ...scan, ...(message ? { message } : {}) }
    : { kind: "chat", message, conversation_id: conversationId, ...(pendingLocation ? { location: pendingLocation } : {}) };
  const label = scan ? `Photo: ${file ? file.name : imageUrl}${message ? "\n" + message : ""}` : message;
  if (await submit(body, label, file ? { url: URL.createObjectURL(file) } : null)) {
    $("message").value = "";
    $("image-url").value = "";
    clearPhoto();
  }
}

// Posts a job and starts watching it; false (with the reason shown) when the node refused it or could not be reached.
// The bubble shows the photo from a local file's URL, or from a stored photo's id.
async function submit(body, label, picture) {
  $("send").disabled = true;
  const bubble = addMessage("user", label);
  if (picture) {
    const img = document.createElement("img");
    img.className = "thumbnail";
    img.alt = label;
    if (picture.url) img.src = picture.url; else thumbnail(picture.imageId, img);
    bubble.append(img);
  }
  let response;
  try {
    response = await api("/v1/jobs", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (error) {
    $("send").disabled = false;
    setStatus(`cannot reach the node: ${error.message}`, true);
    return false;
  }
  if (!response.ok) {
    $("send").disabled = false;
    const hint = response.status === 401 ? " (paste a fresh ./eco token)" : "";
    setStatus(`refused (${response.status}): ${await problem(response)}${hint}`, true);
    return false;
  }
  const { job_id: jobId } = await response.json();
  if (body.location) {
    pendingLocation = null;
    $("location-chip").hidden = true;
  }
  startJob(jobId, body.kind);
  return true;
}

// ---- the user's stored photos, with the allowance: scanned again or deleted from here ----

// As the node words sizes in its messages: 600 bytes, 1.2 KiB, 10 MiB.
function size(n) {
  const units = ["KiB", "MiB", "GiB"];
  if (n < 1024) return `${n} bytes`;
  let unit = -1;
  do { n /= 1024; unit++; } while (n >= 1024 && unit < units.length - 1);
  return `${Number(n.toFixed(1))} ${units[unit]}`;
}

// Photos are the owner's alone, so each is read with the token and shown from memory (an <img src> cannot send it).
async function thumbnail(imageId, img) {
  try {
    const response = await api(`/v1/images/${encodeURIComponent(imageId)}`);
    if (response.ok) img.src = URL.createObjectURL(await response.blob());
  } catch {
    // the name and size still say which photo it is
  }
}

function button(className, text, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = className;
  element.textContent = text;
  element.addEventListener("click", onClick);
  return element;
}

async function showPhotos() {
  const list = await readPanel("/v1/images?limit=50");
  if (!list) return;
  const { images, count, used_bytes: used, quota_bytes: quota } = list;
  for (const img of $("photo-list").querySelectorAll("img")) URL.revokeObjectURL(img.src);
  $("photos-usage").textContent = `${count} · ${size(used)}${quota ? ` of ${size(quota)}` : ""}`;
  $("photo-list").replaceChildren(...images.map(image => {
    const item = document.createElement("li");
    item.dataset.imageId = image.image_id;
    const img = document.createElement("img");
    img.alt = image.name || image.image_id;
    thumbnail(image.image_id, img);
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = image.name || image.image_id;
    name.title = `${size(image.bytes)}, stored ${new Date(image.stored_at).toLocaleString()}`;
    const scan = button("scan", "Scan", () => {
      if (!job?.running) submit({ kind: "scan", image_id: image.image_id }, `Photo: ${name.textContent}`, { imageId: image.image_id });
    });
    const remove = button("delete", "Delete", () => deletePhoto(image.image_id, name.textContent));
    item.append(img, name, scan, remove);
    return item;
  }));
  $("photos").hidden = count === 0;
}

async function deletePhoto(imageId, name) {
  let response;
  try {
    response = await api(`/v1/images/${encodeURIComponent(imageId)}`, { method: "DELETE" });
  } catch (error) {
    return setStatus(`cannot reach the node: ${error.message}`, true);
  }
  if (!response.ok && response.status !== 404) return setStatus(`not deleted (${response.status}): ${await problem(response)}`, true);
  setStatus(`deleted ${name}`);
  showPhotos();
}

// ---- the characters the user's scans made friends with, read again after each scan ----

let friendsShown = null; // names on the strip; null until the first read, so nothing is marked new on load

async function showFriends() {
  const collection = await readPanel("/v1/me/characters");
  if (!collection) return;
  const { characters, of } = collection;
  $("friends").replaceChildren(`Friends ${characters.length}/${of}`, ...characters.map(c => {
    const chip = document.createElement("span");
    chip.className = friendsShown && !friendsShown.has(c.name) ? "friend new" : "friend";
    chip.textContent = c.name;
    chip.title = `since ${new Date(c.granted_at).toLocaleString()}`;
    return chip;
  }));
  $("friends").hidden = characters.length === 0;
  friendsShown = new Set(characters.map(c => c.name));
}

// ---- one job: its events, applied exactly once and in seq order ----

function startJob(jobId, kind) {
  job = {
    id: jobId, kind, last: 0, running: true, reconnects: 0, socket: null, queue: Promise.resolve(),
    start: null, end: 0, stages: new Map(), text: new Map(),
    bubble: addMessage("assistant", ""),
  };
  job.bubble.dataset.jobId = jobId;
  $("job-id").textContent = jobId;
  $("events").replaceChildren();
  $("events").dataset.lastSeq = "0";
  $("events").dataset.state = "running";
  $("gantt").replaceChildren();
  setStatus("streaming…");
  connect(job);
}

function connect(j) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/v1/jobs/${encodeURIComponent(j.id)}/stream?after_seq=${j.last}&access_token=${encodeURIComponent(token())}`;
  const socket = new WebSocket(url);
  const resumedAfter = j.reconnects > 0 ? j.last : null;
  j.socket = socket;
  socket.addEventListener("open", () => {
    if (resumedAfter !== null) note(j, `reconnected after seq ${resumedAfter}`);
  });
  socket.addEventListener("message", m => {
    const event = JSON.parse(m.data);
    j.queue = j.queue.then(() => apply(j, event)).catch(error => setStatus(error.message, true));
  });
  socket.addEventListener("close", c => {
    j.queue.then(() => {
      if (!j.running || job !== j) return;
      if (c.code === 1008) return fail(j, `the node closed the stream: ${c.reason}`);
      if (++j.reconnects > MAX_RECONNECTS) return fail(j, "gave up reconnecting; the job goes on at the node");
      setStatus(`connection lost after seq ${j.last}; reconnecting…`, true);
      setTimeout(() => connect(j), 250 * Math.min(j.reconnects, 8));
    });
  });
}

async function apply(j, event) {
  if (event.seq <= j.last) return; // seen already (a replay after a reconnect)
  if (event.seq > j.last + 1) {
    // A hole: read what is missing from the journal before going on, so nothing is shown out of order or not at all.
    const response = await api(`/v1/jobs/${encodeURIComponent(j.id)}/events?after_seq=${j.last}`);
    if (!response.ok) throw new Error(`cannot read events after seq ${j.last}: ${await problem(response)}`);
    for (const missing of await response.json()) {
      if (missing.seq === j.last + 1) accept(j, missing);
    }
    if (event.seq !== j.last + 1) return;
  }
  accept(j, event);
}

function accept(j, e) {
  j.last = e.seq;
  const t = Date.parse(e.ts);
  j.start ??= t;
  j.end = Math.max(j.end, t - j.start);
  const data = e.data || {};
  switch (e.type) {
    case "stage.started": {
      const stage = stageOf(j, e.stage);
      // A stage run again streams from its start: its earlier partial text is void.
      if ((data.attempt || 1) > 1) j.text.set(e.stage, "");
      stage.attempts.push({ from: t - j.start, to: null, failed: false });
      break;
    }
    case "stage.completed":
    case "stage.failed": {
      const attempt = stageOf(j, e.stage).attempts.at(-1);
      if (attempt) {
        attempt.to = t - j.start;
        attempt.failed = e.type === "stage.failed";
      }
      break;
    }
    case "llm.waiting":
    case "llm.retry":
    case "llm.fallback":
    case "needs_input":
      if (e.stage) stageOf(j, e.stage).marks.push({ at: t - j.start, type: e.type, delay: Number(data.delay_ms) || 0 });
      if (e.type === "needs_input") askFor(data);
      break;
    case "token":
      j.text.set(e.stage || "", (j.text.get(e.stage || "") || "") + (data.text || ""));
      j.bubble.textContent = [...j.text.values()].join("");
      j.bubble.scrollIntoView({ block: "end" });
      break;
    case "job.completed":
      // The final answer is authoritative; the streamed text should already equal it (data-replaced says when it did not).
      if (j.bubble.textContent !== data.answer) {
        j.bubble.textContent = data.answer;
        j.bubble.dataset.replaced = "true";
      }
      finish(j, "completed", "done");
      if (j.kind === "scan") showFriends();
      break;
    case "job.failed":
      fail(j, `job failed: ${data.reason}`);
      break;
  }
  row(j, e, t);
  $("events").dataset.lastSeq = String(j.last);
  drawGantt(j);
}

function stageOf(j, name) {
  if (!j.stages.has(name)) j.stages.set(name, { attempts: [], marks: [] });
  return j.stages.get(name);
}

function finish(j, state, status, bad = false) {
  j.running = false;
  $("events").dataset.state = state;
  $("send").disabled = false;
  setStatus(status, bad);
  j.socket?.close(1000);
}

function fail(j, reason) {
  j.bubble.classList.add("failed");
  if (!j.bubble.textContent) j.bubble.textContent = reason;
  finish(j, "failed", reason, true);
}

function note(j, text) {
  const li = document.createElement("li");
  li.className = "note";
  li.dataset.note = "reconnect";
  li.textContent = text;
  $("events").append(li);
  setStatus(text);
}

function detail(e) {
  const d = e.data || {};
  switch (e.type) {
    case "token": return JSON.stringify(d.text);
    case "stage.started": return (d.attempt || 1) > 1 ? `attempt ${d.attempt}` : d.resumed ? "resumed" : "";
    case "stage.completed": return d.duration_ms !== undefined ? `${Math.round(d.duration_ms)} ms` : "";
    case "stage.failed": return `${d.error}${d.will_retry ? " (will retry)" : ""}`;
    case "llm.waiting": return `waited ${Math.round(d.delay_ms)} ms for ${d.provider}`;
    case "llm.retry": return `${d.provider} ${d.detail}; again in ${Math.round(d.delay_ms)} ms`;
    case "llm.fallback": return d.detail || "";
    case "needs_input": return `${d.type}: ${d.message}`;
    case "job.completed": return "answered";
    case "job.failed": return d.reason;
    case "job.accepted": return d.kind || "";
    default: return "";
  }
}

function row(j, e, t) {
  const li = document.createElement("li");
  li.dataset.seq = String(e.seq);
  li.dataset.type = e.type;
  li.className = "t-" + e.type;
  const cells = [`#${e.seq}`, e.type, e.stage || "", `+${t - j.start} ms`, detail(e)];
  for (const text of cells) {
    const span = document.createElement("span");
    span.textContent = text ?? "";
    span.title = text ?? "";
    li.append(span);
  }
  $("events").append(li);
  li.scrollIntoView({ block: "nearest" });
}

// ---- the Gantt: one row per stage, parallel sub-agents (agent.*) stacked together ----

function drawGantt(j) {
  const span = Math.max(j.end, 1);
  const pct = ms => `${Math.min(100, (ms / span) * 100)}%`;
  const rows = [];
  for (const [name, stage] of j.stages) {
    const r = document.createElement("div");
    r.className = name.startsWith("agent.") ? "row agent" : "row";
    r.dataset.stage = name;
    const label = document.createElement("span");
    label.className = "name";
    label.textContent = name;
    const track = document.createElement("div");
    track.className = "track";
    for (const a of stage.attempts) {
      const bar = document.createElement("div");
      const to = a.to ?? j.end;
      bar.className = "bar" + (a.to === null ? " running" : a.failed ? " failed" : "");
      bar.style.left = pct(a.from);
      bar.style.width = pct(to - a.from);
      bar.title = `${name}: ${a.from}–${a.to ?? "…"} ms`;
      track.append(bar);
    }
    for (const m of stage.marks) {
      if (m.type === "llm.waiting" && m.delay) {
        // The wait ended when the event was written: draw the time it held the call.
        const wait = document.createElement("div");
        wait.className = "wait";
        wait.style.left = pct(Math.max(0, m.at - m.delay));
        wait.style.width = pct(m.delay);
        wait.title = `waited ${m.delay} ms`;
        track.append(wait);
      }
      const mark = document.createElement("span");
      mark.className = "mark";
      mark.style.left = pct(m.at);
      mark.textContent = { "llm.retry": "↻", "llm.fallback": "⇢", "llm.waiting": "⏳", "needs_input": "?" }[m.type];
      mark.title = m.type;
      mark.dataset.type = m.type;
      track.append(mark);
    }
    r.append(label, track);
    rows.push(r);
  }
  const scale = document.createElement("div");
  scale.className = "scale";
  scale.textContent = `${j.end} ms`;
  $("gantt").replaceChildren(...rows, scale);
}

// ---- location asked for by a sub-agent: sent with the next turn ----

function askFor(data) {
  if (data.type !== "location") return;
  $("location-question").textContent = data.message || "Where are you?";
  $("location-ask").hidden = false;
}

function useLocation(latitude, longitude) {
  pendingLocation = { latitude, longitude };
  $("location-ask").hidden = true;
  $("location-chip").textContent = `📍 ${latitude.toFixed(4)}, ${longitude.toFixed(4)} goes with your next message`;
  $("location-chip").hidden = false;
}

$("geolocate").addEventListener("click", () => {
  if (!navigator.geolocation) return setStatus("this browser gives no location; type lat,lon", true);
  navigator.geolocation.getCurrentPosition(
    p => useLocation(p.coords.latitude, p.coords.longitude),
    error => setStatus(`no location: ${error.message}; type lat,lon`, true));
});

$("latlon-set").addEventListener("click", () => {
  const [lat, lon] = $("latlon").value.split(",").map(s => Number(s.trim()));
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return setStatus("type the location as latitude,longitude (e.g. 37.5665,126.9780)", true);
  }
  useLocation(lat, lon);
});

// ---- the form ----

$("token").value = sessionStorage.getItem(TOKEN_KEY) || "";
let tokenSettled = 0;
$("token").addEventListener("input", () => {
  sessionStorage.setItem(TOKEN_KEY, token());
  // Another token may be another user: read their friends and photos once typing or pasting has settled.
  clearTimeout(tokenSettled);
  tokenSettled = setTimeout(() => {
    friendsShown = null;
    showFriends();
    showPhotos();
  }, 300);
});
showFriends();
showPhotos();

$("photo").addEventListener("change", showPhoto);
$("photo-clear").addEventListener("click", clearPhoto);

$("compose").addEventListener("submit", e => {
  e.preventDefault();
  send();
});

$("message").addEventListener("keydown", e => {
  // Korean is typed through an IME: Enter while composing commits the syllable, it must not send the message.
  if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
  e.preventDefault();
  send();
});
