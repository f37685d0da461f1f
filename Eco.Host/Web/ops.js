// Eco operations view (management port only): polls this node's /admin/* — what `eco cluster|shards|jobs|providers` show.
"use strict";

const $ = id => document.getElementById(id);
const TOKEN_KEY = "eco.admin-token";
const POLL_MS = 2000;

let timer = null;
let refreshing = false;
let again = false;

function token() { return $("token").value.trim(); }

function setStatus(text, state) {
  $("status").textContent = text;
  $("status").dataset.state = state;
  $("status").classList.toggle("bad", state !== "ok");
}

// A refusal stops polling until the token changes: asking again with the same token would only be refused again.
class Refused extends Error {}

async function get(path) {
  const headers = token() ? { "Authorization": `Bearer ${token()}` } : {};
  const response = await fetch(path, { headers, cache: "no-store" });
  if (response.ok) return response.json();
  let reason = response.statusText;
  try {
    const body = await response.json();
    reason = body.detail || body.title || reason;
  } catch { /* no problem body */ }
  const hint = response.status !== 401 ? "" : token() ? " (paste a fresh ./eco token --admin)" : " (paste an admin's token: ./eco token --admin)";
  const message = `refused (${response.status}): ${reason}${hint}`;
  throw response.status === 401 || response.status === 403 ? new Refused(message) : new Error(message);
}

function cell(text, field) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  if (field) td.dataset.field = field;
  return td;
}

function fill(table, rows) {
  table.tBodies[0].replaceChildren(...rows);
}

function tableRow(key, name, cells) {
  const tr = document.createElement("tr");
  tr.dataset[key] = name;
  tr.append(...cells.map(([field, text]) => cell(text, field)));
  return tr;
}

function sectionError(table, error) {
  const tr = document.createElement("tr");
  const td = cell(error.message, "error");
  td.colSpan = table.tHead.rows[0].cells.length;
  td.className = "bad";
  tr.append(td);
  fill(table, [tr]);
}

function since(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return seconds < 120 ? `${seconds} s ago` : seconds < 7200 ? `${Math.round(seconds / 60)} min ago` : new Date(iso).toLocaleString();
}

function drawCluster(cluster, local) {
  const single = cluster.mode === "single";
  $("cluster-summary").textContent = `${cluster.mode} · self ${cluster.self} · leader ${cluster.leader ?? "none"} · ${cluster.shard_count} shards`
    + (cluster.stats_incomplete ? " · shard figures incomplete" : "");
  $("cluster-note").hidden = !single;
  $("cluster-note").textContent = single
    ? "Standalone node (Eco:Cluster:Enabled is false): it is the only member and holds every shard it uses; leave and down do not apply."
    : "";
  fill($("members"), cluster.nodes.map(n => {
    const tr = tableRow("node", n.node_id, [
      ["node", n.node_id], ["status", n.status], ["reachable", n.reachable ? "yes" : "NO"], ["leader", n.leader ? "★" : ""],
      ["shards", n.shards.join(" ")], ["entities", n.entities ?? "?"], ["roles", n.roles.filter(r => !r.startsWith("node:")).join(", ")],
    ]);
    tr.classList.toggle("bad", !n.reachable || n.status !== "up");
    tr.title = n.address;
    return tr;
  }));
  const inFlight = local.entities;
  $("jobs-summary").textContent = `${inFlight} live on this node`
    + (cluster.nodes.length > 1 ? ` · ${cluster.nodes.reduce((sum, n) => sum + (n.entities ?? 0), 0)} in the cluster` : "");
  $("jobs-summary").dataset.local = String(inFlight);
}

function drawShards(shards, local) {
  $("shards-summary").textContent = `${shards.shards_in_use} of ${shards.shard_count} in use · ${shards.spread}`;
  fill($("shards"), shards.nodes.map(n => tableRow("node", n.node_id, [
    ["node", n.node_id], ["shards", n.shards], ["entities", n.active_entities ?? "?"],
    ["here", n.node_id === local.node_id ? local.shards.join(" ") : ""],
  ])));
}

const JOBS_SHOWN = 50;

function drawJobs(list) {
  const rows = list.jobs.map(j => {
    const tr = tableRow("job", j.job_id, [["job", j.job_id], ["last_seq", j.last_seq], ["updated", since(j.updated_at)]]);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Show";
    button.addEventListener("click", () => {
      $("job-id").value = j.job_id;
      showJob(j.job_id);
    });
    const td = cell("", "show");
    td.append(button);
    tr.append(td);
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = cell("no unfinished jobs", "empty");
    td.colSpan = 4;
    tr.append(td);
    rows.push(tr);
  } else if (list.next) {
    const tr = document.createElement("tr");
    const td = cell(`the oldest ${JOBS_SHOWN} shown; eco jobs list --unfinished lists them all`, "more");
    td.colSpan = 4;
    tr.append(td);
    rows.push(tr);
  }
  fill($("jobs"), rows);
}

function drawProviders(view) {
  const chain = view.chain;
  $("chain").textContent = `chain ${chain.effective.join(" → ") || "(empty)"} · v${chain.version}`;
  fill($("providers"), view.providers.map(p => {
    const tr = tableRow("provider", p.name, [
      ["name", p.name], ["kind", p.kind], ["model", p.model ?? ""], ["version", p.version], ["state", p.state],
      ["since", since(p.state_since)], ["reason", p.state_reason], ["in_chain", p.in_chain ? "yes" : ""],
    ]);
    tr.classList.toggle("bad", p.state === "error");
    tr.classList.toggle("retired", p.state === "retired");
    return tr;
  }));
}

function drawUsage(stats) {
  $("usage-window").textContent = `last hour · ${stats.latency_resolution}`;
  const rows = stats.providers.map(u => {
    const failures = Object.entries(u.failures).filter(([, n]) => n > 0);
    return tableRow("provider", u.provider, [
      ["provider", u.provider], ["model", u.model], ["calls", u.calls], ["ok", u.ok],
      ["failures", failures.map(([kind, n]) => `${kind} ${n}`).join(", ") || "0"],
      ["p50", u.latency_p50_ms ?? "–"], ["p95", u.latency_p95_ms ?? "–"], ["tokens", `${u.tokens_in} / ${u.tokens_out}`],
      ["fallbacks", u.fallbacks],
    ]);
  });
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = cell("no model calls in the last hour", "empty");
    td.colSpan = 9;
    tr.append(td);
    rows.push(tr);
  }
  fill($("usage"), rows);
}

// One read at a time; a token typed meanwhile gets a read of its own right after.
async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    await read();
  } finally {
    refreshing = false;
  }
  if (again) {
    again = false;
    refresh();
  }
}

async function read() {
  clearTimeout(timer);
  timer = null;
  const [cluster, shards, local, jobs, providers, stats] = await Promise.allSettled(
    ["/admin/cluster", "/admin/shards", "/admin/local", `/admin/jobs?unfinished=true&limit=${JOBS_SHOWN}`, "/admin/providers", "/admin/providers/stats"]
      .map(get));
  const all = [cluster, shards, local, jobs, providers, stats];
  const refused = all.find(r => r.status === "rejected" && r.reason instanceof Refused);
  if (refused) {
    for (const table of ["members", "shards", "jobs", "providers", "usage"]) fill($(table), []);
    return setStatus(refused.reason.message, "refused");
  }
  if (cluster.status === "fulfilled" && local.status === "fulfilled") drawCluster(cluster.value, local.value);
  else sectionError($("members"), cluster.reason ?? local.reason);
  if (shards.status === "fulfilled" && local.status === "fulfilled") drawShards(shards.value, local.value);
  else sectionError($("shards"), shards.reason ?? local.reason);
  if (jobs.status === "fulfilled") drawJobs(jobs.value);
  else sectionError($("jobs"), jobs.reason);
  if (providers.status === "fulfilled") drawProviders(providers.value);
  else sectionError($("providers"), providers.reason);
  if (stats.status === "fulfilled") drawUsage(stats.value);
  else sectionError($("usage"), stats.reason);
  const failed = all.filter(r => r.status === "rejected");
  setStatus(failed.length ? `${failed.length} of ${all.length} reads failed; retrying` : `updated ${new Date().toLocaleTimeString()}`,
    failed.length ? "error" : "ok");
  document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
  schedule();
}

// Polls while the tab is shown; a hidden tab asks nothing and refreshes at once when shown again.
function schedule() {
  clearTimeout(timer);
  timer = document.hidden ? null : setTimeout(refresh, POLL_MS);
}

document.addEventListener("visibilitychange", () => {
  if (document.hidden) {
    clearTimeout(timer);
    timer = null;
  } else {
    refresh();
  }
});

async function showJob(id) {
  const table = $("job");
  table.hidden = false;
  try {
    const job = await get(`/admin/jobs/${encodeURIComponent(id)}`);
    fill(table, Object.entries(job).map(([name, value]) =>
      tableRow("field", name, [["name", name], ["value", Array.isArray(value) ? value.join(", ") : String(value ?? "")]])));
  } catch (error) {
    const tr = document.createElement("tr");
    tr.append(cell(error.message, "error"));
    tr.className = "bad";
    fill(table, [tr]);
  }
}

$("job-lookup").addEventListener("submit", e => {
  e.preventDefault();
  const id = $("job-id").value.trim();
  if (id) showJob(id);
});

$("token").value = sessionStorage.getItem(TOKEN_KEY) || "";
$("token").addEventListener("input", () => {
  sessionStorage.setItem(TOKEN_KEY, token());
  refresh();
});

// Read at once even with no token: a node with authentication off (loopback only) answers without one.
refresh();
