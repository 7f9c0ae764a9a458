// Shadowtrade pages: the few drawings the server cannot render as HTML.
// Libraries are vendored (plotly.js, d3, topojson-client, world-atlas); nothing is fetched
// from the network.
"use strict";

// The prefix the server is served under behind a reverse proxy (`serve --root-path`).
const ROOT = (document.body && document.body.dataset.root) || "";

function dataOf(el, key) {
  if (!el || !el.dataset[key]) return null;
  return JSON.parse(el.dataset[key]);
}

async function drawMap(el) {
  const routes = dataOf(el, "routes");
  if (!el || routes === null) return;
  const world = await (await fetch(ROOT + "/static/vendor/countries-110m.json")).json();
  const countries = topojson.feature(world, world.objects.countries).features;
  const width = el.clientWidth || 960, height = el.clientHeight || 480;
  const projection = d3.geoNaturalEarth1().fitSize([width, height], {type: "Sphere"});
  const path = d3.geoPath(projection);
  const svg = d3.select(el).append("svg").attr("width", width).attr("height", height)
    .attr("id", "map-svg");
  svg.append("path").attr("d", path({type: "Sphere"})).attr("fill", "#f3f7fb");
  const flagged = new Set(routes.flatMap(r => r.m49));
  svg.append("g").selectAll("path").data(countries).join("path")
    .attr("d", path).attr("class", "country")
    .attr("fill", d => flagged.has(String(d.id).padStart(3, "0")) ? "#fde2c8" : "#dfe4ec")
    .attr("stroke", "#fff").attr("stroke-width", 0.5)
    .append("title").text(d => d.properties.name);
  const centre = {};
  for (const c of countries) centre[String(c.id).padStart(3, "0")] = d3.geoCentroid(c);
  const g = svg.append("g");
  for (const r of routes) {
    const pts = r.m49.map(id => centre[id]).filter(Boolean);
    if (pts.length < 2) continue;
    const line = {type: "LineString", coordinates: pts};
    g.append("path").attr("d", path(line)).attr("class", "route")
      .attr("fill", "none").attr("stroke", r.kind === "route" ? "#b42318" : "#b54708")
      .attr("stroke-opacity", 0.75).attr("stroke-width", 1 + 3 * r.score)
      .append("title").text(`${r.title} (score ${r.score.toFixed(2)})`);
    const [x0, y0] = projection(pts[0]), [x1, y1] = projection(pts[pts.length - 1]);
    g.append("circle").attr("cx", x0).attr("cy", y0).attr("r", 3).attr("fill", "#1d2433");
    g.append("path").attr("d", d3.symbol(d3.symbolTriangle, 40)())
      .attr("transform", `translate(${x1},${y1})`).attr("fill", "#b42318");
  }
  el.dataset.drawn = String(routes.length);
}

function drawSankey(el) {
  const s = dataOf(el, "sankey");
  if (!el || s === null) return;
  if (!s.value.length) { el.textContent = "No flagged route with flows to show."; return; }
  Plotly.newPlot(el, [{
    type: "sankey", orientation: "h",
    node: {label: s.nodes, pad: 14, thickness: 14, color: "#98a2b3"},
    link: {source: s.source, target: s.target, value: s.value, color: "rgba(180,35,24,0.35)"},
  }], {margin: {l: 10, r: 10, t: 10, b: 10}, height: 420}, {displaylogo: false});
}

function drawSeries(el) {
  const charts = dataOf(el, "series");
  if (!el || charts === null) return;
  for (const c of charts) {
    const div = document.createElement("div");
    div.className = "plot chart";
    el.appendChild(div);
    const traces = Object.entries(c.series).map(([name, y]) => (
      c.kind === "unit_value"
        ? {type: "bar", x: c.x, y: y, name: name}
        : {type: "scatter", mode: "lines+markers", x: c.x, y: y, name: name}));
    Plotly.newPlot(div, traces, {title: {text: c.title}, height: 340,
      margin: {l: 60, r: 20, t: 40, b: 40}, yaxis: {title: {text: c.kind === "unit_value" ? "USD/kg" : "USD"}}},
      {displaylogo: false});
  }
  el.dataset.drawn = String(charts.length);
}

function drawNetwork(el) {
  const net = dataOf(el, "network");
  if (!el || net === null) return;
  const at = Object.fromEntries(net.nodes.map(n => [n.id, n]));
  const ex = [], ey = [];
  for (const e of net.edges) {
    ex.push(at[e.source].x, at[e.target].x, null);
    ey.push(at[e.source].y, at[e.target].y, null);
  }
  Plotly.newPlot(el, [
    {type: "scatter", mode: "lines", x: ex, y: ey, line: {color: "#c0c7d4", width: 1}, hoverinfo: "skip"},
    {type: "scatter", mode: "markers+text", x: net.nodes.map(n => n.x), y: net.nodes.map(n => n.y),
     text: net.nodes.map(n => n.id + (n.country ? ` (${n.country})` : "")), textposition: "top center",
     marker: {size: 11, color: net.nodes.map(n => n.kind === "listed" ? "#b42318" : "#175cd3")}},
  ], {showlegend: false, height: 420, xaxis: {visible: false}, yaxis: {visible: false},
      margin: {l: 10, r: 10, t: 10, b: 10}}, {displaylogo: false});
}

function drawFlows(el) {
  const flows = dataOf(el, "flows");
  if (!el || flows === null) return;
  Plotly.newPlot(el, [
    {type: "bar", name: "before the period", x: flows.map(f => f.leg), y: flows.map(f => f.usd_before)},
    {type: "bar", name: "during the period", x: flows.map(f => f.leg), y: flows.map(f => f.usd_during)},
  ], {barmode: "group", height: 360, yaxis: {title: {text: "USD"}}, margin: {l: 70, r: 20, t: 20, b: 40}},
  {displaylogo: false});
}

// Build an element whose every piece of data is set as text (file names, stages, errors and
// quarantined values come from users and files: none of it is ever parsed as HTML).
function node(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function jobSummary(res) {
  if (res.note) return `${res.file}: ${res.note}`;  // a duplicate upload: nothing was read
  return `${res.file}: ${res.table}, read ${res.rows_read} rows:` +
    ` ${res.accepted ?? res.entities ?? 0} accepted, ${res.quarantined} quarantined` +
    (res.duplicate_of ? ` (already ingested as import ${res.duplicate_of}; nothing changed)` : "");
}

function quarantineTable(rows) {
  const table = node("table"), head = node("tr"), body = node("tbody");
  for (const h of ["row", "column", "value", "reason"]) head.appendChild(node("th", h));
  table.appendChild(node("thead")).appendChild(head);
  for (const q of rows) {
    const tr = node("tr");
    for (const v of [q.row_number, q.column ?? "", q.value ?? "", q.reason ?? ""]) tr.appendChild(node("td", v));
    body.appendChild(tr);
  }
  table.appendChild(body);
  return table;
}

async function watchJob(el) {
  const id = new URLSearchParams(location.search).get("job");
  if (!el || !id) return;
  for (;;) {
    const r = await fetch(`${ROOT}/api/v1/jobs/${encodeURIComponent(id)}`);
    if (!r.ok) { el.textContent = `job ${id}: ${r.status}`; return; }
    const j = await r.json();
    el.replaceChildren(node("h2", `Job ${j.job_id}: ${j.state}`),
      node("p", `${j.stage || ""} ${j.progress ? j.progress.toFixed(0) + "%" : ""}`));
    if (j.state === "done" && j.result) {
      const res = j.result;
      el.appendChild(node("p", jobSummary(res), {id: "job-summary"}));
      if (res.quarantine && res.quarantine.length) {
        el.append(node("h3", "Quarantine"), quarantineTable(res.quarantine));
      }
      if (res.profile_lines && res.profile_lines.length) {
        // The import's profile (what was read, and every warning).
        const ul = node("ul", null, {id: "job-profile"});
        for (const line of res.profile_lines) {
          const li = node("li", line);
          if (line.startsWith("warning:")) li.className = "warning";
          ul.appendChild(li);
        }
        el.append(node("h3", "What was read"), ul);
      }
      return;
    }
    if (j.state === "failed") { el.appendChild(node("p", j.error, {class: "error", id: "job-error"})); return; }
    await new Promise(res => setTimeout(res, 500));
  }
}

// Pages start their drawings here: the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", () => {
  watchJob(document.getElementById("job"));
  drawFlows(document.getElementById("flows"));
});
