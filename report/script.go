package report

// pageJS is the inline script of the page (its hash is in the
// Content-Security-Policy, so it must stay a constant). Rules it keeps:
// data reaches the DOM only through text nodes, textContent and
// setAttribute (never innerHTML or similar); nothing is fetched; lists are
// paged so that 100k pairs stay responsive. It holds no backquotes so that
// it fits in a Go raw string.
const pageJS = `
"use strict";
(function () {
var t0 = performance.now();
var SVGNS = "http://www.w3.org/2000/svg";
var D = JSON.parse(document.getElementById("doppel-data").textContent);
var S = D.summary || {};
var NC = D.comps.length;
var NP = D.p_a.length;
var NG = D.g_id.length;
var PAGE = 50;

// ---------- helpers (data only ever becomes text nodes) ----------
function el(tag, attrs) {
  var e = document.createElement(tag);
  if (attrs) { for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, String(attrs[k])); } }
  for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
  return e;
}
function add(e, c) {
  if (c === null || c === undefined || c === false) return;
  if (Array.isArray(c)) { c.forEach(function (x) { add(e, x); }); return; }
  if (typeof c === "object" && c.nodeType) { e.appendChild(c); return; }
  e.appendChild(document.createTextNode(String(c)));
}
function svg(tag, attrs) {
  var e = document.createElementNS(SVGNS, tag);
  if (attrs) { for (var k in attrs) e.setAttribute(k, String(attrs[k])); }
  for (var i = 2; i < arguments.length; i++) {
    var c = arguments[i];
    if (c === null || c === undefined) continue;
    if (typeof c === "object" && c.nodeType) e.appendChild(c); else e.appendChild(document.createTextNode(String(c)));
  }
  return e;
}
function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
function fmtInt(n) { return Number(n).toLocaleString("en-US"); }
function fmtW(w) { var s = Math.abs(w).toFixed(2); if (s === "0.00") return "0.00"; return (w < 0 ? "\u2212" : "+") + s; }
function fmtN(w, d) { var s = Math.abs(w).toFixed(d); return (w < 0 && Number(s) !== 0 ? "\u2212" : "") + s; }
function fmtP(p) { if (p >= 0.9999995) return "1.000000"; return p.toFixed(6); }
function sign(w) { return w > 0.0005 ? "pos" : (w < -0.0005 ? "neg" : "zero"); }
function recLabel(r) { return D.sources[D.rec_src[r]] + ":" + D.rec_id[r]; }
function fieldIdx(name) { return D.fields.indexOf(name); }
var FI = { full: fieldIdx("full_name"), given: fieldIdx("given_name"), family: fieldIdx("family_name"),
  company: fieldIdx("company"), email: fieldIdx("email") };
function gName(g) {
  var v = D.g_vals[g];
  if (FI.full >= 0 && v[FI.full]) return v[FI.full];
  var n = [];
  if (FI.given >= 0 && v[FI.given]) n.push(v[FI.given]);
  if (FI.family >= 0 && v[FI.family]) n.push(v[FI.family]);
  if (n.length) return n.join(" ");
  if (FI.company >= 0 && v[FI.company]) return v[FI.company];
  if (FI.email >= 0 && v[FI.email]) return v[FI.email];
  return "";
}
function click(node) { node.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, view: window })); }
function debounce(f, ms) { var h; return function () { clearTimeout(h); h = setTimeout(f, ms); }; }
function levelOf(p, c) { return D.p_lv[p * NC + c]; }
var LIN_ALPHA = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function linNum(s, i) { var c = s.charCodeAt(i); return (c >= 0x100 ? c - 0x100 : LIN_ALPHA.indexOf(s.charAt(i))) - 1; }
// lineage of golden g, field fi: member record (-1 none), rule index, alternatives.
function lin(g, fi) {
  var s = D.g_lin[g], pos = linNum(s, 3 * fi);
  return { rec: pos >= 0 ? D.g_recs[g][pos] : -1, rule: linNum(s, 3 * fi + 1), alt: linNum(s, 3 * fi + 2) };
}

// Character differences: longest common subsequence of code points; the
// characters outside it are marked. Long values are compared as a whole.
function diffNodes(a, b) {
  var A = Array.from(a), B = Array.from(b);
  var ma = [], mb = [], i, j;
  if (a === b) return [text(A, null), text(B, null)];
  if (A.length * B.length > 40000) return [markAll(a), markAll(b)];
  var n = A.length, m = B.length, L = new Array((n + 1) * (m + 1)).fill(0);
  for (i = n - 1; i >= 0; i--) for (j = m - 1; j >= 0; j--)
    L[i * (m + 1) + j] = A[i] === B[j] ? L[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(L[(i + 1) * (m + 1) + j], L[i * (m + 1) + j + 1]);
  for (i = 0; i < n; i++) ma.push(true);
  for (j = 0; j < m; j++) mb.push(true);
  i = 0; j = 0;
  while (i < n && j < m) {
    if (A[i] === B[j]) { ma[i] = false; mb[j] = false; i++; j++; }
    else if (L[(i + 1) * (m + 1) + j] >= L[i * (m + 1) + j + 1]) i++; else j++;
  }
  return [text(A, ma), text(B, mb)];
  function markAll(s) { var f = document.createDocumentFragment(); if (s) f.appendChild(el("mark", null, s)); return f; }
  function text(chars, marks) {
    var f = document.createDocumentFragment(), run = "", on = false;
    for (var k = 0; k <= chars.length; k++) {
      var mk = k < chars.length && marks ? marks[k] : false;
      if (k === chars.length || mk !== on) {
        if (run) f.appendChild(on ? el("mark", null, run) : document.createTextNode(run));
        run = ""; on = mk;
      }
      if (k < chars.length) run += chars[k];
    }
    return f;
  }
}

// ---------- per-record values (records.csv, optional) ----------
var recVals = null; // "source:id" -> {field: value}
if (D.records && D.records.header) {
  recVals = {};
  var h = D.records.header, si = h.indexOf("source"), ii = h.indexOf("record_id");
  if (si >= 0 && ii >= 0) D.records.rows.forEach(function (r) {
    var o = {};
    h.forEach(function (name, k) { if (k !== si && k !== ii) o[name] = r[k]; });
    recVals[r[si] + ":" + r[ii]] = o;
  }); else recVals = null;
}

// ---------- tabs ----------
var main = document.getElementById("main");
clear(main);
var tabs = [["summary", "Summary", null], ["weights", "Match weights", D.hist.total],
  ["clusters", "Clusters", NG], ["pairs", "Pairs", NP]];
if (D.review) tabs.push(["review", "Review", D.review.total]);
if (D.rejects && D.rejects.total) tabs.push(["rejects", "Rejects", D.rejects.total]);
var nav = document.getElementById("tabs"), sections = {}, tabButtons = {};
tabs.forEach(function (t) {
  var b = el("button", { type: "button", role: "tab", "aria-selected": "false", "data-tab": t[0], id: "tabbtn-" + t[0] }, t[1],
    t[2] !== null ? el("span", { "class": "count" }, fmtInt(t[2])) : null);
  b.addEventListener("click", function () { showTab(t[0]); });
  nav.appendChild(b); tabButtons[t[0]] = b;
  var s = el("section", { "class": "tab", id: "tab-" + t[0], role: "tabpanel", hidden: "" });
  main.appendChild(s); sections[t[0]] = s;
});
function showTab(name) {
  for (var k in sections) {
    if (k === name) sections[k].removeAttribute("hidden"); else sections[k].setAttribute("hidden", "");
    tabButtons[k].setAttribute("aria-selected", k === name ? "true" : "false");
  }
}

var srcNames = (S.sources || []).map(function (s) { return s.name; });
document.getElementById("subtitle").textContent = fmtInt((S.counts || {}).read || 0) + " rows from " +
  srcNames.length + " sources (" + srcNames.join(", ") + ") \u00b7 threshold p \u2265 " + S.threshold +
  " (" + fmtW(D.threshold_weight) + " bits)";

// ---------- summary ----------
(function () {
  var s = sections.summary, c = S.counts || {};
  var stats = el("div", { "class": "stats" });
  [["read", "rows read"], ["accepted", "accepted"], ["rejected", "rejected"], ["golden", "golden records"],
   ["clusters", "clusters (2+)"], ["compared", "pairs compared"], ["matched", "pairs matched"]].forEach(function (k) {
    stats.appendChild(el("div", { "class": "stat" }, el("div", { "class": "v" }, fmtInt(c[k[0]] || 0)), el("div", { "class": "k" }, k[1])));
  });
  stats.appendChild(el("div", { "class": "stat" }, el("div", { "class": "v" }, fmtInt(S.largest_cluster || 0)), el("div", { "class": "k" }, "largest cluster")));
  s.appendChild(stats);

  var st = el("table", null, el("thead", null, el("tr", null, ["source", "file", "encoding", "delimiter", "rows", "accepted", "rejected", "id column", "priority", "region", "dates", "mapped columns"].map(function (h, i) {
    return el("th", { "class": i >= 4 && i <= 6 ? "num" : null }, h); }))));
  var sb = el("tbody");
  (S.sources || []).forEach(function (x) {
    var map = Object.keys(x.mapping || {}).sort().map(function (f) { return f + " \u2190 " + x.mapping[f]; }).join("; ");
    sb.appendChild(el("tr", null, el("td", null, el("b", null, x.name)), el("td", { "class": "mono" }, x.file), el("td", null, x.encoding),
      el("td", null, x.delimiter), el("td", { "class": "num" }, fmtInt(x.rows)), el("td", { "class": "num" }, fmtInt(x.accepted)),
      el("td", { "class": "num" }, fmtInt(x.rejected)), el("td", null, x.id_column || "(row number)"), el("td", null, x.priority),
      el("td", null, x.region), el("td", null, x.date_order), el("td", { "class": "muted" }, map)));
  });
  st.appendChild(sb);
  s.appendChild(el("div", { "class": "card" }, el("h2", null, "Sources"), el("div", { "class": "scroll" }, st)));

  var m = S.model || {};
  var grid = el("div", { "class": "grid2" });
  var dl = el("dl", { "class": "kv" });
  function kv(k, v) { dl.appendChild(el("dt", null, k)); dl.appendChild(el("dd", null, v)); }
  kv("threshold", "match probability \u2265 " + S.threshold + ", i.e. total weight \u2265 " + fmtW(D.threshold_weight) + " bits");
  kv("prior (\u03bb)", (m.lambda || 0).toPrecision(4) + " \u2192 prior weight " + fmtW(m.prior_weight || 0) + " bits");
  kv("EM", (m.em_iterations || 0) + " iterations, " + (m.em_converged ? "converged" : "not converged"));
  kv("link only", S.link_only ? "yes (only pairs across sources)" : "no");
  kv("blocks", fmtInt(S.blocks || 0) + (S.oversized_blocks ? " (" + fmtInt(S.oversized_blocks) + " oversized)" : ""));
  kv("links refused by cluster cap", fmtInt(S.links_refused_by_cluster_cap || 0));
  var chk = weightCheck();
  kv("total weight", el("span", null, "prior weight + sum of the comparison weights; probability = 2^w / (1 + 2^w). ",
    el("span", { "class": "muted" }, chk)));
  var sizes = el("table", null, el("thead", null, el("tr", null, el("th", null, "members"), el("th", { "class": "num" }, "golden records"), el("th", null, ""))));
  var sz = S.cluster_sizes || {}, keys = Object.keys(sz).sort(function (a, b) { return (parseInt(a.replace(">", ""), 10) + (a[0] === ">" ? 0.5 : 0)) - (parseInt(b.replace(">", ""), 10) + (b[0] === ">" ? 0.5 : 0)); });
  var mx = 1; keys.forEach(function (k) { mx = Math.max(mx, sz[k]); });
  var szb = el("tbody");
  keys.forEach(function (k) {
    var bar = el("div", { "class": "sizebar" }); bar.style.width = Math.max(0.5, 100 * Math.log(1 + sz[k]) / Math.log(1 + mx)) + "%";
    szb.appendChild(el("tr", null, el("td", null, k), el("td", { "class": "num" }, fmtInt(sz[k])), el("td", { "class": "barcell" }, bar)));
  });
  sizes.appendChild(szb);
  grid.appendChild(el("div", { "class": "card" }, el("h2", null, "Run"), dl));
  grid.appendChild(el("div", { "class": "card" }, el("h2", null, "Cluster sizes"), sizes, el("p", { "class": "muted" }, "Bar length on a log scale.")));
  s.appendChild(grid);

  var mt = el("table", null, el("thead", null, el("tr", null, ["comparison", "level", "m", "u", "weight (bits)", ""].map(function (h, i) {
    return el("th", { "class": i >= 2 && i <= 4 ? "num" : null }, h); }))));
  var mb = el("tbody"), wmax = 1;
  (m.comparisons || []).forEach(function (c) { c.levels.forEach(function (l) { wmax = Math.max(wmax, Math.abs(l.weight)); }); });
  (m.comparisons || []).forEach(function (c) {
    c.levels.forEach(function (l, i) {
      mb.appendChild(el("tr", null, el("td", null, i === 0 ? el("b", null, c.name) : ""), el("td", null, l.label),
        el("td", { "class": "num" }, l.m.toPrecision(3)), el("td", { "class": "num" }, l.u.toPrecision(3)),
        el("td", { "class": "num " + sign(l.weight) }, fmtW(l.weight)), el("td", { "class": "barcell" }, weightBar(l.weight, wmax))));
    });
  });
  mt.appendChild(mb);
  s.appendChild(el("div", { "class": "card" }, el("h2", null, "Fitted model"),
    el("p", { "class": "muted" }, "m = P(level | same customer), u = P(level | different customers), weight = log2(m/u). Exact agreements on names, street, city and postcode are further adjusted per pair for how common the value is; a missing value weighs 0."),
    el("div", { "class": "scroll" }, mt)));

  var tt = S.timings_ms || {}, tk = Object.keys(tt).sort();
  var tb = el("tbody");
  tk.forEach(function (k) { tb.appendChild(el("tr", null, el("td", null, k), el("td", { "class": "num" }, fmtN(tt[k], 1) + " ms"))); });
  var om = D.omitted, notes = [];
  if (om.singletons) notes.push(fmtInt(om.singletons) + " single-record golden records without any scored pair are not listed (see golden.csv).");
  if (om.goldens) notes.push(fmtInt(om.goldens) + " further golden records (" + fmtInt(om.records) + " records) are over the report's limit and not listed.");
  if (om.pairs) notes.push(fmtInt(om.pairs) + " pairs are not embedded (over the limit: the pairs farthest from the threshold are left out); the histogram counts all of them.");
  s.appendChild(el("div", { "class": "grid2" },
    el("div", { "class": "card" }, el("h2", null, "Time per stage"), el("table", null, tb)),
    el("div", { "class": "card" }, el("h2", null, "About this report"),
      el("p", null, "Click a cluster, then a pair, to see the weight of every comparison as a waterfall. Links of the form #cluster=<golden id>&pair=<pairs.csv row> open one directly."),
      notes.map(function (n) { return el("p", { "class": "note warn" }, n); }),
      recVals ? null : el("p", { "class": "muted" }, "Member columns show the values each record supplied to the golden record (from lineage.csv); the raw value of every member is not among the outputs."))));
})();

function weightCheck() {
  var prior = (S.model || {}).prior_weight || 0, worst = 0;
  for (var p = 0; p < NP; p++) {
    var t = prior;
    for (var c = 0; c < NC; c++) t += D.lv_w[levelOf(p, c)];
    worst = Math.max(worst, Math.abs(t - D.p_w[p]));
  }
  return "Checked on " + fmtInt(NP) + " pairs: largest difference " + worst.toFixed(4) + " bits" + (worst < 0.01 ? " (rounding)." : ".");
}
function weightBar(w, wmax) {
  var W = 160, H = 12, mid = W / 2, len = Math.abs(w) / wmax * (W / 2 - 2);
  var g = svg("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, "aria-hidden": "true" });
  g.appendChild(svg("line", { x1: mid, x2: mid, y1: 0, y2: H, "class": "axis" }));
  g.appendChild(svg("rect", { x: w < 0 ? mid - len : mid, y: 2, width: Math.max(len, 0.5), height: H - 4, "class": w < 0 ? "bar-neg" : "bar-pos" }));
  return g;
}

// ---------- histogram ----------
var histLog = false;
var pairFilter = { q: "", kind: "all", lo: null, hi: null, sort: "file" };
function renderHist() {
  var s = clear(sections.weights), H = D.hist, n = H.match.length;
  var box = el("div", { "class": "card" });
  var logBox = el("input", { type: "checkbox", id: "histlog" });
  logBox.checked = histLog;
  logBox.addEventListener("change", function () { histLog = logBox.checked; renderHist(); });
  box.appendChild(el("div", { "class": "pairhead" }, el("h2", null, "Match-weight distribution"),
    el("span", { "class": "legend" }, el("span", null, el("span", { "class": "sw sw-m" }), "linked"), el("span", null, el("span", { "class": "sw sw-n" }), "not linked"),
      el("span", null, el("span", { "class": "sw sw-t" }), "threshold"), el("label", null, logBox, " log scale"))));
  if (!n) { box.appendChild(el("p", { "class": "empty" }, "No scored pairs.")); s.appendChild(box); return; }
  var W = 1100, Hh = 320, L = 56, R = 16, T = 18, B = 46, pw = W - L - R, ph = Hh - T - B;
  var lo = H.lo, hi = H.lo + n * H.width, maxc = 1;
  for (var i = 0; i < n; i++) maxc = Math.max(maxc, H.match[i] + H.non_match[i]);
  function y(v) { var f = histLog ? Math.log10(1 + v) / Math.log10(1 + maxc) : v / maxc; return T + ph - f * ph; }
  function x(w) { return L + (w - lo) / (hi - lo) * pw; }
  var g = svg("svg", { viewBox: "0 0 " + W + " " + Hh, "class": "chart", id: "histogram", role: "img", "aria-label": "Histogram of match weights" });
  var ticks = histLog ? [1, 10, 100, 1000, 10000, 100000, 1000000].filter(function (v) { return v <= maxc; }) : niceTicks(0, maxc, 5);
  ticks.forEach(function (v) {
    g.appendChild(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), "class": "grid" }));
    g.appendChild(svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "class": "lbl" }, fmtInt(v)));
  });
  niceTicks(lo, hi, 12).forEach(function (v) {
    g.appendChild(svg("line", { x1: x(v), x2: x(v), y1: T + ph, y2: T + ph + 4, "class": "axis" }));
    g.appendChild(svg("text", { x: x(v), y: T + ph + 17, "text-anchor": "middle", "class": "lbl" }, fmtN(v, 0)));
  });
  g.appendChild(svg("text", { x: L + pw / 2, y: Hh - 6, "text-anchor": "middle", "class": "lbl" }, "total match weight (bits)"));
  g.appendChild(svg("line", { x1: L, x2: W - R, y1: T + ph, y2: T + ph, "class": "axis" }));
  var bw = pw / n;
  for (i = 0; i < n; i++) {
    var a = H.lo + i * H.width, m = H.match[i], u = H.non_match[i];
    if (!m && !u) continue;
    var grp = svg("g", { "class": "hbin", "data-lo": a, "data-hi": a + H.width });
    var yTop = y(m + u), yM = y(m);
    if (u) grp.appendChild(svg("rect", { x: x(a) + 0.5, y: yTop, width: Math.max(bw - 1, 0.5), height: Math.max(yM - yTop, 1), "class": "bar-n" }));
    if (m) grp.appendChild(svg("rect", { x: x(a) + 0.5, y: yM, width: Math.max(bw - 1, 0.5), height: Math.max(T + ph - yM, 1), "class": "bar-m" }));
    grp.appendChild(svg("title", null, "weight " + fmtN(a, 1) + " to " + fmtN(a + H.width, 1) + ": " + fmtInt(m) + " linked, " + fmtInt(u) + " not linked. Click to list them."));
    grp.addEventListener("click", (function (a0) { return function () {
      pairFilter.lo = a0; pairFilter.hi = a0 + H.width; pairFilter.kind = "all"; pairFilter.q = ""; renderPairs(); showTab("pairs"); }; })(a));
    g.appendChild(grp);
  }
  var tx = x(Math.min(Math.max(D.threshold_weight, lo), hi));
  g.appendChild(svg("line", { x1: tx, x2: tx, y1: T - 6, y2: T + ph, "class": "thr", id: "threshold-line" }));
  g.appendChild(svg("text", { x: tx + 5, y: T + 4, "class": "thr-l" }, "threshold p = " + S.threshold + " (" + fmtW(D.threshold_weight) + ")"));
  box.appendChild(g);
  var below = 0, above = 0;
  for (i = 0; i < n; i++) { if (H.lo + (i + 0.5) * H.width < D.threshold_weight) below += H.match[i] + H.non_match[i]; else above += H.match[i] + H.non_match[i]; }
  box.appendChild(el("p", { "class": "muted" }, fmtInt(H.total) + " scored pairs with probability \u2265 0.01 (pairs.csv), in bins of " + H.width +
    " bit" + (H.width === 1 ? "" : "s") + ": about " + fmtInt(above) + " at or above the threshold, " + fmtInt(below) +
    " below. A pair above the threshold can stay unlinked when a rule refuses it (see its conflict). Click a bar to list its pairs."));
  s.appendChild(box);
}
function niceTicks(a, b, k) {
  var span = b - a; if (span <= 0) return [a];
  var step = Math.pow(10, Math.floor(Math.log10(span / k))), r = span / k / step;
  step *= r >= 5 ? 5 : r >= 2 ? 2 : 1;
  var out = [];
  for (var v = Math.ceil(a / step) * step; v <= b + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

// ---------- waterfall ----------
function renderPair(p, box) {
  clear(box);
  var a = D.p_a[p], b = D.p_b[p], prior = (S.model || {}).prior_weight || 0;
  var head = el("div", { "class": "pairhead" },
    el("span", { "class": "big" }, recLabel(a), " \u2194 ", recLabel(b)),
    el("span", { "class": "badge " + (D.p_m[p] ? "b-match" : "b-non") }, D.p_m[p] ? "linked" : "not linked"),
    D.p_conf[p] ? el("span", { "class": "badge b-conf" }, "refused: " + D.conflicts[D.p_conf[p]]) : null,
    el("span", { "class": "muted" }, "pairs.csv row " + D.p_row[p]));
  box.appendChild(head);
  var ga = D.rec_gold[a], gb = D.rec_gold[b];
  box.appendChild(el("p", { "class": "muted" }, "total weight " + fmtW(D.p_w[p]) + " bits \u2192 probability " + fmtP(D.p_p[p]) +
    " (threshold " + S.threshold + "); golden records ", goLink(ga), ga === gb ? " (same)" : [" and ", goLink(gb)]));
  var steps = [{ name: "prior", level: "", w: prior, kind: "prior" }];
  for (var c = 0; c < NC; c++) {
    var lv = levelOf(p, c);
    steps.push({ name: D.comps[c], level: D.lv_label[lv], w: D.lv_w[lv], model: D.lv_model[lv], kind: "comp" });
  }
  var total = 0; steps.forEach(function (s) { total += s.w; });
  box.appendChild(waterfall(steps, total, p));
  var ul = el("ul", { "class": "explain" });
  steps.forEach(function (s) {
    var note = null;
    if (s.kind === "prior") note = "how rare a match is among all pairs (\u03bb = " + ((S.model || {}).lambda || 0).toPrecision(3) + ")";
    else if (s.level === "missing") note = "a value is missing: no evidence";
    else if (s.model !== null && s.model !== undefined && Math.abs(s.model - s.w) > 0.005)
      note = "model " + fmtW(s.model) + (s.level === "exact" ? ", adjusted by " + fmtW(s.w - s.model) + " for how common the value is" : ", this pair " + fmtW(s.w - s.model));
    ul.appendChild(el("li", null, el("span", null, el("b", null, s.name), s.level ? " " + s.level : ""),
      note ? el("span", { "class": "muted" }, note) : null, el("span", { "class": "w " + sign(s.w) }, fmtW(s.w))));
  });
  ul.appendChild(el("li", { "class": "total" }, el("span", null, "= total"),
    el("span", { "class": "muted" }, Math.abs(total - D.p_w[p]) > 0.0005 ? "sum " + fmtN(total, 3) + ", pairs.csv " + fmtN(D.p_w[p], 3) + " (rounding)" : ""),
    el("span", { "class": "w " + sign(total) }, fmtW(total))));
  box.appendChild(ul);
  if (recVals) {
    var va = recVals[recLabel(a)], vb = recVals[recLabel(b)];
    if (va || vb) {
      var t = el("table", null, el("thead", null, el("tr", null, el("th", null, "field"), el("th", null, recLabel(a)), el("th", null, recLabel(b)))));
      var tb = el("tbody");
      var names = Object.keys(va || vb);
      names.forEach(function (f) {
        var x = (va || {})[f] || "", y = (vb || {})[f] || "";
        if (!x && !y) return;
        var d = diffNodes(x, y);
        tb.appendChild(el("tr", null, el("td", null, f), el("td", null, d[0]), el("td", null, d[1])));
      });
      t.appendChild(tb);
      box.appendChild(el("h3", null, "Values"));
      box.appendChild(el("div", { "class": "scroll" }, t));
    }
  }
}
function goLink(g) {
  var b = el("button", { type: "button", "class": "link" }, D.g_id[g]);
  b.addEventListener("click", function () { openCluster(g); });
  return b;
}
function waterfall(steps, total, p) {
  var n = steps.length + 1, colW = 88, L = 52, R = 12, T = 26, B = 64, ph = 250;
  var W = L + R + n * colW, Hh = T + ph + B;
  var cum = 0, lo = Math.min(0, D.threshold_weight), hi = Math.max(0, D.threshold_weight);
  steps.forEach(function (s) { lo = Math.min(lo, cum, cum + s.w); hi = Math.max(hi, cum, cum + s.w); cum += s.w; });
  lo = Math.min(lo, total); hi = Math.max(hi, total);
  var pad = (hi - lo) * 0.06 + 0.5; lo -= pad; hi += pad;
  function y(v) { return T + (hi - v) / (hi - lo) * ph; }
  var g = svg("svg", { viewBox: "0 0 " + W + " " + Hh, "class": "chart waterfall", id: "waterfall", "data-pair-row": D.p_row[p], role: "img",
    "aria-label": "Waterfall of match weights" });
  g.style.maxWidth = W + "px";
  niceTicks(lo, hi, 6).forEach(function (v) {
    g.appendChild(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), "class": "grid" }));
    g.appendChild(svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "class": "lbl" }, fmtN(v, 0)));
  });
  g.appendChild(svg("line", { x1: L, x2: W - R, y1: y(0), y2: y(0), "class": "axis" }));
  var bw = colW * 0.64;
  cum = 0;
  steps.concat([{ name: "total", level: "", w: total, kind: "total" }]).forEach(function (s, i) {
    var x0 = L + i * colW + (colW - bw) / 2, from = s.kind === "total" ? 0 : cum, to = s.kind === "total" ? total : cum + s.w;
    var cls = s.kind === "prior" ? "bar-prior" : s.kind === "total" ? "bar-total" : "bar-" + sign(s.w);
    var r = svg("rect", { x: x0, y: Math.min(y(from), y(to)), width: bw, height: Math.max(Math.abs(y(from) - y(to)), 1.5), "class": cls, "data-step": s.name });
    r.appendChild(svg("title", null, s.name + (s.level ? " " + s.level : "") + ": " + fmtW(s.w) + " (running total " + fmtW(to) + ")"));
    g.appendChild(r);
    if (i > 0 && s.kind !== "total") g.appendChild(svg("line", { x1: x0 - (colW - bw), x2: x0, y1: y(from), y2: y(from), "class": "conn" }));
    if (s.kind === "total") g.appendChild(svg("line", { x1: x0 - (colW - bw), x2: x0 + bw, y1: y(total), y2: y(total), "class": "conn" }));
    var up = s.kind === "total" ? total >= 0 : s.w >= 0, vy = up ? Math.min(y(from), y(to)) - 5 : Math.max(y(from), y(to)) + 13;
    g.appendChild(svg("text", { x: x0 + bw / 2, y: vy, "text-anchor": "middle", "class": "lbl-b" }, fmtW(s.kind === "total" ? total : s.w)));
    g.appendChild(svg("text", { x: x0 + bw / 2, y: T + ph + 18, "text-anchor": "middle", "class": "lbl-b" }, short(s.name, 14)));
    if (s.level) g.appendChild(svg("text", { x: x0 + bw / 2, y: T + ph + 33, "text-anchor": "middle", "class": "lbl" }, short(s.level, 15)));
    cum = s.kind === "total" ? cum : cum + s.w;
  });
  var ty = y(D.threshold_weight);
  g.appendChild(svg("line", { x1: L, x2: W - R, y1: ty, y2: ty, "class": "thr" }));
  g.appendChild(svg("text", { x: L + 4, y: ty - 5, "class": "thr-l" }, "threshold " + fmtW(D.threshold_weight)));
  return el("div", { "class": "scroll" }, g);
}
function short(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }

// ---------- clusters ----------
var searchText = null; // lazily built per golden record
function gSearch(g) {
  if (!searchText) {
    searchText = new Array(NG);
    for (var i = 0; i < NG; i++) {
      var parts = [D.g_id[i], gName(i)];
      if (FI.email >= 0) parts.push(D.g_vals[i][FI.email]);
      D.g_recs[i].forEach(function (r) { parts.push(recLabel(r)); });
      searchText[i] = parts.join("\n").toLowerCase();
    }
  }
  return searchText[g];
}
var cl = { q: "", size: "all", page: 0, list: null, sel: -1 };
var clList, clDetail, clInfo, clSearch;
(function () {
  var s = sections.clusters;
  clSearch = el("input", { type: "search", id: "cluster-search", placeholder: "Search golden id, source:id, name, e-mail", "aria-label": "Search clusters" });
  var size = el("select", { id: "cluster-size", "aria-label": "Cluster size" }, el("option", { value: "all" }, "all listed"),
    el("option", { value: "multi" }, "2 or more members"), el("option", { value: "single" }, "single records with a scored pair"));
  clInfo = el("span", { "class": "muted" });
  var run = function () { cl.q = clSearch.value.trim().toLowerCase(); cl.size = size.value; cl.page = 0; cl.list = null; renderClusterList(); };
  clSearch.addEventListener("input", debounce(run, 180));
  size.addEventListener("change", run);
  s.appendChild(el("div", { "class": "toolbar" }, clSearch, size, clInfo));
  clList = el("div", { "class": "card", id: "cluster-list" });
  clDetail = el("div", { "class": "card", id: "cluster-detail" }, el("p", { "class": "empty" }, "Select a cluster to see its members, the pairs that joined them and why."));
  s.appendChild(el("div", { "class": "split" }, clList, clDetail));
})();
function clusterMatches() {
  if (cl.list) return cl.list;
  var out = [];
  for (var g = 0; g < NG; g++) {
    var n = D.g_recs[g].length;
    if (cl.size === "multi" && n < 2) continue;
    if (cl.size === "single" && n !== 1) continue;
    if (cl.q && gSearch(g).indexOf(cl.q) < 0) continue;
    out.push(g);
  }
  cl.list = out;
  return out;
}
function renderClusterList() {
  var list = clusterMatches(), pages = Math.max(1, Math.ceil(list.length / PAGE));
  cl.page = Math.min(cl.page, pages - 1);
  clInfo.textContent = fmtInt(list.length) + " of " + fmtInt(NG) + " golden records";
  clear(clList);
  if (!list.length) { clList.appendChild(el("p", { "class": "empty" }, "No cluster matches.")); return; }
  var t = el("table", null, el("thead", null, el("tr", null, el("th", null, "golden id"), el("th", { "class": "num" }, "size"), el("th", null, "name"), el("th", null, "sources"))));
  var tb = el("tbody");
  list.slice(cl.page * PAGE, cl.page * PAGE + PAGE).forEach(function (g) {
    var tr = el("tr", { "class": "click" + (g === cl.sel ? " sel" : ""), "data-gid": D.g_id[g], tabindex: "0" },
      el("td", { "class": "mono" }, D.g_id[g]), el("td", { "class": "num" }, D.g_recs[g].length), el("td", null, gName(g)),
      el("td", { "class": "muted" }, D.g_sources[g]));
    tr.addEventListener("click", function () { selectCluster(g, tr); });
    tr.addEventListener("keydown", function (e) { if (e.key === "Enter") click(tr); });
    tb.appendChild(tr);
  });
  t.appendChild(tb);
  clList.appendChild(t);
  clList.appendChild(pager(cl.page, pages, function (pg) { cl.page = pg; renderClusterList(); }));
}
function pager(page, pages, go) {
  var prev = el("button", { type: "button", "class": "btn" }, "\u2039 prev"), next = el("button", { type: "button", "class": "btn" }, "next \u203a");
  prev.disabled = page <= 0; next.disabled = page >= pages - 1;
  prev.addEventListener("click", function () { go(page - 1); });
  next.addEventListener("click", function () { go(page + 1); });
  return el("div", { "class": "pager" }, prev, "page " + fmtInt(page + 1) + " of " + fmtInt(pages), next);
}
function openCluster(g) {
  showTab("clusters");
  clSearch.value = D.g_id[g];
  cl.q = D.g_id[g].toLowerCase(); cl.page = 0; cl.list = null; renderClusterList();
  var tr = clList.querySelector("tr[data-gid]");
  if (tr) click(tr);
}
function selectCluster(g, tr) {
  cl.sel = g;
  var old = clList.querySelectorAll("tr.sel");
  for (var i = 0; i < old.length; i++) old[i].classList.remove("sel");
  if (tr) tr.classList.add("sel");
  history.replaceState(null, "", "#cluster=" + encodeURIComponent(D.g_id[g]));
  var d = clear(clDetail), recs = D.g_recs[g];
  d.appendChild(el("div", { "class": "pairhead" }, el("h2", { id: "cluster-title" }, gName(g) || D.g_id[g]),
    el("span", { "class": "mono muted" }, D.g_id[g]), el("span", { "class": "badge b-match" }, recs.length + (recs.length === 1 ? " record" : " records"))));
  // Pairs.
  var ps = D.g_pairs[g].slice().sort(function (x, y) {
    var ix = D.rec_gold[D.p_a[x]] === D.rec_gold[D.p_b[x]] ? 0 : 1, iy = D.rec_gold[D.p_a[y]] === D.rec_gold[D.p_b[y]] ? 0 : 1;
    return ix - iy || D.p_w[y] - D.p_w[x] || x - y; });
  d.appendChild(el("h3", null, "Scored pairs (" + ps.length + ")"));
  var wf = el("div", { id: "pair-detail" });
  if (!ps.length) d.appendChild(el("p", { "class": "empty" }, "No scored pair with probability \u2265 0.01 involves this record."));
  else {
    d.appendChild(el("div", { "class": "scroll" }, pairTable(ps, wf, g)));
    d.appendChild(el("p", { "class": "muted" }, "Click a pair for its waterfall. Pairs to records outside this cluster are near misses."));
  }
  d.appendChild(wf);
  // Members side by side.
  var hr = el("tr", null, el("th", null, "field"), el("th", null, "golden value"));
  recs.forEach(function (r) { hr.appendChild(el("th", null, recLabel(r))); });
  var tb = el("tbody");
  D.fields.forEach(function (f, fi) {
    var v = D.g_vals[g][fi], ln = lin(g, fi), src = ln.rec, rule = ln.rule, alt = ln.alt;
    var mv = recs.map(function (r) { var o = recVals ? recVals[recLabel(r)] : null; return o && o[f] ? o[f] : ""; });
    if (!v && mv.every(function (x) { return !x; })) return;
    var tr = el("tr", null, el("td", null, el("b", null, f)), el("td", null, v,
      rule >= 0 ? el("span", { "class": "rule" }, D.rules[rule] + (alt > 1 ? " \u00b7 " + alt + " distinct values" : "")) : null));
    recs.forEach(function (r, k) {
      if (mv[k]) {
        var dn = v ? diffNodes(v, mv[k])[1] : mv[k];
        tr.appendChild(el("td", { "class": r === src ? "chosen" : null }, dn));
      } else if (r === src) tr.appendChild(el("td", { "class": "chosen", title: "this record supplied the golden value" }, v));
      else tr.appendChild(el("td", { "class": "absent" }, "\u00b7"));
    });
    tb.appendChild(tr);
  });
  d.appendChild(el("h3", null, "Members side by side"));
  d.appendChild(el("div", { "class": "scroll" }, el("table", { id: "members" }, el("thead", null, hr), tb)));
  d.appendChild(el("p", { "class": "muted" }, recVals ? "Member values from records.csv; characters that differ from the golden value are highlighted; \u2713 marks the record that supplied it." :
    "\u2713 marks the record that supplied each golden value (lineage.csv); the raw values of the other members are not among the outputs, so \u00b7 means \u201cnot chosen or empty\u201d. How each pair compared is shown below."));
}
function pairTable(ps, wf, g) {
  var t = el("table", { "class": "pairs" }, el("thead", null, el("tr", null, el("th", { "class": "num" }, "row"), el("th", null, "record a"), el("th", null, "record b"),
    el("th", { "class": "num" }, "weight"), el("th", { "class": "num" }, "probability"), el("th", null, "result"), el("th", null, "comparisons"))));
  var tb = el("tbody");
  ps.forEach(function (p) {
    var chips = el("td");
    for (var c = 0; c < NC; c++) {
      var lv = levelOf(p, c);
      if (D.lv_label[lv] === "missing") continue;
      chips.appendChild(el("span", { "class": "chip c-" + sign(D.lv_w[lv]), title: D.comps[c] + " " + D.lv_label[lv] + " " + fmtW(D.lv_w[lv]) }, D.comps[c] + " " + D.lv_label[lv]));
    }
    var out = g !== undefined && D.rec_gold[D.p_a[p]] !== D.rec_gold[D.p_b[p]];
    var tr = el("tr", { "class": "click", "data-pair": D.p_row[p], tabindex: "0" }, el("td", { "class": "num muted" }, D.p_row[p]),
      el("td", null, recLabel(D.p_a[p])), el("td", null, recLabel(D.p_b[p])), el("td", { "class": "num " + sign(D.p_w[p]) }, fmtW(D.p_w[p])),
      el("td", { "class": "num" }, fmtP(D.p_p[p])),
      el("td", null, el("span", { "class": "badge " + (D.p_m[p] ? "b-match" : "b-non") }, D.p_m[p] ? "linked" : out ? "other cluster" : "not linked"),
        D.p_conf[p] ? el("span", { "class": "badge b-conf", title: D.conflicts[D.p_conf[p]] }, "refused") : null), chips);
    tr.addEventListener("click", function (ev) {
      var old = tb.querySelectorAll("tr.sel");
      for (var i = 0; i < old.length; i++) old[i].classList.remove("sel");
      tr.classList.add("sel");
      renderPair(p, wf);
      // Scroll for a person's click; deep links (synthetic clicks) keep the page top.
      if (ev && ev.isTrusted && wf.scrollIntoView) wf.scrollIntoView({ block: "nearest" });
      var h = g !== undefined ? "#cluster=" + encodeURIComponent(D.g_id[g]) + "&pair=" + D.p_row[p] : "#pair=" + D.p_row[p];
      history.replaceState(null, "", h);
    });
    tr.addEventListener("keydown", function (e) { if (e.key === "Enter") click(tr); });
    tb.appendChild(tr);
  });
  t.appendChild(tb);
  return t;
}

// ---------- pairs ----------
var pr = { page: 0, list: null };
var prBox, prInfo, prWf, prCtl = {};
(function () {
  var s = sections.pairs;
  prCtl.q = el("input", { type: "search", id: "pair-search", placeholder: "Search source:id or golden id", "aria-label": "Search pairs" });
  prCtl.kind = el("select", { id: "pair-kind", "aria-label": "Result" }, el("option", { value: "all" }, "all results"), el("option", { value: "match" }, "linked"),
    el("option", { value: "non" }, "not linked"), el("option", { value: "conflict" }, "refused by a rule"));
  prCtl.lo = el("input", { type: "number", step: "any", placeholder: "min weight", "aria-label": "Minimum weight" });
  prCtl.hi = el("input", { type: "number", step: "any", placeholder: "max weight", "aria-label": "Maximum weight" });
  prCtl.sort = el("select", { id: "pair-sort", "aria-label": "Order" }, el("option", { value: "file" }, "pairs.csv order"), el("option", { value: "near" }, "nearest the threshold"),
    el("option", { value: "desc" }, "highest weight"), el("option", { value: "asc" }, "lowest weight"));
  prInfo = el("span", { "class": "muted" });
  var read = function () {
    pairFilter.q = prCtl.q.value.trim().toLowerCase(); pairFilter.kind = prCtl.kind.value; pairFilter.sort = prCtl.sort.value;
    pairFilter.lo = prCtl.lo.value === "" ? null : Number(prCtl.lo.value); pairFilter.hi = prCtl.hi.value === "" ? null : Number(prCtl.hi.value);
    pr.page = 0; renderPairs();
  };
  prCtl.q.addEventListener("input", debounce(read, 180));
  [prCtl.kind, prCtl.sort].forEach(function (e) { e.addEventListener("change", read); });
  [prCtl.lo, prCtl.hi].forEach(function (e) { e.addEventListener("input", debounce(read, 250)); });
  s.appendChild(el("div", { "class": "toolbar" }, prCtl.q, prCtl.kind, prCtl.lo, prCtl.hi, prCtl.sort, prInfo));
  prBox = el("div", { "class": "card", id: "pair-list" });
  prWf = el("div", { "class": "card", id: "pair-view" }, el("p", { "class": "empty" }, "Click a pair to see its waterfall."));
  s.appendChild(prBox); s.appendChild(prWf);
})();
function renderPairs() {
  prCtl.q.value = pairFilter.q; prCtl.kind.value = pairFilter.kind; prCtl.sort.value = pairFilter.sort;
  prCtl.lo.value = pairFilter.lo === null ? "" : pairFilter.lo; prCtl.hi.value = pairFilter.hi === null ? "" : pairFilter.hi;
  var f = pairFilter, out = [];
  for (var p = 0; p < NP; p++) {
    var w = D.p_w[p];
    if (f.lo !== null && w < f.lo) continue;
    if (f.hi !== null && w >= f.hi) continue;
    if (f.kind === "match" && !D.p_m[p]) continue;
    if (f.kind === "non" && D.p_m[p]) continue;
    if (f.kind === "conflict" && !D.p_conf[p]) continue;
    if (f.q) {
      var a = D.p_a[p], b = D.p_b[p];
      var hay = (recLabel(a) + "\n" + recLabel(b) + "\n" + D.g_id[D.rec_gold[a]] + "\n" + D.g_id[D.rec_gold[b]]).toLowerCase();
      if (hay.indexOf(f.q) < 0) continue;
    }
    out.push(p);
  }
  var tw = D.threshold_weight;
  if (f.sort === "desc") out.sort(function (x, y) { return D.p_w[y] - D.p_w[x] || x - y; });
  if (f.sort === "asc") out.sort(function (x, y) { return D.p_w[x] - D.p_w[y] || x - y; });
  if (f.sort === "near") out.sort(function (x, y) { return Math.abs(D.p_w[x] - tw) - Math.abs(D.p_w[y] - tw) || x - y; });
  pr.list = out;
  var pages = Math.max(1, Math.ceil(out.length / PAGE));
  pr.page = Math.min(pr.page, pages - 1);
  prInfo.textContent = fmtInt(out.length) + " of " + fmtInt(NP) + " pairs";
  clear(prBox);
  if (!out.length) { prBox.appendChild(el("p", { "class": "empty" }, "No pair matches.")); return; }
  prBox.appendChild(el("div", { "class": "scroll" }, pairTable(out.slice(pr.page * PAGE, pr.page * PAGE + PAGE), prWf)));
  prBox.appendChild(pager(pr.page, pages, function (pg) { pr.page = pg; renderPairs(); }));
}

// ---------- generic tables (review, rejects) ----------
function genericTable(name, tb, intro) {
  var s = sections[name], q = el("input", { type: "search", placeholder: "Filter rows", "aria-label": "Filter " + name }), info = el("span", { "class": "muted" });
  var box = el("div", { "class": "card" }), state = { page: 0 };
  // Columns x_a / x_b are shown side by side with differences marked.
  var pairsOf = {};
  tb.header.forEach(function (h, i) { var m = /^(.*)_a$/.exec(h); if (m) { var j = tb.header.indexOf(m[1] + "_b"); if (j >= 0) pairsOf[i] = j; } });
  function draw() {
    var needle = q.value.trim().toLowerCase();
    var rows = tb.rows.filter(function (r) { return !needle || r.join("\n").toLowerCase().indexOf(needle) >= 0; });
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    info.textContent = fmtInt(rows.length) + " rows" + (tb.total > tb.rows.length ? " (first " + fmtInt(tb.rows.length) + " of " + fmtInt(tb.total) + " in the file)" : "");
    clear(box);
    var hr = el("tr"), skip = {};
    for (var k in pairsOf) skip[pairsOf[k]] = true;
    tb.header.forEach(function (h, i) { if (!skip[i]) hr.appendChild(el("th", null, pairsOf[i] !== undefined ? h.slice(0, -2) + " (a | b)" : h)); });
    var body = el("tbody");
    rows.slice(state.page * PAGE, state.page * PAGE + PAGE).forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (v, i) {
        if (skip[i]) return;
        if (pairsOf[i] !== undefined) {
          var d = diffNodes(v, r[pairsOf[i]] || "");
          tr.appendChild(el("td", null, d[0], el("br"), d[1]));
        } else tr.appendChild(el("td", null, v));
      });
      body.appendChild(tr);
    });
    box.appendChild(el("div", { "class": "scroll" }, el("table", null, el("thead", null, hr), body)));
    box.appendChild(pager(state.page, pages, function (pg) { state.page = pg; draw(); }));
  }
  q.addEventListener("input", debounce(function () { state.page = 0; draw(); }, 180));
  s.appendChild(el("p", { "class": "muted" }, intro));
  s.appendChild(el("div", { "class": "toolbar" }, q, info));
  s.appendChild(box);
  draw();
}
if (D.review) genericTable("review", D.review, "Pairs in the uncertain band (review.csv). Values of the two records are shown one above the other with differing characters highlighted; edit the decision column in the file itself.");
if (D.rejects && D.rejects.total) genericTable("rejects", D.rejects, "Input rows that could not be used (rejects.csv).");

// ---------- start ----------
renderHist();
renderClusterList();
renderPairs();
showTab("summary");

// Deep links run the same click handlers as a user.
function route() {
  var h = location.hash.replace(/^#/, ""), q = {};
  h.split("&").forEach(function (kv) { var i = kv.indexOf("="); if (i > 0) { try { q[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { } } });
  if (q.tab && tabButtons[q.tab]) click(tabButtons[q.tab]);
  if (q.cluster !== undefined) {
    var g = D.g_id.indexOf(q.cluster);
    if (g < 0) { showTab("clusters"); clear(clDetail).appendChild(el("p", { "class": "note warn" }, "Golden record " + q.cluster + " is not in this report.")); return; }
    click(tabButtons.clusters);
    clSearch.value = q.cluster; cl.q = q.cluster.toLowerCase(); cl.size = "all"; cl.page = 0; cl.list = null; renderClusterList();
    var tr = clList.querySelector("tr[data-gid=\"" + CSS.escape(q.cluster) + "\"]");
    if (tr) click(tr);
    if (q.pair !== undefined) {
      var pt = clDetail.querySelector("tr[data-pair=\"" + CSS.escape(q.pair) + "\"]");
      if (pt) click(pt); else document.getElementById("pair-detail").appendChild(el("p", { "class": "note warn" }, "Pair " + q.pair + " does not involve this cluster."));
    }
  } else if (q.pair !== undefined) {
    click(tabButtons.pairs);
    var row = Number(q.pair), p = D.p_row.indexOf(row);
    if (p < 0) { clear(prWf).appendChild(el("p", { "class": "note warn" }, "Pair " + q.pair + " is not in this report.")); return; }
    pairFilter.q = ""; pairFilter.kind = "all"; pairFilter.lo = null; pairFilter.hi = null; pairFilter.sort = "file";
    pr.page = Math.floor(p / PAGE); renderPairs();
    var ptr = prBox.querySelector("tr[data-pair=\"" + row + "\"]");
    if (ptr) click(ptr);
  }
}
window.addEventListener("hashchange", route);
route();
document.body.setAttribute("data-ready", "1");
document.body.setAttribute("data-load-ms", String(Math.round(performance.now() - t0)));
document.body.setAttribute("data-nav-ms", String(Math.round(performance.now())));
})();
`
