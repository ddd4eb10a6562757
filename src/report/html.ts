/**
 * Renders ReportData as one self-contained HTML page: uPlot, the page's script and styles and the
 * data are all inline, so the file works offline, from file://, sent by mail. The page's own
 * script lives in ./client (plain browser JavaScript, copied next to this module by the build).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ReportData } from './report-data.js';

const require = createRequire(import.meta.url);

function clientFile(name: string): string {
  return readFileSync(new URL(`./client/${name}`, import.meta.url), 'utf8');
}

function packageFile(specifier: string): string {
  return readFileSync(require.resolve(specifier), 'utf8');
}

/** Text inside <script>: a literal "</script" or "<!--" would end or confuse the element early. */
export function scriptSafe(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON inside <script type="application/json">: "<" only occurs in strings there, where \u003c reads back the same. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function styleSafe(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function heatmapFigure(kind: string, caption: string): string {
  return `<figure><figcaption>${caption}</figcaption><canvas id="heatmap-${kind}" width="260" height="260"></canvas><div id="legend-${kind}"></div></figure>`;
}

export function renderReportHtml(data: ReportData): string {
  const css = [packageFile('uplot/dist/uPlot.min.css'), clientFile('report.css')].map(styleSafe).join('\n');
  const script = [packageFile('uplot/dist/uPlot.iife.min.js'), clientFile('heatmap.js'), clientFile('report.js')].map(scriptSafe).join('\n;\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="deepsphere report">
<title>${escapeHtml(data.title)}</title>
<style>
${css}
</style>
</head>
<body>
<header><h1 id="title">${escapeHtml(data.title)}</h1><p id="subtitle"></p></header>
<noscript><p class="notice">This report draws its charts with JavaScript; please enable it.</p></noscript>
<main>
<section id="summary"><h2>Summary</h2><div id="cards" class="cards"></div><div id="metrics"></div><div id="training-chart"></div></section>
<section id="scores"><h2>Case scores</h2><div id="score-chart"></div></section>
<section id="ranked"><h2>Ranked cases</h2><p id="table-hint" class="hint"></p><div class="table-scroll"><table id="case-table"></table></div></section>
<section id="detail" hidden>
<h2 id="detail-title"></h2><p id="detail-hint" class="hint"></p>
<div class="controls"><button id="play-button" type="button">Play</button><input id="time-slider" type="range" min="0" max="0" step="1" value="0" aria-label="time step"><span id="step-label"></span></div>
<div class="heatmaps">${heatmapFigure('observed', 'Observed X')}${heatmapFigure('expected', 'Expected X^ (reconstruction)')}${heatmapFigure('deviation', 'Deviation X − X^')}</div>
<div id="cell-readout"></div>
<div class="two-columns"><div id="node-chart"></div><div id="step-chart"></div></div>
<h3>Top deviating cells</h3><p class="hint">● anomalous: |z| above the case's cutoff. Click a row to show its step and outline its cell.</p>
<div class="table-scroll"><table id="top-cells"></table></div>
</section>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>
${script}
</script>
</body>
</html>
`;
}
