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
// ---- end of plot.js ----
