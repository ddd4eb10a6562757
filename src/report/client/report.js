/*
 * The report page: reads the embedded ReportData (src/report/report-data.ts) and draws the summary,
 * the training curve and case scores (uPlot), the ranked case table and, for a clicked case, its
 * heatmaps, per-node / per-step bars and top deviating cells. Plain browser JavaScript, no network:
 * the page must work opened from file:// with everything inline. Uses heatmap.js (inlined before).
 */
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const N = data.nodes;
  const T = data.steps;
  const charts = [];
  const detail = { current: null, observed: null, expected: null, deviation: null, scales: null, t: 0, cell: null, timer: null, charts: [] };

  function element(tag, properties, ...children) {
    const node = Object.assign(document.createElement(tag), properties || {});
    for (const child of children) node.append(child);
    return node;
  }
  function format(value) {
    if (value === null || value === undefined || Number.isNaN(value)) return '–';
    const size = Math.abs(value);
    if (size !== 0 && (size >= 1e5 || size < 1e-3)) return value.toExponential(2);
    return Number(value.toPrecision(4)).toString();
  }
  const nodeName = (i) => (data.nodeNames ? data.nodeNames[i] : String(i));
  const layout = heatmapLayout(Array.from({ length: N }, (_, k) => nodeName(k)));
  const whenStep = (d, t) => (d.stepTimes ? d.stepTimes[t] : `step ${t}`);
  const width = (container) => Math.max(280, container.clientWidth);
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
  };

  function decodeFloat32(base64) {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new Float32Array(bytes.buffer);
  }

  /** A uPlot chart sized to its container, resized with the window. */
  function chart(container, options, values, list) {
    const plot = new uPlot({ width: width(container), height: 240, ...options }, values, container);
    (list || charts).push({ plot, container });
    return plot;
  }
  window.addEventListener('resize', () => {
    for (const { plot, container } of [...charts, ...detail.charts]) plot.setSize({ width: width(container), height: 240 });
  });
  const pointsOnly = (label, colour, size) => ({ label, stroke: colour, fill: colour, paths: () => null, points: { show: true, size, stroke: colour, fill: colour } });
  const bars = (label, colour) => ({ label, stroke: colour, fill: colour + 'aa', paths: uPlot.paths.bars({ size: [0.7, 60] }), points: { show: false } });
  const fromZero = { range: (u, min, max) => [0, max > 0 ? max * 1.05 : 1] };
  /** Tick spacings 1, 2, 5, 10, 20, 50, ... up to a million: whole epochs, nodes and steps only. */
  const INTEGER_STEPS = Array.from({ length: 18 }, (_, k) => [1, 2, 5][k % 3] * 10 ** Math.floor(k / 3));
  const integerAxis = (label, name) => ({ label, incrs: INTEGER_STEPS, values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? name(v) : '')) });

  function card(label, value, sub) {
    return element('div', { className: 'card' }, element('div', { className: 'value', textContent: value }),
      element('div', { className: 'label', textContent: label }), ...(sub ? [element('div', { className: 'sub', textContent: sub })] : []));
  }

  function renderHeader() {
    const parts = [data.model && `model ${data.model}`, data.data && `data ${data.data}`, `generated ${data.generated}`];
    document.getElementById('subtitle').textContent = parts.filter(Boolean).join(' · ');
  }

  function renderSummary() {
    const share = data.cases ? ` (${((100 * data.flagged) / data.cases).toFixed(1)}%)` : '';
    const training = data.training;
    const cards = [
      card('cases', String(data.cases), `${T} steps × ${N} nodes`),
      card('flagged anomalous', `${data.flagged}${share}`, `threshold ${data.threshold.rule}: ${data.threshold.description}`),
      card('cell threshold', `|z| > ${format(data.threshold.cellThreshold)}`, 'a cell is anomalous when its residual is this far from normal and stands out within its case'),
      card('model', data.preset, `case score: ${data.caseScore}`),
      card('training', `${training.loss.length} epochs`, [`${format(training.seconds)} s`, training.engine, training.stoppedEarly].filter(Boolean).join(' · ')),
    ];
    document.getElementById('cards').append(...cards);
    const evaluation = data.evaluation;
    if (evaluation) {
      const metrics = [['accuracy', evaluation.case.accuracy], ['precision', evaluation.case.precision], ['recall', evaluation.case.recall],
        ['F1', evaluation.case.f1], ['ROC AUC', evaluation.case.rocAuc], ['PR AUC', evaluation.case.prAuc],
        ['nested RMSE', evaluation.nested.rmse], ['nested ROC AUC', evaluation.nested.rocAuc]].filter(([, v]) => v !== null);
      document.getElementById('metrics').append(element('table', { id: 'metrics-table' },
        element('thead', {}, element('tr', {}, ...metrics.map(([name]) => element('th', { className: 'number', textContent: name })))),
        element('tbody', {}, element('tr', {}, ...metrics.map(([, v]) => element('td', { className: 'number', textContent: format(v) }))))));
    }
  }

  function renderTrainingChart() {
    const { loss, radius } = data.training;
    const container = document.getElementById('training-chart');
    if (loss.length === 0) return container.append(element('p', { className: 'hint', textContent: 'The model holds no training history.' }));
    const logLoss = loss.every((v) => v > 0);
    chart(container, {
      title: 'Training: loss and radius per epoch',
      scales: { x: { time: false }, loss: { distr: logLoss ? 3 : 1 }, radius: {} },
      series: [{ label: 'epoch' }, { label: 'loss', scale: 'loss', stroke: '#1c7ed6', width: 2 }, { label: 'radius r', scale: 'radius', stroke: '#e8590c', width: 2 }],
      axes: [integerAxis('epoch', String), { scale: 'loss', label: logLoss ? 'loss (log)' : 'loss', size: 60 }, { scale: 'radius', side: 1, label: 'radius r', grid: { show: false }, size: 60 }],
    }, [loss.map((_, k) => k + 1), loss, radius]);
  }

  function renderScoreChart() {
    const onDistance = data.threshold.on === 'distance';
    const values = onDistance ? data.distances : data.scores;
    const label = onDistance ? 'distance d to the centre' : 'case score';
    const pick = (keep) => values.map((v, k) => (keep(k) ? v : null));
    const series = [{ label: 'case' }, pointsOnly('not flagged', '#868e96', 4), pointsOnly('flagged', '#d9480f', 6)];
    const columns = [values.map((_, k) => k), pick((k) => data.labels[k] === 0), pick((k) => data.labels[k] === 1)];
    if (data.truth) {
      series.push({ label: 'truly anomalous', stroke: '#c92a2a', paths: () => null, points: { show: true, size: 11, width: 1.5, stroke: '#c92a2a', fill: 'transparent' } });
      columns.push(pick((k) => data.truth[k] === 1));
    }
    // A threshold far beyond every case (a rule that flags nothing) would squash the cases into a line: leave it off, say where it is.
    const threshold = data.threshold.value;
    const [low, high] = values.reduce(([min, max], v) => [Math.min(min, v), Math.max(max, v)], [Infinity, -Infinity]);
    const offChart = threshold > high + 2 * (high - low) ? 'above' : threshold < low - 2 * (high - low) ? 'below' : null;
    if (!offChart) {
      series.push({ label: `threshold (${data.threshold.rule})`, stroke: '#000', dash: [6, 4], width: 1.5, points: { show: false } });
      columns.push(values.map(() => threshold));
    }
    // A few huge scores would flatten every other case (and the threshold) onto one line: compress them.
    const typical = Math.max(offChart ? 0 : Math.abs(threshold), median(values.map(Math.abs)));
    const skewed = typical > 0 && high > 50 * typical;
    const note = offChart ? ` (the threshold, ${format(threshold)}, is far ${offChart} every case)` : '';
    const plot = chart(document.getElementById('score-chart'), {
      title: `${label} per case; click a detailed case to open it${note}`,
      scales: { x: { time: false }, y: skewed ? { distr: 4, log: 10, asinh: typical } : {} },
      series, axes: [{ label: 'case' }, { label: skewed ? `${label} (asinh scale)` : label, size: 70 }],
    }, columns);
    plot.over.addEventListener('click', () => {
      if (plot.cursor.idx !== null && plot.cursor.idx !== undefined) openCase(plot.cursor.idx);
    });
  }

  function renderCaseTable() {
    const flagged = data.details.some((d) => d.label === 1);
    const hint = document.getElementById('table-hint');
    hint.textContent = flagged
      ? `The ${data.details.length} highest-scoring flagged cases${data.flaggedNotShown ? ` (${data.flaggedNotShown} more flagged, not shown)` : ''}. Click one for its detail.`
      : `No case is flagged by the threshold: these are the ${data.details.length} highest-scoring cases, none flagged. Click one for its detail.`;
    if (!flagged) hint.classList.add('notice');
    const headings = ['rank', 'case', ...(data.times ? ['start'] : []), 'score', 'flag', ...(data.truth ? ['true label'] : []), 'anomalous cells', 'largest deviation'];
    const rows = data.details.map((d, rank) => {
      const top = d.top[0];
      const largest = top ? `${nodeName(top.i)} → ${nodeName(top.j)} at ${whenStep(d, top.t)}: ${format(top.deviation)}` : '–';
      const row = element('tr', {},
        element('td', { className: 'number', textContent: String(rank + 1) }),
        element('td', { className: 'number', textContent: String(d.index) }),
        ...(data.times ? [element('td', { textContent: d.time || '' })] : []),
        element('td', { className: 'number', textContent: format(d.score) }),
        element('td', {}, element('span', { className: d.label ? 'tag flagged' : 'tag', textContent: d.label ? 'flagged' : 'not flagged' })),
        ...(data.truth ? [element('td', {}, element('span', { className: d.truth ? 'tag truth' : 'tag', textContent: d.truth ? 'anomalous' : 'normal' }))] : []),
        element('td', { className: 'number', textContent: `${d.anomalousCells} of ${T * N * N}` }),
        element('td', { textContent: largest }));
      row.dataset.case = String(d.index);
      row.tabIndex = 0;
      row.addEventListener('click', () => openCase(d.index));
      row.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') openCase(d.index);
      });
      return row;
    });
    document.getElementById('case-table').append(
      element('thead', {}, element('tr', {}, ...headings.map((h) => element('th', { textContent: h })))),
      element('tbody', {}, ...rows));
  }

  /** Opens the detail of case `index`, if the report holds its tensors. */
  function openCase(index) {
    const d = data.details.find((c) => c.index === index);
    if (!d) return;
    stopPlaying();
    for (const { plot } of detail.charts) plot.destroy();
    detail.charts = [];
    detail.current = d;
    detail.observed = decodeFloat32(d.observed);
    detail.expected = decodeFloat32(d.expected);
    detail.deviation = detail.observed.map((v, k) => v - detail.expected[k]);
    const magnitude = magnitudeScale(detail.observed, detail.expected);
    detail.scales = { observed: magnitude, expected: magnitude, deviation: deviationScale(detail.deviation) };
    const top = d.top[0];
    detail.cell = top ? { i: top.i, j: top.j } : null;
    for (const row of document.querySelectorAll('#case-table tbody tr')) row.classList.toggle('selected', row.dataset.case === String(index));
    const section = document.getElementById('detail');
    section.hidden = false;
    const flag = d.label ? 'flagged anomalous' : 'not flagged';
    const truth = d.truth === undefined ? '' : `, truly ${d.truth ? 'anomalous' : 'normal'}`;
    document.getElementById('detail-title').textContent = `Case ${d.index}${d.time ? ` (${d.time})` : ''}: score ${format(d.score)}, ${flag}${truth}`;
    document.getElementById('detail-hint').textContent =
      `${d.anomalousCells} of ${T * N * N} cells anomalous (|z| > ${format(d.cellCutoff)}); mean squared reconstruction error ${format(d.error)}. Rows are sources, columns targets.`;
    for (const kind of ['observed', 'expected', 'deviation']) renderLegend(kind);
    renderDetailBars(d);
    renderTopCells(d);
    setStep(top ? top.t : 0);
    section.scrollIntoView({ block: 'start' });
  }

  function renderLegend(kind) {
    const scale = detail.scales[kind];
    const legend = document.getElementById(`legend-${kind}`);
    legend.style.marginLeft = `${layout.margin}px`;
    legend.replaceChildren(element('div', { className: 'legend-bar', style: `background: ${scale.gradient}` }),
      element('div', { className: 'legend' }, element('span', { textContent: format(scale.low) }), element('span', { textContent: format(scale.high) })));
  }

  function setStep(t) {
    detail.t = t;
    const d = detail.current;
    document.getElementById('time-slider').value = String(t);
    document.getElementById('step-label').textContent = `step ${t} (of 0–${T - 1})${d.stepTimes ? ` · ${d.stepTimes[t]}` : ''}`;
    for (const kind of ['observed', 'expected', 'deviation']) {
      drawHeatmap(document.getElementById(`heatmap-${kind}`), layout, detail[kind], t, detail.scales[kind], detail.cell);
    }
    if (detail.cell) describeCell(detail.cell);
  }

  function describeCell({ i, j }) {
    const k = (detail.t * N + i) * N + j;
    document.getElementById('cell-readout').textContent = `${nodeName(i)} → ${nodeName(j)} at ${whenStep(detail.current, detail.t)}: ` +
      `observed ${format(detail.observed[k])}, expected ${format(detail.expected[k])}, deviation ${format(detail.deviation[k])}`;
  }

  function stopPlaying() {
    clearInterval(detail.timer);
    detail.timer = null;
    document.getElementById('play-button').textContent = 'Play';
  }

  function togglePlay() {
    if (detail.timer) return stopPlaying();
    document.getElementById('play-button').textContent = 'Pause';
    detail.timer = setInterval(() => setStep((detail.t + 1) % T), 700);
  }

  function renderDetailBars(d) {
    const nodes = document.getElementById('node-chart');
    const steps = document.getElementById('step-chart');
    nodes.replaceChildren();
    steps.replaceChildren();
    chart(nodes, {
      title: 'Per node: |deviation| summed over its edges',
      scales: { x: { time: false, range: [-0.5, N - 0.5] }, y: fromZero },
      series: [{ label: 'node', value: (u, v) => (v === null ? '' : nodeName(v)) }, bars('node score', '#1c7ed6')],
      axes: [{ ...integerAxis('node', nodeName), rotate: data.nodeNames ? -45 : 0, size: data.nodeNames ? 60 : 40 }, {}],
    }, [d.nodeScores.map((_, k) => k), d.nodeScores], detail.charts);
    const stepPlot = chart(steps, {
      title: 'Per step: |deviation| summed over its cells (click: show step)',
      scales: { x: { time: false, range: [-0.5, T - 0.5] }, y: fromZero },
      series: [{ label: 'step', value: (u, v) => (v === null ? '' : whenStep(d, v)) }, bars('step score', '#e8590c')],
      axes: [integerAxis('step', String), {}],
    }, [d.stepScores.map((_, k) => k), d.stepScores], detail.charts);
    stepPlot.over.addEventListener('click', () => {
      if (stepPlot.cursor.idx !== null && stepPlot.cursor.idx !== undefined) setStep(stepPlot.cursor.idx);
    });
  }

  function renderTopCells(d) {
    const headings = ['', 'when', 'source → target', 'observed', 'expected', 'deviation', 'z'];
    const rows = d.top.map((cell) => {
      const row = element('tr', { className: cell.anomalous ? 'anomalous' : '' },
        element('td', { textContent: cell.anomalous ? '●' : '' }),
        element('td', { textContent: cell.time || `step ${cell.t}` }),
        element('td', { textContent: `${cell.source ?? cell.i} → ${cell.target ?? cell.j}` }),
        ...[cell.observed, cell.expected, cell.deviation, cell.z].map((v) => element('td', { className: 'number', textContent: format(v) })));
      row.addEventListener('click', () => {
        detail.cell = { i: cell.i, j: cell.j };
        setStep(cell.t);
      });
      return row;
    });
    document.getElementById('top-cells').replaceChildren(
      element('thead', {}, element('tr', {}, ...headings.map((h, k) => element('th', { className: k >= 3 ? 'number' : '', textContent: h })))),
      element('tbody', {}, ...rows));
  }

  function wireDetailControls() {
    const slider = document.getElementById('time-slider');
    slider.max = String(T - 1);
    slider.addEventListener('input', () => setStep(Number(slider.value)));
    document.getElementById('play-button').addEventListener('click', togglePlay);
    for (const kind of ['observed', 'expected', 'deviation']) {
      const canvas = document.getElementById(`heatmap-${kind}`);
      canvas.addEventListener('mousemove', (event) => {
        const cell = cellAt(canvas, event, layout);
        if (cell) describeCell(cell);
      });
      canvas.addEventListener('click', (event) => {
        detail.cell = cellAt(canvas, event, layout);
        setStep(detail.t);
      });
    }
  }

  if (data.format !== 1) throw new Error(`report data format ${data.format} is not one this page can show`);
  renderHeader();
  renderSummary();
  renderTrainingChart();
  renderScoreChart();
  renderCaseTable();
  wireDetailControls();
})();
