package report

// pageCSS is the inline style sheet of the page (its hash is in the
// Content-Security-Policy, so it must stay a constant).
const pageCSS = `
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;--accent:#2563a8;--accent-soft:#e3eefb;
--pos:#2f855a;--pos-soft:#e3f4ea;--neg:#c53030;--neg-soft:#fde8e8;--zero:#9aa5b1;--warn:#b7791f;--warn-soft:#fdf3dc;
--mark:#ffe08a;font-size:14px}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);line-height:1.45}
h1{font-size:1.35rem;margin:0}
h2{font-size:1.1rem;margin:0 0 .6rem}
h3{font-size:.95rem;margin:1rem 0 .4rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.muted{color:var(--muted)}
.top{background:#102a43;color:#fff;padding:.8rem 1.5rem 0;position:sticky;top:0;z-index:5;box-shadow:0 1px 3px rgba(0,0,0,.2)}
.top .muted{color:#bcccdc;margin:.1rem 0 0}
.brand{display:flex;gap:.8rem;align-items:center}
.logo{display:inline-flex;width:2.1rem;height:2.1rem;border-radius:.5rem;background:#2563a8;align-items:center;justify-content:center;font-weight:700;font-size:1.2rem}
nav{display:flex;gap:.2rem;margin-top:.6rem;flex-wrap:wrap}
nav button{background:none;border:0;color:#bcccdc;padding:.5rem .9rem;font:inherit;cursor:pointer;border-bottom:3px solid transparent}
nav button:hover{color:#fff}
nav button[aria-selected=true]{color:#fff;border-bottom-color:#63b3ed;font-weight:600}
nav .count{display:inline-block;margin-left:.35rem;padding:0 .4rem;border-radius:.6rem;background:rgba(255,255,255,.15);font-size:.8rem}
main{padding:1.2rem 1.5rem;max-width:1500px;margin:0 auto}
footer{padding:1rem 1.5rem 2rem;max-width:1500px;margin:0 auto;font-size:.85rem}
.tab[hidden]{display:none}
.card{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem 1.2rem;margin-bottom:1rem}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:.7rem;margin-bottom:1rem}
.stat{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.7rem .9rem}
.stat .v{font-size:1.45rem;font-weight:650;font-variant-numeric:tabular-nums}
.stat .k{color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.04em}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}
.split{display:grid;grid-template-columns:minmax(320px,420px) minmax(0,1fr);gap:1rem;align-items:start}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.35rem .55rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f0f4f8;font-weight:600;color:#334e68;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.click{cursor:pointer}
tr.click:hover td{background:var(--accent-soft)}
tr.sel td{background:#cfe2fa !important}
.scroll{overflow:auto}
.toolbar{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap;margin-bottom:.7rem}
input[type=search],input[type=number],select{font:inherit;padding:.35rem .55rem;border:1px solid #bcccdc;border-radius:.35rem;background:#fff}
input[type=search]{min-width:260px}
input[type=number]{width:6.5rem}
button.btn{font:inherit;padding:.3rem .7rem;border:1px solid #bcccdc;border-radius:.35rem;background:#fff;cursor:pointer}
button.btn:disabled{opacity:.45;cursor:default}
.pager{display:flex;gap:.5rem;align-items:center;margin-top:.6rem;color:var(--muted)}
.badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.78rem;font-weight:600;white-space:nowrap}
.b-match{background:var(--pos-soft);color:var(--pos)}
.b-non{background:#edf0f3;color:var(--muted)}
.b-conf{background:var(--warn-soft);color:var(--warn)}
.chip{display:inline-block;margin:.08rem .15rem .08rem 0;padding:0 .35rem;border-radius:.3rem;font-size:.76rem;white-space:nowrap;border:1px solid transparent}
.c-pos{background:var(--pos-soft);color:#22543d}
.c-neg{background:var(--neg-soft);color:#822727}
.c-zero{background:#f0f4f8;color:var(--muted)}
.rule{color:var(--muted);font-size:.78rem;display:block}
.chosen{font-weight:600}
.chosen::before{content:"\2713\00a0";color:var(--pos)}
.absent{color:#bcccdc}
mark{background:var(--mark);color:inherit;border-radius:2px;padding:0 1px}
.note{background:var(--accent-soft);border-left:4px solid var(--accent);padding:.55rem .8rem;border-radius:.3rem;margin:.6rem 0}
.warn{background:var(--warn-soft);border-left-color:var(--warn)}
.explain{margin:.6rem 0 0;padding:0;list-style:none;font-variant-numeric:tabular-nums}
.explain li{display:flex;gap:.6rem;padding:.15rem 0;border-bottom:1px dotted var(--line)}
.explain li .w{margin-left:auto;font-weight:600}
.explain li.total{border-top:2px solid var(--ink);border-bottom:0;font-weight:700}
.pos{color:var(--pos)}.neg{color:var(--neg)}.zero{color:var(--zero)}
svg text{font-family:inherit}
.chart{width:100%;height:auto;display:block}
.bar-m{fill:#2f855a}.bar-n{fill:#9aa5b1}.bar-pos{fill:#48bb78}.bar-neg{fill:#f56565}.bar-zero{fill:#cbd2d9}.bar-prior{fill:#7b8794}.bar-total{fill:#2563a8}
.hbin:hover rect{opacity:.75;cursor:pointer}
.axis{stroke:#9aa5b1;stroke-width:1}.grid{stroke:#e4e7eb;stroke-width:1}
.thr{stroke:#c53030;stroke-width:2;stroke-dasharray:6 4}
.conn{stroke:#7b8794;stroke-width:1;stroke-dasharray:3 3}
.lbl{font-size:11px;fill:#52606d}.lbl-b{font-size:11px;fill:#1f2933;font-weight:600}.thr-l{font-size:11px;fill:#c53030;font-weight:600}
.legend{display:flex;gap:1rem;font-size:.85rem;color:var(--muted);align-items:center}
.sw{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:-1px}
.sw-m{background:#2f855a}.sw-n{background:#9aa5b1}.sw-t{background:#c53030}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
.kv dt{color:var(--muted)}.kv dd{margin:0}
.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86rem}
.empty{color:var(--muted);padding:1rem 0}
.sizebar{height:.6rem;background:var(--accent);border-radius:2px;min-width:1px}
#pair-detail,#pair-view{scroll-margin-top:7rem}
.barcell{width:45%}
.pairhead{display:flex;gap:1rem;align-items:baseline;flex-wrap:wrap}
.pairhead .big{font-size:1.2rem;font-weight:700}
a.link,button.link{color:var(--accent);background:none;border:0;padding:0;font:inherit;cursor:pointer;text-decoration:underline}
@media (max-width:1000px){.split,.grid2{grid-template-columns:1fr}}
@media print{
:root{font-size:11px}
body{background:#fff}
.top{position:static;background:#fff;color:#000;box-shadow:none;padding:0 0 .5rem;border-bottom:2px solid #000}
.top .muted{color:#333}.logo{background:#000}
nav,.toolbar,.pager,footer,#loading{display:none !important}
main{padding:0;max-width:none}
.tab[hidden]{display:block}
.tab{break-before:page}
.tab:first-of-type{break-before:auto}
.card,.stat{border-color:#999;break-inside:avoid}
.split{display:block}
th{position:static}
tr.click:hover td{background:none}
.scroll{overflow:visible}
}
`
