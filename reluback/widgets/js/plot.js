// ---- plot.js: what every front-end view of reluback shares (axes, colours, text, the net) ----
// Not a module of its own: reluback/live_editor.py puts this file in front of each view's module
// (weight_editor.js, …) and the pair travels as one ES module in the widget's `_esm` trait, so a
// static page needs no second request. Colours come from Python (reluback.plots) in `style`.

// The notes' net, one sample: pre = wᵀu + c, act = max{0, pre}, f = vᵀact + b.
// p = {w11, w12, w21, w22, c1, c2, v1, v2, b}; w_ij joins input i to unit j.
function rbForward(p, u1, u2) {
  const sP = p.w11 * u1 + p.w21 * u2 + p.c1;
  const rP = p.w12 * u1 + p.w22 * u2 + p.c2;
  const sa = sP > 0 ? sP : 0;
  const ra = rP > 0 ? rP : 0;
  return { sP, rP, sa, ra, f: p.v1 * sa + p.v2 * ra + p.b };
}

// Round for display like Python's f"{round(x, d) + 0.0:.{d}f}": no "-0.000".
function rbFixed(x, d) {
  const s = x.toFixed(d);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

// A linear map [d0, d1] → [p0, p1] (pixels), as an axis.
function rbScale(d0, d1, p0, p1) {
  const k = (p1 - p0) / (d1 - d0);
  const s = (x) => p0 + (x - d0) * k;
  s.invert = (px) => d0 + (px - p0) / k;
  s.domain = [d0, d1];
  s.range = [p0, p1];
  return s;
}

// Tick values for [lo, hi]: steps of 1, 2 or 5 × 10ᵏ, at most n of them.
function rbTicks(lo, hi, n = 6) {
  const raw = (hi - lo) / n;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) out.push(Math.abs(t) < 1e-12 ? 0 : t);
  return out;
}

// Text with the notes' subscripts: "s_P = 0" draws P lowered and smaller; "w_{11}" braces a longer one.
// Returns the width drawn. align: "left" | "center" | "right".
function rbText(ctx, text, x, y, { size = 13, color = "#000", align = "left", weight = "" } = {}) {
  const parts = [];
  const re = /_\{([^}]*)\}|_(\S)|([^_]+)/g;
  let m;
  while ((m = re.exec(text))) parts.push(m[3] !== undefined ? [m[3], false] : [m[1] ?? m[2], true]);
  const font = (sub) => `${weight} ${sub ? Math.round(size * 0.72) : size}px sans-serif`;
  let width = 0;
  for (const [t, sub] of parts) { ctx.font = font(sub); width += ctx.measureText(t).width; }
  let cx = align === "center" ? x - width / 2 : align === "right" ? x - width : x;
  ctx.fillStyle = color;
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  for (const [t, sub] of parts) {
    ctx.font = font(sub);
    ctx.fillText(t, cx, sub ? y + size * 0.3 : y);
    cx += ctx.measureText(t).width;
  }
  return width;
}

// A frame with ticks and labels. ax = {x: rbScale, y: rbScale, xlabel, ylabel, xcolor, ycolor, title}.
function rbAxes(ctx, ax, digits = 1) {
  const [x0, x1] = ax.x.range, [y0, y1] = ax.y.range;     // y0 bottom, y1 top (pixels)
  ctx.strokeStyle = "#333"; ctx.lineWidth = 1;
  ctx.strokeRect(x0, y1, x1 - x0, y0 - y1);
  for (const t of rbTicks(...ax.x.domain)) {
    const px = ax.x(t);
    ctx.beginPath(); ctx.moveTo(px, y0); ctx.lineTo(px, y0 + 4); ctx.stroke();
    rbText(ctx, t.toFixed(digits), px, y0 + 14, { size: 13, align: "center", color: "#333" });
  }
  for (const t of rbTicks(...ax.y.domain)) {
    const py = ax.y(t);
    ctx.beginPath(); ctx.moveTo(x0, py); ctx.lineTo(x0 - 4, py); ctx.stroke();
    rbText(ctx, t.toFixed(digits), x0 - 6, py, { size: 13, align: "right", color: "#333" });
  }
  if (ax.xlabel) rbText(ctx, ax.xlabel, (x0 + x1) / 2, y0 + 34, { size: 15, color: ax.xcolor, align: "center" });
  if (ax.ylabel) {
    ctx.save(); ctx.translate(x0 - 44, (y0 + y1) / 2); ctx.rotate(-Math.PI / 2);
    rbText(ctx, ax.ylabel, 0, 0, { size: 15, color: ax.ycolor, align: "center" });
    ctx.restore();
  }
  if (ax.title) rbText(ctx, ax.title, (x0 + x1) / 2, y1 - 12, { align: "center", size: 15 });
}

// The segment of a·x + b·y + c = 0 inside the box [lo, hi]² (null when a = b = 0 or it misses).
function rbLineInBox(a, b, c, lo, hi) {
  const pts = [];
  if (b !== 0) for (const x of [lo, hi]) { const y = -(a * x + c) / b; if (y >= lo && y <= hi) pts.push([x, y]); }
  if (a !== 0) for (const y of [lo, hi]) { const x = -(b * y + c) / a; if (x >= lo && x <= hi) pts.push([x, y]); }
  if (pts.length < 2) return null;
  let best = [pts[0], pts[1]], far = -1;                  // the two corners' duplicates: keep the longest pair
  for (const p of pts) for (const q of pts) {
    const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
    if (d > far) { far = d; best = [p, q]; }
  }
  return far > 0 ? best : null;
}

// An XOR point's marker, as the notes' figures draw it: f* = 0 an open circle, f* = 1 a black square.
function rbMarker(ctx, px, py, target, r = 7) {
  ctx.lineWidth = 1.5; ctx.strokeStyle = "#000";
  ctx.fillStyle = target === 0 ? "#fff" : "#000";
  ctx.beginPath();
  if (target === 0) ctx.arc(px, py, r, 0, 2 * Math.PI); else ctx.rect(px - r * 0.9, py - r * 0.9, 1.8 * r, 1.8 * r);
  ctx.fill(); ctx.stroke();
}

// Labels beside their points, covering no marker, no other label, and staying in the box.
// items: {px, py, w, h} (the label's size); markers: [[px, py]] (radius r); box: [x0, y0, x1, y1].
// Each item gets {x, y} (left edge, middle): the first of right, left, above, below (then further
// out) that is free; coinciding points thus get their labels on either side.
function rbPlaceLabels(items, markers, box, r = 8) {
  const placed = markers.map(([x, y]) => [x - r, y - r, x + r, y + r]);
  const free = (q) => q[0] >= box[0] && q[2] <= box[2] && q[1] >= box[1] && q[3] <= box[3]
    && placed.every((o) => q[2] <= o[0] || q[0] >= o[2] || q[3] <= o[1] || q[1] >= o[3]);
  for (const it of items) {
    const g = r + 3, cands = [];
    for (const dy of [0, -1, 1, -2, 2, -3, 3]) {
      const y = it.py + dy * it.h;
      cands.push([it.px + g, y], [it.px - g - it.w, y]);
      if (dy) cands.push([it.px - it.w / 2, it.py + Math.sign(dy) * (g + (Math.abs(dy) - 0.5) * it.h)]);
    }
    const clamp = ([x, y]) => [Math.min(Math.max(x, box[0]), box[2] - it.w), Math.min(Math.max(y, box[1] + it.h / 2), box[3] - it.h / 2)];
    const [x, y] = cands.find(([x, y]) => free([x, y - it.h / 2, x + it.w, y + it.h / 2])) || clamp(cands[0]);
    it.x = x; it.y = y;
    placed.push([x, y - it.h / 2, x + it.w, y + it.h / 2]);
  }
  return items;
}

// The colour of f from the matplotlib colormap's table (style.cmap: 256 "#rrggbb") and its
// TwoSlopeNorm (style.norm = [vmin, vcenter, vmax]), as reluback.plots draws f.
function rbCmap(style) {
  const lut = style.cmap.map((h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16)));
  const [lo, mid, hi] = style.norm, n = lut.length;
  return (f) => {
    const t = f <= mid ? 0.5 * Math.max(0, (f - lo) / (mid - lo)) : 0.5 + 0.5 * Math.min(1, (f - mid) / (hi - mid));
    return lut[Math.min(n - 1, Math.floor(t * n))];
  };
}

// A canvas sized for the screen (devicePixelRatio) and its 2-d context in CSS pixels.
function rbCanvas(width, height, label) {
  const canvas = document.createElement("canvas");
  const dpr = Math.max(1, window.devicePixelRatio || 1);
  canvas.width = width * dpr; canvas.height = height * dpr;
  canvas.style.width = "100%"; canvas.style.maxWidth = `${width}px`; canvas.style.display = "block";
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  const ctx = canvas.getContext("2d");
  ctx.scale(dpr, dpr);
  return { canvas, ctx };
}

// ---- the page parts every view shares: look, sliders, buttons, the live line, the frame loop ----

// One stylesheet for every view's root (class rb-view): slider columns, focus rings, buttons, table.
const RB_CSS = `
.rb-view { font-family: sans-serif; font-size: 14px; color: #111; }
.rb-view .rb-cols { display: flex; flex-wrap: wrap; gap: 4px 16px; margin-bottom: 6px; }
.rb-view fieldset { border: none; margin: 0; padding: 0; min-width: 200px; flex: 1 1 200px; max-width: 270px; }
.rb-view legend { font-weight: bold; font-size: 15px; padding: 0; margin-bottom: 2px; float: none; width: auto; }
.rb-view .rb-row { display: grid; grid-template-columns: 2.2em 1fr 3.6em; align-items: center; gap: 6px; height: 28px; }
.rb-view .rb-row label { text-align: right; font-size: 15px; }
.rb-view input[type=range] { width: 100%; margin: 0; accent-color: var(--rb-c, #333); }
.rb-view input[type=range]:focus-visible, .rb-view button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
.rb-view output { font-family: monospace; text-align: right; }
.rb-view button { font: inherit; margin: 4px 6px 0 0; padding: 3px 10px; border: 1px solid #777; border-radius: 4px;
  background: #f4f4f4; cursor: pointer; }
.rb-view button:hover { background: #e6e6e6; }
.rb-view .rb-status { margin: 4px 0; min-height: 1.5em; }
.rb-view table { font-family: monospace; border-collapse: collapse; margin-top: 4px; }
.rb-view th, .rb-view td { text-align: right; padding: 1px 0.6em; }
.rb-view th { font-family: sans-serif; }`;

// "w_{11}" → "w<sub>11</sub>" (the notes' subscripts in HTML).
const rbHtml = (t) => t.replace(/_\{([^}]*)\}|_(\S)/g, (_, a, b) => `<sub>${a ?? b}</sub>`);

// A view's root element: <div class="rb-view {cls}"> with the shared stylesheet, in el.
function rbRoot(el, cls, css = "") {
  const root = document.createElement("div");
  root.className = `rb-view ${cls}`;
  root.innerHTML = `<style>${RB_CSS}${css}</style>`;
  el.appendChild(root);
  return root;
}

// A labelled keyboard-operable slider (input type=range) with its readout; onInput(value) on each move.
function rbSlider(parent, name, label, color, onInput) {
  const id = `rb-${name}-${Math.random().toString(36).slice(2, 8)}`;
  const row = document.createElement("div");
  row.className = "rb-row";
  row.innerHTML = `<label for="${id}" style="color:${color}">${rbHtml(label)}</label>`
    + `<input type="range" id="${id}" data-name="${name}" style="--rb-c:${color}"><output for="${id}"></output>`;
  const input = row.querySelector("input");
  input.addEventListener("input", () => onInput(parseFloat(input.value)));
  parent.appendChild(row);
  return input;
}

// Show value v on a slider (its range widened to hold v), its readout and its spoken value.
function rbShow(input, v, lo, hi, step, spoken) {
  input.min = Math.min(lo, v); input.max = Math.max(hi, v); input.step = step;
  if (parseFloat(input.value) !== v) input.value = v;
  input.nextElementSibling.value = rbFixed(v, 2);
  input.setAttribute("aria-valuetext", `${spoken} = ${rbFixed(v, 2)}`);
}

function rbButton(parent, action, label, tip, onClick) {
  const b = document.createElement("button");
  b.type = "button"; b.textContent = label; b.title = tip; b.dataset.action = action;
  b.addEventListener("click", onClick);
  parent.appendChild(b);
  return b;
}

// The line a screen reader reads after each change (aria-live), visible to everyone.
function rbLive(parent) {
  const p = document.createElement("p");
  p.className = "rb-status"; p.setAttribute("aria-live", "polite"); p.setAttribute("role", "status");
  parent.appendChild(p);
  return p;
}

// schedule(): draw once in the next animation frame, however many changes came before it.
function rbFrameLoop(frame) {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; frame(); });
  };
}

// Tell the kernel, when there is one (a static page has no comm: nothing to tell).
function rbSave(model) {
  try { model.save_changes(); } catch (e) { /* no kernel */ }
}

// A draw from N(0, 1) (Box–Muller).
const rbNormal = () => Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
// ---- end of plot.js ----
