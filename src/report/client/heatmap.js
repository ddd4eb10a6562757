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
 * Draws step `t` of `tensor` ((T, N, N) row-major) into `canvas` with `scale`; outlines `highlight`
 * ({ i, j }) when given. Drawn through an N x N ImageData scaled up without smoothing: one pixel per cell.
 */
function drawHeatmap(canvas, tensor, nodes, t, scale, highlight) {
  const size = cellPixels(nodes);
  canvas.width = nodes * size;
  canvas.height = nodes * size;
  const small = document.createElement('canvas');
  small.width = nodes;
  small.height = nodes;
  const image = small.getContext('2d').createImageData(nodes, nodes);
  const offset = t * nodes * nodes;
  for (let cell = 0; cell < nodes * nodes; cell++) {
    const [r, g, b] = scale.colour(tensor[offset + cell]);
    image.data.set([r, g, b, 255], cell * 4);
  }
  small.getContext('2d').putImageData(image, 0, 0);
  const context = canvas.getContext('2d');
  context.imageSmoothingEnabled = false;
  context.drawImage(small, 0, 0, canvas.width, canvas.height);
  if (highlight) {
    context.strokeStyle = '#000';
    context.lineWidth = 2;
    context.strokeRect(highlight.j * size + 1, highlight.i * size + 1, size - 2, size - 2);
  }
}

/** The cell (i = row = source, j = column = target) under a mouse event on a heatmap canvas, or null. */
function cellAt(canvas, event, nodes) {
  const box = canvas.getBoundingClientRect();
  const j = Math.floor(((event.clientX - box.left) / box.width) * nodes);
  const i = Math.floor(((event.clientY - box.top) / box.height) * nodes);
  return i >= 0 && i < nodes && j >= 0 && j < nodes ? { i, j } : null;
}
