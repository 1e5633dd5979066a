// mediasearch web page: plain script, no build step. Every call goes to this server's /api/v1 (the HTTP API).
"use strict";

const $ = (selector) => document.querySelector(selector);
const body = document.body;
let collection = body.dataset.collection;
const maxUpload = Number(body.dataset.maxUpload);

function say(text, isError = false) {
  const status = $("#status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function headers(extra = {}) {
  const token = sessionStorage.getItem("token");
  return token ? { ...extra, Authorization: "Bearer " + token } : extra;
}

// One API call; a failure becomes an Error whose message is in plain words.
async function api(path, { method = "GET", json, form } = {}) {
  const init = { method, headers: headers(json ? { "Content-Type": "application/json" } : {}) };
  if (json) init.body = JSON.stringify(json);
  if (form) init.body = form;
  let response;
  try {
    response = await fetch("/api/v1/collections" + path, init);
  } catch (error) {
    throw new Error("The web server cannot be reached: " + error.message);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw failure(response, data);
  return data;
}

// An error answer (the API's JSON error body) as an Error in plain words.
function failure(response, data) {
  const e = data.error || {};
  const fields = Object.entries(e.fieldViolations || {}).map(([k, v]) => `${k}: ${v}`).join("; ");
  const detail = e.message || (data.status ? `The item failed: ${data.error?.message || data.status}` : "");
  return new Error(`${e.summary || "Request failed"} (${response.status}). ${detail}${fields ? " — " + fields : ""}`);
}

// A piece of page the server renders (debug-scores' report, a fit's reliability diagram), as HTML text.
async function fragment(path, json) {
  let response;
  try {
    response = await fetch(`/fragments/${collection}/${path}`, {
      method: "POST", headers: headers({ "Content-Type": "application/json" }), body: JSON.stringify(json) });
  } catch (error) {
    throw new Error("The web server cannot be reached: " + error.message);
  }
  if (!response.ok) throw failure(response, await response.json().catch(() => ({})));
  return response.text();
}

// Drop, paste or pick an image onto `zone`; `use(file)` gets the first image file.
function imageInput(zone, picker, use) {
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("over"); use(e.dataTransfer.files[0]); });
  zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); picker.click(); } });
  picker.addEventListener("change", (e) => use(e.target.files[0]));
  document.addEventListener("paste", (e) => {
    const file = Array.from(e.clipboardData?.files || []).find((f) => f.type.startsWith("image/"));
    if (file) use(file);
  });
}

const enc = encodeURIComponent;
const itemName = (id) => `collections/${collection}/items/` + id.replace(/[^A-Za-z0-9\-._~]/g, (c) =>
  Array.from(new TextEncoder().encode(c)).map((b) => "%" + b.toString(16).toUpperCase().padStart(2, "0")).join(""));

// ---- the weighted query syntax (the same rules as the command line's parser) ----
function parseQuery(text) {
  const pieces = text.trim().split(/(?:^|\s+)([+-])\s+/);
  let pairs = [["+", pieces[0]]];
  for (let i = 1; i < pieces.length; i += 2) pairs.push([pieces[i], pieces[i + 1]]);
  if (pairs[0][1] === "" && pairs.length > 1) pairs = pairs.slice(1);
  const unquote = (s) => (s.length >= 2 && s[0] === '"' && s[s.length - 1] === '"' ? s.slice(1, -1) : s);
  return pairs.filter(([, piece]) => piece.trim()).map(([sign, piece]) => {
    let bodyText = unquote(piece.trim());
    let weight = 1;
    const m = bodyText.match(/^([+-]?(?:\d+(?:\.\d*)?|\.\d+)):([\s\S]*)$/);
    if (m) { weight = Number(m[1]); bodyText = unquote(m[2].trim()); }
    if (sign === "-") weight = -weight;
    return bodyText.startsWith("item:") ? { weight, itemId: bodyText.slice(5) } : { weight, text: bodyText };
  });
}

// ---- thumbnails: one batched call per page, as data URIs ----
async function loadThumbnails(ids) {
  return loadThumbnailsByName(ids.map(itemName));
}
async function loadThumbnailsByName(names) {
  const found = new Map();
  while (names.length) {
    const answer = await api(`/${collection}/items:batchGetThumbnails`, { method: "POST", json: { names } });
    for (const t of answer.thumbnails || []) found.set(t.name, `data:${t.mimeType};base64,${t.data}`);
    names = answer.deferredNames || [];
  }
  return found;
}

async function fileToBase64(file) {
  if (file.size > maxUpload) throw new Error(`That image is ${file.size} bytes; the limit is ${maxUpload}.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function loadCollections() {
  const select = $("#collection");
  try {
    const answer = await api("");
    const ids = (answer.collections || []).map((c) => c.name.split("/")[1]);
    if (ids.length && !ids.includes(collection)) collection = ids[0];
    select.replaceChildren(...ids.map((id) => new Option(id, id, false, id === collection)));
    return answer.collections || [];
  } catch (error) {
    say(error.message, true);
    return [];
  }
}

function setupSession() {
  const token = $("#token");
  token.value = sessionStorage.getItem("token") || "";
  token.addEventListener("change", () => sessionStorage.setItem("token", token.value.trim()));
  $("#collection").addEventListener("change", (e) => { collection = e.target.value; body.dispatchEvent(new Event("collection")); });
}

// ---- search page ----
// ---- videos: a result is a video with its best moments (frames and times) ----
const MEDIA_TYPES = { image: ["MEDIA_TYPE_IMAGE"], video: ["MEDIA_TYPE_VIDEO_FRAME", "MEDIA_TYPE_VIDEO"] };
const idOfName = (name) => decodeURIComponent(name.slice(name.lastIndexOf("/") + 1));
function clock(ms) {
  const s = Math.floor(Number(ms || 0) / 1000);
  return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, "0")).join(":");
}
// The picture a result shows: its best moment's frame for a video, else its own preview.
const pictureName = (result) => (result.videoMoments || [])[0]?.name || result.item.name;

function setupSearch() {
  const state = { image: null, results: [], token: "", request: null, similarOf: null, current: null };
  const threshold = $("#threshold");
  const grid = $("#grid");

  function filter() {
    const f = {};
    const tags = $("#tags").value.split(",").map((t) => t.trim()).filter(Boolean);
    if (tags.length) f.tagsAny = tags;
    if ($("#prefix").value.trim()) f.uriPrefix = $("#prefix").value.trim();
    if ($("#after").value) f.modifyTimeAfter = new Date($("#after").value + "T00:00:00").toISOString();
    if ($("#before").value) f.modifyTimeBefore = new Date($("#before").value + "T00:00:00").toISOString();
    // Capture times (EXIF): photos without one never pass these.
    if ($("#taken-after").value) f.captureTimeAfter = new Date($("#taken-after").value + "T00:00:00").toISOString();
    if ($("#taken-before").value) f.captureTimeBefore = new Date($("#taken-before").value + "T00:00:00").toISOString();
    if (MEDIA_TYPES[$("#media").value]) f.mediaTypes = MEDIA_TYPES[$("#media").value];
    return f;
  }

  function searchRequest() {
    const terms = parseQuery($("#q").value);
    if (state.image) terms.push({ image: state.image });
    if (!terms.length) return null;
    const request = { terms, mode: document.querySelector("input[name=mode]:checked").value, pageSize: 50, filter: filter() };
    if (Number(threshold.value) > 0) request.minScore = Number(threshold.value);
    // A time order lists the results above the threshold (0.5 when the slider is at 0) by capture time.
    if ($("#order").value) request.order = $("#order").value;
    return request;
  }

  async function run(append = false) {
    const request = append ? { ...state.request, pageToken: state.token } : searchRequest();
    if (!request) { say("Type a query or drop an image."); return; }
    state.request = request; state.similarOf = null;
    say(request.mode === "SEARCH_MODE_DEEP" ? "Searching deeply (expanding the query)…" : "Searching…");
    const started = performance.now();
    try {
      const answer = await api(`/${collection}/items:search`, { method: "POST", json: request });
      await show(answer, append, started);
      if (answer.expansionUnavailable) say("Deep search ran without expansion: the expansion service cannot be reached.", true);
    } catch (error) {
      say(error.message, true);
    }
  }

  async function similar(id) {
    say("Finding similar pictures…");
    $("#detail").close();
    try {
      const answer = await api(`/${collection}/items:findSimilar`, { method: "POST", json: { itemId: id, pageSize: 50 } });
      state.similarOf = id;
      await show(answer, false, performance.now());
      $("#summary").textContent = `${(answer.results || []).length} pictures like ${id}`;
    } catch (error) {
      say(error.message, true);
    }
  }

  async function show(answer, append, started) {
    const results = answer.results || [];
    state.token = answer.nextPageToken || "";
    state.results = append ? state.results.concat(results) : results;
    const thumbs = await loadThumbnailsByName(results.map(pictureName));
    if (!append) grid.replaceChildren();
    for (const result of results) grid.append(card(result, thumbs.get(pictureName(result))));
    $("#more").hidden = !state.token;
    const expanded = (answer.expandedTerms || []).map((t) => t.term).join(", ");
    $("#summary").textContent = `${state.results.length} result${state.results.length === 1 ? "" : "s"}` +
      (answer.remaining ? `, ${answer.remaining} more` : "") + (expanded ? ` · searched: ${expanded}` : "");
    say(results.length ? "" : "No results above the threshold.");
    performance.mark("results-rendered");
    performance.measure("first-results", { start: started, end: performance.now() });
  }

  function card(result, src) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "card";
    button.dataset.id = result.item.id;
    const score = result.score || 0;
    const cosine = (result.rawCosine || 0).toFixed(3);
    button.title = `cosine ${cosine} · probability ${score.toFixed(3)}`;
    button.setAttribute("aria-label", `${result.item.id}, probability ${(score * 100).toFixed(0)}%, cosine ${cosine}`);
    const img = document.createElement("img");
    img.alt = "";
    img.loading = "lazy";
    if (src) img.src = src; else img.classList.add("missing");
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.innerHTML = `<span style="width:${(score * 100).toFixed(1)}%"></span>`;
    const label = document.createElement("span");
    label.className = "label";
    const moments = result.videoMoments || [];
    label.textContent = moments.length ? `${result.item.id} @ ${clock(moments[0].frameTimeMs)}` : result.item.id;
    button.append(img, bar, label);
    if (moments.length) {
      const time = document.createElement("span");
      time.className = "dups";
      time.textContent = `▶ ${clock(moments[0].frameTimeMs)}`;
      time.title = moments.map((m) => `${clock(m.frameTimeMs)} (${(m.score || 0).toFixed(2)})`).join(", ");
      button.append(time);
    }
    const dups = (result.duplicateIds || []).length;
    if (dups) {
      const badge = document.createElement("span");
      badge.className = "dups";
      badge.textContent = `+${dups} near-duplicate${dups > 1 ? "s" : ""}`;
      badge.title = result.duplicateIds.join(", ");
      button.append(badge);
    }
    const chips = document.createElement("span");
    chips.className = "chips";
    for (const m of (result.matches || []).slice(0, 3)) {
      const chip = document.createElement("span");
      chip.className = "chip";
      chip.textContent = m.queryPart ? `${m.term} ← ${m.queryPart}` : m.term;
      chip.title = `${(m.relation || "").replace("TERM_RELATION_", "").toLowerCase()} · cosine ${(m.rawCosine || 0).toFixed(3)}`;
      chips.append(chip);
    }
    if (chips.childElementCount) button.append(chips);
    button.addEventListener("click", () => open(result, src));
    li.append(button);
    return li;
  }

  function open(result, src) {
    state.current = result;
    $("#detail-title").textContent = result.item.id;
    const image = $("#detail-image");
    image.src = src || "";
    image.alt = src ? `Preview of ${result.item.id}` : "No preview stored";
    const meta = result.item.metadata || {};
    const rows = [["Probability", (result.score || 0).toFixed(3)], ["Cosine", (result.rawCosine || 0).toFixed(4)],
      ["Location", meta.uri || ""], ["Tags", (meta.tags || []).join(", ")], ["Size", `${result.item.width}×${result.item.height}, ${result.item.sizeBytes} bytes`],
      ["Modified", meta.modifyTime || ""], ["Indexed", result.item.indexTime || ""]];
    const item = result.item;
    if (item.captureTime) rows.push(["Taken", item.captureTime + (item.captureTimeOffset ? ` (camera clock ${item.captureTimeOffset})` : "")]);
    if (item.cameraMake || item.cameraModel) rows.push(["Camera", `${item.cameraMake || ""} ${item.cameraModel || ""}`.trim()]);
    const moments = result.videoMoments || [];
    const video = $("#detail-video");
    const plays = moments.length && document.body.dataset.playsVideos === "1";
    video.hidden = !plays;
    image.hidden = Boolean(plays);
    if (plays) {  // the browser's player starts at the best moment (a media fragment, #t=seconds)
      const query = new URLSearchParams({ collection, uri: meta.uri });
      video.src = `/media?${query}#t=${(moments[0].frameTimeMs / 1000).toFixed(3)}`;
    } else {
      video.removeAttribute("src");
    }
    if (moments.length) {
      rows.splice(2, 0, ["Moments", moments.map((m) => `${clock(m.frameTimeMs)} (${(m.score || 0).toFixed(2)})`).join(", ")]);
      if (!plays) {
        rows.splice(3, 0, ["Play", `open ${meta.uri} at ${clock(moments[0].frameTimeMs)} in a player: this page ` +
          "plays videos only where the web component is given their folders (WEB_MEDIA_ROOTS)"]);
      }
    }
    $("#detail-meta").replaceChildren(...rows.flatMap(([k, v]) => {
      const dt = document.createElement("dt"); dt.textContent = k;
      const dd = document.createElement("dd"); dd.textContent = v;
      return [dt, dd];
    }));
    $("#detail").showModal();
  }

  $("#detail").addEventListener("close", () => $("#detail-video").pause());
  $("#search-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  $("#more").addEventListener("click", () => run(true));
  document.querySelectorAll("input[name=mode]").forEach((r) => r.addEventListener("change", () => state.request && run()));
  let debounce;
  threshold.addEventListener("input", () => {
    $("#threshold-value").textContent = Number(threshold.value).toFixed(2);
    clearTimeout(debounce);
    debounce = setTimeout(() => state.request && run(), 250);
  });
  // A video's "more like this" starts from its best moment's frame.
  $("#similar").addEventListener("click", () => similar(idOfName(pictureName(state.current))));
  $("#delete").addEventListener("click", async () => {
    const item = state.current.item;
    if (!confirm(`Delete ${item.id} from ${collection}? This cannot be undone.`)) return;
    try {
      await api(`/${collection}/items:batchDelete`, { method: "POST", json: { names: [item.name] } });
      $("#detail").close();
      // Taken out of the grid here: searching again could fail when the query names the deleted item.
      grid.querySelectorAll(".card").forEach((c) => { if (c.dataset.id === item.id) c.parentElement.remove(); });
      say(`Deleted ${item.id}.`);
    } catch (error) {
      say(error.message, true);
    }
  });

  async function useImage(file) {
    if (!file || !file.type.startsWith("image/")) { say("That is not an image file.", true); return; }
    try {
      state.image = await fileToBase64(file);
      $("#drop-name").textContent = file.name || "pasted image";
      $("#drop-clear").hidden = false;
      run();
    } catch (error) {
      say(error.message, true);
    }
  }
  imageInput($("#drop"), $("#file"), useImage);
  $("#drop-clear").addEventListener("click", () => {
    state.image = null; $("#drop-name").textContent = ""; $("#drop-clear").hidden = true; $("#file").value = "";
  });
  body.addEventListener("collection", () => state.request && run());
}

// ---- collections page ----
async function setupCollections() {
  const render = async () => {
    const collections = await loadCollections();
    $("#collections-table tbody").replaceChildren(...collections.map((c) => {
      const tr = document.createElement("tr");
      const cells = [c.name.split("/")[1], c.itemCount || "0", c.modelId, c.dimension,
        (c.calibration?.method || "").replace("CALIBRATION_METHOD_", "").toLowerCase() +
          ` (p=0.5 at cosine ${(c.calibration?.cosineAtHalf || 0).toFixed(3)})`,
        `${(Number(c.diskBytes || 0) / 1048576).toFixed(1)} MiB`, c.snapshotTime || "none yet"];
      tr.replaceChildren(...cells.map((v) => { const td = document.createElement("td"); td.textContent = v; return td; }));
      return tr;
    }));
    if (!collections.length) say("No collections yet: index some pictures with `mediasearch index FOLDER`.");
  };
  await render();
}

// ---- calibration page ----
function setupCalibration() {
  let cosines = [];
  const slope = $("#slope"), intercept = $("#intercept"), pass = $("#cal-threshold");
  const sigmoid = (x) => 1 / (1 + Math.exp(-x));

  function preview() {
    $("#slope-value").textContent = Number(slope.value).toFixed(1);
    $("#intercept-value").textContent = Number(intercept.value).toFixed(1);
    $("#cal-threshold-value").textContent = Number(pass.value).toFixed(2);
    const passing = cosines.filter((c) => sigmoid(slope.value * c + Number(intercept.value)) >= pass.value).length;
    const half = -intercept.value / slope.value;
    $("#passing").textContent = cosines.length
      ? `${passing} of ${cosines.length} results would pass; probability 0.5 at cosine ${half.toFixed(3)}.`
      : "Score a query to preview.";
    drawHistogram(half);
  }

  function drawHistogram(half) {
    const box = $("#histogram");
    if (!cosines.length) { box.replaceChildren(); return; }
    const lo = Math.min(...cosines), hi = Math.max(...cosines), bins = 20, counts = new Array(bins).fill(0);
    const width = (hi - lo) / bins || 1;
    for (const c of cosines) counts[Math.min(bins - 1, Math.floor((c - lo) / width))]++;
    const top = Math.max(...counts);
    box.replaceChildren(...counts.map((n, i) => {
      const bar = document.createElement("span");
      const from = lo + i * width;
      bar.style.height = `${(100 * n / top).toFixed(1)}%`;
      bar.className = from + width / 2 >= half ? "pass" : "";
      bar.title = `${n} at cosine ${from.toFixed(3)}–${(from + width).toFixed(3)}`;
      return bar;
    }));
    box.setAttribute("aria-label", `Histogram of ${cosines.length} cosines from ${lo.toFixed(3)} to ${hi.toFixed(3)}`);
  }

  async function current() {
    try {
      const { calibration } = await api(`/${collection}/calibration`);
      slope.value = calibration.slope; intercept.value = calibration.intercept;
      $("#current-calibration").textContent = `In force: ${calibration.method.replace("CALIBRATION_METHOD_", "").toLowerCase()}, ` +
        `slope ${calibration.slope.toFixed(2)}, intercept ${calibration.intercept.toFixed(2)}.`;
    } catch (error) { say(error.message, true); }
    preview();
  }

  $("#calibration-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const terms = parseQuery($("#cal-q").value);
    if (!terms.length) { say("Type a query to score."); return; }
    say("Scoring…");
    try {
      const answer = await api(`/${collection}/items:search`, { method: "POST", json: { terms, pageSize: 1000 } });
      cosines = (answer.results || []).map((r) => r.rawCosine || 0);
      say("");
    } catch (error) { say(error.message, true); }
    preview();
  });
  for (const input of [slope, intercept, pass]) input.addEventListener("input", preview);
  $("#save-calibration").addEventListener("click", async () => {
    try {
      await api(`/${collection}/calibration`, { method: "PATCH", json: {
        calibration: { method: "CALIBRATION_METHOD_PLATT", slope: Number(slope.value), intercept: Number(intercept.value) },
        updateMask: "method,slope,intercept" } });
      say("Saved: new searches use this calibration.");
      current();
    } catch (error) { say(error.message, true); }
  });
  async function fit(apply) {
    const pairsText = $("#fit-pairs").value;
    if (!pairsText.trim()) { say("Paste or load labelled pairs first."); return; }
    say(apply ? "Fitting and saving…" : "Fitting…");
    try {
      $("#fit-result").innerHTML = await fragment("fit", { pairsText, method: $("#fit-method").value, apply });
      say(apply ? "Saved: new searches use the fitted calibration." : "");
      if (apply) current();
    } catch (error) { say(error.message, true); }
  }
  $("#fit-form").addEventListener("submit", (e) => { e.preventDefault(); fit(false); });
  $("#fit-save").addEventListener("click", () => fit(true));
  $("#fit-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    if (file.size > maxUpload) { say(`That file is ${file.size} bytes; the limit is ${maxUpload}.`, true); return; }
    $("#fit-pairs").value = await file.text();
  });
  body.addEventListener("collection", current);
  current();
}

// ---- score debugger: debug-scores' report, rendered by the server from the search service's ProfileImage ----
function setupDebug() {
  let upload = null;
  imageInput($("#debug-drop"), $("#debug-file"), (file) => {
    if (!file || !file.type.startsWith("image/")) { say("That is not an image file.", true); return; }
    upload = file;
    $("#debug-item").value = "";
    $("#debug-file-name").textContent = file.name || "pasted image";
    explain();
  });
  $("#debug-item").addEventListener("input", () => { upload = null; $("#debug-file-name").textContent = ""; });

  async function explain() {
    const itemId = $("#debug-item").value.trim();
    if (!itemId && !upload) { say("Give a stored item id, or drop or choose an image."); return; }
    const concepts = $("#debug-words").value.split(",").map((w) => w.trim()).filter(Boolean);
    say(`Profiling ${itemId || upload.name || "the image"}…`);
    try {
      const request = upload ? { image: await fileToBase64(upload), name: upload.name || "pasted image" } : { itemId };
      $("#debug-report").innerHTML = await fragment("profile", { ...request, concepts });
      say("");
    } catch (error) { say(error.message, true); }
  }
  $("#debug-form").addEventListener("submit", (e) => { e.preventDefault(); explain(); });
}

document.addEventListener("DOMContentLoaded", async () => {
  setupSession();
  const page = body.dataset.page;
  if (page === "Collections") { await setupCollections(); body.dataset.ready = "true"; return; }
  await loadCollections();
  if (page === "Search") setupSearch();
  if (page === "Calibration") setupCalibration();
  if (page === "Score debugger") setupDebug();
  body.dataset.ready = "true";  // handlers are attached (tests and slow devices wait for this)
});
