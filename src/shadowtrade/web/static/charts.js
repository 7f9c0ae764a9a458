// Shadowtrade's charts, map, scan button and jobs table. The figures are built (and every name
// in them escaped for Plotly) on the server, in report/figures.py; this file only draws the
// JSON it finds in data- attributes. It runs on load, so the pages need no inline script, and
// every piece of data reaches the page as text (textContent / d3 .text), never as HTML.
// Libraries are vendored: plotly.js, d3, topojson-client, world-atlas.
"use strict";

(function () {
  const CONFIG = {displaylogo: false, responsive: true};
  const ROOT = document.body.dataset.root || "";  // the proxy's prefix (`serve --root-path`)

  function dataOf(el, key) {
    if (!el || !el.dataset[key]) return null;
    return JSON.parse(el.dataset[key]);
  }

  function node(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function plot(el, fig) {
    Plotly.newPlot(el, fig.data, fig.layout, CONFIG);
  }

  // A list of figures (a case's evidence series): one chart each.
  function drawFigures(el) {
    const figs = dataOf(el, "figures");
    if (figs === null) return;
    for (const fig of figs) {
      const div = node("div", null, {class: "plot chart"});
      el.appendChild(div);
      plot(div, fig);
    }
    el.dataset.drawn = String(figs.length);
  }

  // One figure (Sankey, parties' network, an allegation's legs).
  function drawFigure(el) {
    const fig = dataOf(el, "figure");
    if (fig === null) return;
    plot(el, fig);
    el.dataset.drawn = "1";
  }

  // The overview's map: zoomed to the flagged region (the box the server computed around the
  // route and pair cases' countries), the countries on flagged cases labelled, each case a
  // line (route and pair cases solid, party cases dashed) that links to the case.
  async function drawMap(el) {
    const m = dataOf(el, "map");
    if (m === null) return;
    const world = await (await fetch(ROOT + "/static/vendor/countries-110m.json")).json();
    const countries = topojson.feature(world, world.objects.countries).features;
    const flagged = new Set(m.routes.filter(r => r.kind !== "party").flatMap(r => r.m49));
    const parties = new Set(m.routes.filter(r => r.kind === "party").flatMap(r => r.m49));
    const at = Object.fromEntries(m.countries.map(c => [c.m49, c]));
    let whole = !m.bounds;

    function render() {
      el.replaceChildren();
      const width = el.clientWidth || 960, height = el.clientHeight || 480;
      const projection = d3.geoNaturalEarth1();
      if (whole) {
        projection.fitSize([width, height], {type: "Sphere"});
      } else {
        const [[w, s], [e, n]] = m.bounds, pts = [];
        for (let i = 0; i <= 4; i++) for (let j = 0; j <= 4; j++) {
          pts.push([w + (e - w) * i / 4, s + (n - s) * j / 4]);
        }
        projection.fitExtent([[10, 10], [width - 10, height - 10]], {type: "MultiPoint", coordinates: pts});
      }
      const path = d3.geoPath(projection);
      const svg = d3.select(el).append("svg").attr("width", width).attr("height", height)
        .attr("id", "map-svg").attr("data-zoom", whole ? "world" : "flagged");
      svg.append("path").attr("d", path({type: "Sphere"})).attr("fill", "#f3f7fb");
      svg.append("g").selectAll("path").data(countries).join("path")
        .attr("d", path).attr("class", "country")
        .attr("fill", d => {
          const id = String(d.id).padStart(3, "0");
          return flagged.has(id) ? "#fbc89b" : (parties.has(id) ? "#efe4f7" : "#dfe4ec");
        })
        .attr("stroke", "#fff").attr("stroke-width", 0.5)
        .append("title").text(d => d.properties.name);
      const g = svg.append("g");
      for (const r of m.routes) {
        const pts = r.m49.map(id => at[id]).filter(Boolean).map(c => [c.lon, c.lat]);
        if (!pts.length) continue;
        const party = r.kind === "party";
        const link = g.append("a").attr("href", ROOT + r.url).attr("class", `route-link ${r.kind}`);
        link.append("title").text(`${r.title} (${r.kind} case, score ${r.score.toFixed(2)}): open the case`);
        if (pts.length > 1) {
          link.append("path").attr("d", path({type: "LineString", coordinates: pts}))
            .attr("class", "route").attr("fill", "none")
            .attr("stroke", party ? "#7a2ac9" : (r.kind === "route" ? "#b42318" : "#b54708"))
            .attr("stroke-dasharray", party ? "4 3" : null)
            .attr("stroke-opacity", party ? 0.45 : 0.85)
            .attr("stroke-width", party ? 1 + r.score : 1.5 + 3 * r.score);
        }
        const [x0, y0] = projection(pts[0]), [x1, y1] = projection(pts[pts.length - 1]);
        link.append("circle").attr("cx", x0).attr("cy", y0).attr("r", party ? 3 : 4)
          .attr("fill", party ? "#7a2ac9" : "#1d2433");
        if (pts.length > 1) {
          link.append("path").attr("d", d3.symbol(d3.symbolTriangle, 50)())
            .attr("transform", `translate(${x1},${y1})`).attr("fill", party ? "#7a2ac9" : "#b42318");
        }
      }
      const labels = svg.append("g").attr("class", "labels");
      for (const c of m.countries) {
        const [x, y] = projection([c.lon, c.lat]);
        if (x < 0 || y < 0 || x > width || y > height) continue;
        const strong = flagged.has(c.m49);
        labels.append("text").attr("class", "country-label").attr("x", x).attr("y", y - 7)
          .attr("text-anchor", "middle").attr("font-size", strong ? 13 : 10)
          .attr("font-weight", strong ? 600 : 400).attr("paint-order", "stroke")
          .attr("stroke", "#fff").attr("stroke-width", 3).attr("fill", "#1d2433")
          .text(c.name);
      }
      el.dataset.drawn = String(m.routes.length);
    }

    render();
    const toggle = document.getElementById("map-zoom");
    if (toggle && m.bounds) {
      toggle.hidden = false;
      toggle.addEventListener("click", () => {
        whole = !whole;
        toggle.textContent = whole ? "Zoom to the flagged region" : "Show the whole world";
        render();
      });
    }
  }

  // One job as a row of a jobs table whose header names the columns (job, kind, user, state,
  // stage, created, result): the overview's and the ingest page's tables differ.
  function jobRow(j, columns) {
    const progress = j.state === "running" && j.progress ? ` ${j.progress.toFixed(0)}%` : "";
    const cell = {kind: j.kind, user: j.user, state: j.state + progress, stage: j.stage || "",
                  created: j.created_at || "",
                  result: j.error || (j.note ? (j.file ? `${j.file}: ${j.note}` : j.note) : j.file || "")};
    const tr = node("tr");
    for (const c of columns) {
      const td = node("td", c === "job" ? null : (cell[c] ?? ""));
      if (c === "job") td.appendChild(node("a", j.job_id, {href: `${ROOT}/ingest?job=${encodeURIComponent(j.job_id)}`}));
      tr.appendChild(td);
    }
    return tr;
  }

  // The jobs table refreshes itself: every 2 s while a job runs, every 15 s otherwise.
  async function refreshJobs(table) {
    const body = table.querySelector("tbody");
    const columns = Array.from(table.querySelectorAll("thead th"), th => th.textContent.trim());
    for (;;) {
      let running = false;
      try {
        const r = await fetch(ROOT + "/api/v1/jobs?limit=10", {credentials: "same-origin"});
        if (r.ok) {
          const items = (await r.json()).items;
          body.replaceChildren(...items.map(j => jobRow(j, columns)));
          if (!items.length) {
            body.appendChild(node("tr")).appendChild(node("td", "none yet", {colspan: String(columns.length), class: "muted"}));
          }
          running = items.some(j => j.state === "running" || j.state === "queued");
          table.dataset.refreshed = String(Date.now());
        }
      } catch (e) { /* the server restarts: try again later */ }
      await new Promise(res => setTimeout(res, running ? 2000 : 15000));
    }
  }

  const SCAN_STEPS = ["scanning", "resolving", "grouping"];  // scanning.scan_workspace's steps

  // Scan (admins): start a scan job and follow it to the end: stage, elapsed time, result.
  function scanButton(btn) {
    const out = document.getElementById("scan-progress");
    btn.addEventListener("click", async () => {
      btn.disabled = true;
      out.replaceChildren(node("span", "starting the scan…"));
      const r = await fetch(ROOT + "/api/v1/scan", {method: "POST", credentials: "same-origin"});
      if (!r.ok) {
        out.replaceChildren(node("span", `the scan could not start (${r.status})`, {class: "error"}));
        btn.disabled = false;
        return;
      }
      const job = await r.json();
      const bar = node("progress", null, {max: "100"});
      const line = node("span");
      out.replaceChildren(bar, line);
      const t0 = Date.now();
      for (;;) {
        const jr = await fetch(`${ROOT}/api/v1/jobs/${encodeURIComponent(job.job_id)}`, {credentials: "same-origin"});
        if (!jr.ok) { line.textContent = `job ${job.job_id}: ${jr.status}`; break; }
        const j = await jr.json();
        const secs = Math.round((Date.now() - t0) / 1000);
        // A scan reports its step (scanning, resolving parties, grouping into cases), not a
        // percentage: the bar shows the steps done.
        const step = SCAN_STEPS.findIndex(s => (j.stage || "").startsWith(s));
        if (j.progress) bar.value = j.progress;
        else if (step >= 0) bar.value = 100 * step / SCAN_STEPS.length;
        else bar.removeAttribute("value");
        const of = step >= 0 ? `step ${step + 1} of ${SCAN_STEPS.length}, ` : "";
        line.textContent = ` ${j.state}: ${of}${j.stage || ""} (${secs} s)`;
        if (j.state === "done") {
          bar.value = 100;
          const res = j.result || {};
          line.textContent = ` done in ${secs} s: ${res.alerts ?? "?"} alerts, ${res.cases ?? "?"} cases. Reload for the new figures.`;
          break;
        }
        if (j.state === "failed") { line.textContent = ` failed: ${j.error || ""}`; line.className = "error"; break; }
        await new Promise(res => setTimeout(res, 1000));
      }
      out.dataset.done = "1";
      btn.disabled = false;
    });
  }

  for (const el of document.querySelectorAll("[data-figures]")) drawFigures(el);
  for (const el of document.querySelectorAll("[data-figure]")) drawFigure(el);
  for (const el of document.querySelectorAll("[data-map]")) drawMap(el);
  const scan = document.getElementById("scan-button");
  if (scan) scanButton(scan);
  const jobs = document.getElementById("jobs-table");
  if (jobs) refreshJobs(jobs);
})();
