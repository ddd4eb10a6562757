/*
 * N x N heatmaps on a canvas, one time step of a (T, N, N) tensor at a time, and their colour
 * legends. Plain browser JavaScript (inlined into the report before report.js, which uses these).
 */

/** Perceptually even colour stops: viridis for magnitudes, blue-white-red for signed deviations. */
const SEQUENTIAL_STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
const DIVERGING_STOPS = [[33, 102, 172], [146, 197, 222], [247, 247, 247], [244, 165, 130], [178, 24, 43]];

function interpolateStops(stops, x) {
  const position = Math.min(1, Math.max(0, x)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(position));
  const f = position - k;
  return stops[k].map((c, n) => Math.round(c + f * (stops[k + 1][n] - c)));
}

/**
 * A colour scale over [low, high], fixed for the whole case so that moving through time compares
 * like with like (a per-step scale would make every step look equally intense).
 */
function colourScale(kind, low, high) {
  const stops = kind === 'diverging' ? DIVERGING_STOPS : SEQUENTIAL_STOPS;
  const span = high - low || 1;
  return {
    kind, low, high,
    colour: (v) => interpolateStops(stops, (v - low) / span),
    gradient: `linear-gradient(to right, ${stops.map((s) => `rgb(${s.join(',')})`).join(', ')})`,
  };
}

/** A scale for magnitudes (observed and expected share one), from the case's smallest to largest value. */
function magnitudeScale(...tensors) {
  let low = Infinity;
  let high = -Infinity;
  for (const tensor of tensors) {
    for (const v of tensor) {
      if (v < low) low = v;
      if (v > high) high = v;
    }
  }
  return colourScale('sequential', Math.min(0, low), high);
}

/** A symmetric scale around 0 for deviations observed - expected. */
function deviationScale(deviation) {
  let largest = 0;
  for (const v of deviation) largest = Math.max(largest, Math.abs(v));
  return colourScale('diverging', -largest || -1, largest || 1);
}

/** Pixels per cell: about 260 px across whatever N, at least 3 px a cell. */
function cellPixels(nodes) {
  return Math.max(3, Math.floor(260 / nodes));
}

/**
 * Where things go on a heatmap canvas: the cell size and, when cells are tall enough for a line of
 * text, a margin naming the rows (sources) on the left and the columns (targets) on top.
 */
function heatmapLayout(labels) {
  const nodes = labels.length;
  const cell = cellPixels(nodes);
  const margin = cell >= 9 ? 44 : 0;
  return { nodes, cell, margin, labels, side: margin + nodes * cell };
}

/**
 * Draws step `t` of `tensor` ((T, N, N) row-major) into `canvas` with `scale`; outlines `highlight`
 * ({ i, j }) when given. Drawn through an N x N ImageData scaled up without smoothing: one pixel per cell.
 */
function drawHeatmap(canvas, layout, tensor, t, scale, highlight) {
  const { nodes, cell, margin, side } = layout;
  canvas.width = side;
  canvas.height = side;
  const small = document.createElement('canvas');
  small.width = nodes;
  small.height = nodes;
  const image = small.getContext('2d').createImageData(nodes, nodes);
  const offset = t * nodes * nodes;
  for (let k = 0; k < nodes * nodes; k++) {
    const [r, g, b] = scale.colour(tensor[offset + k]);
    image.data.set([r, g, b, 255], k * 4);
  }
  small.getContext('2d').putImageData(image, 0, 0);
  const context = canvas.getContext('2d');
  context.imageSmoothingEnabled = false;
  context.drawImage(small, margin, margin, nodes * cell, nodes * cell);
  if (margin > 0) drawLabels(context, layout);
  if (highlight) {
    context.strokeStyle = '#000';
    context.lineWidth = 2;
    context.strokeRect(margin + highlight.j * cell + 1, margin + highlight.i * cell + 1, cell - 2, cell - 2);
  }
}

/** Node names beside the rows and above the columns (squeezed by fillText when longer than the margin). */
function drawLabels(context, { labels, cell, margin }) {
  context.fillStyle = '#5d6877';
  context.font = `${Math.min(11, cell - 1)}px system-ui, sans-serif`;
  context.textBaseline = 'middle';
  labels.forEach((label, k) => {
    const centre = margin + (k + 0.5) * cell;
    context.textAlign = 'right';
    context.fillText(label, margin - 3, centre, margin - 5);
    context.save();
    context.translate(centre, margin - 3);
    context.rotate(-Math.PI / 2);
    context.textAlign = 'left';
    context.fillText(label, 0, 0, margin - 5);
    context.restore();
  });
}

/** The cell (i = row = source, j = column = target) under a mouse event on a heatmap canvas, or null. */
function cellAt(canvas, event, layout) {
  const box = canvas.getBoundingClientRect();
  const pixels = layout.side / box.width;
  const j = Math.floor(((event.clientX - box.left) * pixels - layout.margin) / layout.cell);
  const i = Math.floor(((event.clientY - box.top) * pixels - layout.margin) / layout.cell);
  return i >= 0 && i < layout.nodes && j >= 0 && j < layout.nodes ? { i, j } : null;
}
