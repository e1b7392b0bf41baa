// ---- weight_editor.js: the weight editor drawn in the page (reluback/live_editor.py) ----
// State: the nine parameters are the widget's traits (w11 … b), kept by Python in a notebook and
// by the widget renderer in a static page. Everything below is computed here, in the browser, on
// every slider move: f over the input plane, the kink lines, the hidden space, J and the table.
// Uses plot.js (rbForward, rbScale, rbAxes, rbText, …), which is put in front of this file.

const NAMES = ["w11", "w12", "w21", "w22", "c1", "c2", "v1", "v2", "b"];
const COLUMNS = [["unit 1 (s)", "s", ["w11", "w21", "c1", "v1"]],
                 ["unit 2 (r)", "r", ["w12", "w22", "c2", "v2"]],
                 ["output", null, ["b"]]];
const W = 860, H = 410, RES = 121, LO = -0.5, HI = 1.5;

const CSS = `
.rb-we { max-width: ${W}px; }
.rb-we .rb-words { margin: 6px 0 0; font-weight: bold; min-height: 1.4em; }`;

const SUB = { w11: "w_{11}", w12: "w_{12}", w21: "w_{21}", w22: "w_{22}", c1: "c_1", c2: "c_2", v1: "v_1", v2: "v_2", b: "b" };
const fmt = (x, d) => rbFixed(x, d);

// The four inputs' forward pass and J = (1/N) Σₙ (f*ₙ − fₙ)².
function forwardAll(p, data) {
  const rows = data.u.map(([u1, u2], n) => ({ u: [u1, u2], t: data.f_star[n], ...rbForward(p, u1, u2) }));
  const J = rows.reduce((s, r) => s + (r.t - r.f) ** 2, 0) / rows.length;
  return { rows, J };
}

// The sliders in three columns (unit 1, unit 2, output) and the two buttons; returns name → input.
function controls(root, style, onInput, actions) {
  const cols = document.createElement("div");
  cols.className = "rb-cols";
  const inputs = {};
  for (const [title, unit, names] of COLUMNS) {
    const fs = document.createElement("fieldset");
    const color = unit ? style[unit] : "#111";
    fs.innerHTML = `<legend style="color:${color}">${title}</legend>`;
    for (const name of names) inputs[name] = rbSlider(fs, name, SUB[name], color, (v) => onInput(name, v));
    cols.appendChild(fs);
  }
  rbButton(cols.lastChild, "book", "book's solution", "w = [[1, 1], [1, 1]], c = [0, −1], v = [1, −2], b = 0", actions.book);
  rbButton(cols.lastChild, "random", "random start", "all nine parameters drawn from N(0, 1)", actions.random);
  root.appendChild(cols);
  return inputs;
}

// One frame: J above, the input plane (left), the hidden space (right).
function draw(ctx, heat, p, out, view, style) {
  ctx.clearRect(0, 0, W, H);
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
  const solved = out.J < style.solved;
  rbText(ctx, `J = ${fmt(out.J, 4)}${solved ? "  — XOR solved" : ""}`, W / 2, 14, { size: 15, align: "center", weight: "bold" });
  view.kinks = [];
  plane(ctx, heat, p, out, view, style);
  hidden(ctx, p, out, view, style);
}

// f over the input plane (one pixel per grid point, scaled up smoothly), the kink lines, the inputs.
function plane(ctx, heat, p, out, view, style) {
  const color = rbCmap(style);
  const img = heat.ctx.createImageData(RES, RES);
  for (let i = 0; i < RES; i++) for (let j = 0; j < RES; j++) {
    const u1 = LO + (HI - LO) * j / (RES - 1), u2 = LO + (HI - LO) * i / (RES - 1);
    const [r, g, b] = color(rbForward(p, u1, u2).f);
    const k = 4 * ((RES - 1 - i) * RES + j);
    img.data[k] = r; img.data[k + 1] = g; img.data[k + 2] = b; img.data[k + 3] = 255;
  }
  heat.ctx.putImageData(img, 0, 0);
  const X = rbScale(LO, HI, 62, 342), Y = rbScale(LO, HI, 332, 52);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(heat.canvas, X(LO), Y(HI), X(HI) - X(LO), Y(LO) - Y(HI));
  ctx.save();
  ctx.beginPath(); ctx.rect(X(LO), Y(HI), X(HI) - X(LO), Y(LO) - Y(HI)); ctx.clip();
  for (const [a, b, c, col] of [[p.w11, p.w21, p.c1, style.s], [p.w12, p.w22, p.c2, style.r]]) {
    const seg = rbLineInBox(a, b, c, LO, HI);
    view.kinks.push(seg);
    if (!seg) continue;
    ctx.strokeStyle = col; ctx.lineWidth = 2.5;
    ctx.beginPath(); ctx.moveTo(X(seg[0][0]), Y(seg[0][1])); ctx.lineTo(X(seg[1][0]), Y(seg[1][1])); ctx.stroke();
  }
  ctx.restore();
  for (const r of out.rows) {
    rbMarker(ctx, X(r.u[0]), Y(r.u[1]), r.t);
    const label = `(${r.u[0]},${r.u[1]}) f* = ${r.t}`;
    ctx.font = "13px sans-serif";
    const w = ctx.measureText(label).width + 6;
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.fillRect(X(r.u[0]) - w / 2, Y(r.u[1]) - 29, w, 17);
    rbText(ctx, label, X(r.u[0]), Y(r.u[1]) - 20, { size: 13, align: "center" });
  }
  rbAxes(ctx, { x: X, y: Y, xlabel: "u_1", ylabel: "u_2", title: "f(u) over the input plane" });
  colorbar(ctx, color, style, 354, Y);
  const w1 = legendLine(ctx, 30, 392, style.s, "s_P = 0 (unit 1 kink)");
  legendLine(ctx, 30 + 28 + w1 + 18, 392, style.r, "r_P = 0 (unit 2 kink)");
}

function colorbar(ctx, color, style, x, Y) {
  const [lo, , hi] = style.norm;
  const F = rbScale(lo, hi, Y.range[0], Y.range[1]);
  for (let py = Math.ceil(F.range[1]); py <= F.range[0]; py++) {
    const [r, g, b] = color(F.invert(py));
    ctx.fillStyle = `rgb(${r},${g},${b})`; ctx.fillRect(x, py, 12, 1.5);
  }
  ctx.strokeStyle = "#333"; ctx.lineWidth = 1; ctx.strokeRect(x, F.range[1], 12, F.range[0] - F.range[1]);
  for (const t of [-0.5, 0, 0.5, 1, 1.5]) {
    ctx.beginPath(); ctx.moveTo(x + 12, F(t)); ctx.lineTo(x + 16, F(t)); ctx.stroke();
    rbText(ctx, t.toFixed(1), x + 18, F(t), { size: 13, color: "#333" });
  }
  ctx.save(); ctx.translate(x + 56, (F.range[0] + F.range[1]) / 2); ctx.rotate(-Math.PI / 2);
  rbText(ctx, "f (white: ½)", 0, 0, { align: "center" });
  ctx.restore();
}

function legendLine(ctx, x, y, color, text, dash = []) {
  ctx.strokeStyle = color; ctx.lineWidth = 2.5; ctx.setLineDash(dash);
  ctx.beginPath(); ctx.moveTo(x, y); ctx.lineTo(x + 22, y); ctx.stroke(); ctx.setLineDash([]);
  return rbText(ctx, text, x + 28, y, { size: 14 });
}

// The hidden space (s_a, r_a): where each input lands, and the line f = ½ (v₁s_a + v₂r_a + b = ½).
function hidden(ctx, p, out, view, style) {
  const top = Math.max(...out.rows.flatMap((r) => [r.sa, r.ra]));
  const hi = view.lim;
  if (view.full || top > hi || (hi > 1 && top < 0.5 * hi)) view.lim = Math.max(1, top * (view.full ? 1.15 : 1.5));
  view.full = false;
  const lo = -0.1 * view.lim;
  const X = rbScale(lo, view.lim, 522, 802), Y = rbScale(lo, view.lim, 332, 52);
  view.hiddenAxes = { lo, hi: view.lim, x0: 522, x1: 802, y0: 332, y1: 52 };
  ctx.save();
  ctx.beginPath(); ctx.rect(522, 52, 280, 280); ctx.clip();
  ctx.strokeStyle = "#999"; ctx.lineWidth = 0.8;
  ctx.beginPath(); ctx.moveTo(X(0), 52); ctx.lineTo(X(0), 332); ctx.moveTo(522, Y(0)); ctx.lineTo(802, Y(0)); ctx.stroke();
  view.boundary = rbLineInBox(p.v1, p.v2, p.b - 0.5, lo, view.lim);
  if (view.boundary) {
    const [a, b] = view.boundary;
    ctx.strokeStyle = "#404040"; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]);
    ctx.beginPath(); ctx.moveTo(X(a[0]), Y(a[1])); ctx.lineTo(X(b[0]), Y(b[1])); ctx.stroke(); ctx.setLineDash([]);
  }
  ctx.restore();
  const labels = out.rows.map((r) => ({ px: X(r.sa), py: Y(r.ra), r, text: `(${r.u[0]},${r.u[1]}) f = ${fmt(r.f, 2)}` }));
  // squares (f* = 1) first; a circle on a square is drawn smaller, so that both stay visible
  const onSquare = (it) => labels.some((o) => o.r.t === 1 && Math.hypot(o.px - it.px, o.py - it.py) < 10);
  for (const it of [...labels].sort((a, b) => b.r.t - a.r.t)) rbMarker(ctx, it.px, it.py, it.r.t, it.r.t === 0 && onSquare(it) ? 4 : 7);
  ctx.font = "13px sans-serif";
  for (const it of labels) { it.w = ctx.measureText(it.text).width + 4; it.h = 16; }
  rbPlaceLabels(labels, labels.map((it) => [it.px, it.py]), [522, 52, 802, 332]);
  for (const it of labels) {
    ctx.fillStyle = "rgba(255,255,255,0.85)"; ctx.fillRect(it.x, it.y - 8, it.w, 16);
    rbText(ctx, it.text, it.x + 2, it.y, { size: 13 });
  }
  view.labels = labels.map((it) => [it.x, it.y - 8, it.x + it.w, it.y + 8]);   // for tests: no overlap
  view.markers = labels.map((it) => [it.px, it.py]);
  view.points = out.rows.map((r) => [r.sa, r.ra]);
  rbAxes(ctx, { x: X, y: Y, xlabel: "s_a = max{0, s_P} (unit 1)", ylabel: "r_a = max{0, r_P} (unit 2)",
                xcolor: style.s, ycolor: style.r, title: "hidden space: where the inputs land" }, 1);
  let x = legendLine(ctx, 522, 392, "#404040", "f = ½", [6, 4]) + 522 + 48;
  for (const t of [0, 1]) {
    rbMarker(ctx, x, 392, t, 6);
    x += 22 + rbText(ctx, `f* = ${t}`, x + 10, 392, { size: 14 });
  }
}

function table(out, style) {
  const th = (t, c = "#111") => `<th scope="col" style="color:${c}">${t}</th>`;
  const head = `<tr>${th("u")}${th("s<sub>P</sub>", style.s)}${th("r<sub>P</sub>", style.r)}${th("s<sub>a</sub>", style.s)}`
    + `${th("r<sub>a</sub>", style.r)}${th("f")}${th("f*")}${th("(f* − f)²")}</tr>`;
  const rows = out.rows.map((r, n) => {
    const cells = [["u", `(${r.u[0]},${r.u[1]})`], ...["sP", "rP", "sa", "ra", "f"].map((k) => [k, fmt(r[k], 3)]),
                   ["t", `${r.t}`], ["e", fmt((r.t - r.f) ** 2, 3)]];
    return `<tr data-n="${n}">${cells.map(([k, v]) => `<td data-col="${k}">${v}</td>`).join("")}</tr>`;
  });
  return `<table aria-label="the forward pass, sample by sample">${head}${rows.join("")}</table>`;
}

// Words for what the learner sees, as reluback.editor.describe says them (the browser test holds
// the two to each other): solved, thresholding solves it, dead or linear units, a unit cut off by vⱼ = 0.
function words(p, out, solved) {
  const unit = ["unit 1 (s)", "unit 2 (r)"], letter = ["s", "r"], sub = ["₁", "₂"];
  const pre = out.rows.map((r) => [r.sP, r.rP]);
  const said = [];
  if (out.J < solved) said.push("J = 0: XOR solved — all four outputs equal their targets.");
  else if (out.rows.every((r) => (r.f > 0.5) === (r.t > 0.5)))
    said.push("All four outputs are on the right side of ½ (J > 0, but thresholding f at ½ solves XOR).");
  const dead = [0, 1].filter((j) => pre.every((x) => x[j] <= 0));
  const linear = [0, 1].filter((j) => pre.every((x) => x[j] > 0));
  if (dead.length === 2) said.push("Both units are dead (s_P ≤ 0 and r_P ≤ 0 on all four inputs): f = b on every input, "
                                   + "and no gradient reaches w or c.");
  else for (const j of dead) said.push(`${unit[j]} is dead: ${letter[j]}_P ≤ 0 on all four inputs, so ${letter[j]}_a = 0 `
                                       + `and its weights w·${j + 1}, c${sub[j]}, v${sub[j]} get no gradient.`);
  for (const j of linear) said.push(`${unit[j]} is linear on the data: ${letter[j]}_P > 0 on all four inputs, `
                                    + "so its ReLU never bends there.");
  if (dead.length + linear.length === 2) said.push("No unit bends between the four inputs: f is linear on them, "
                                                   + "and no linear f solves XOR (the best gives ½ everywhere, J = ¼).");
  for (const j of [0, 1]) if ([p.v1, p.v2][j] === 0 && !dead.includes(j)) said.push(`v${sub[j]} = 0: ${unit[j]} does not reach f.`);
  return said.join(" ");
}

function status(out) {
  const where = out.rows.map((r) => `(${r.u[0]},${r.u[1]}) lands at s_a = ${fmt(r.sa, 2)}, r_a = ${fmt(r.ra, 2)}, `
    + `f = ${fmt(r.f, 2)} (target ${r.t})`);
  return `J = ${fmt(out.J, 4)}. ${where.join("; ")}.`;
}

function render({ model, el }) {
  const style = model.get("_style"), data = model.get("_data");
  const p = Object.fromEntries(NAMES.map((n) => [n, model.get(n)]));   // what is drawn
  const view = { lim: 1, full: true };    // the hidden space's box; for tests: the last frame's lines, points
  el.rbView = view;
  let setting = false;                    // our own model.set: not a change from Python
  const setAll = (values) => {
    Object.assign(p, values);
    setting = true;
    try { for (const n of NAMES) model.set(n, p[n]); } finally { setting = false; }
    rbSave(model); view.full = true; schedule();
  };
  const random = () => {
    const step = model.get("step"), lo = model.get("lo"), hi = model.get("hi");
    setAll(Object.fromEntries(NAMES.map((n) => [n, Math.min(hi, Math.max(lo, Math.round(rbNormal() / step) * step))])));
  };
  const root = rbRoot(el, "rb-we", CSS);
  const inputs = controls(root, style, (name, v) => { p[name] = v; model.set(name, v); rbSave(model); schedule(); },
                          { book: () => setAll(model.get("_book")), random });
  const { canvas, ctx } = rbCanvas(W, H, "f over the input plane with the kink lines, and the hidden space");
  root.appendChild(canvas);
  const said = root.appendChild(document.createElement("p"));
  said.className = "rb-words"; said.setAttribute("aria-live", "polite");
  const live = rbLive(root), tbl = root.appendChild(document.createElement("div"));
  const heat = { canvas: document.createElement("canvas") };
  heat.canvas.width = heat.canvas.height = RES; heat.ctx = heat.canvas.getContext("2d");

  function frame() {
    for (const n of NAMES) rbShow(inputs[n], p[n], model.get("lo"), model.get("hi"), model.get("step"), n);
    const out = forwardAll(p, data);
    draw(ctx, heat, p, out, view, style);
    said.textContent = words(p, out, style.solved);
    live.textContent = status(out);
    tbl.innerHTML = table(out, style);
  }
  const schedule = rbFrameLoop(frame);
  const changed = () => {                 // a change from Python (a notebook cell, the buttons' click())
    if (setting) return;
    let moved = false;
    for (const n of NAMES) if (model.get(n) !== p[n]) { p[n] = model.get(n); moved = true; }
    if (moved) { view.full = true; schedule(); }
  };
  for (const n of NAMES) model.on(`change:${n}`, changed);
  frame();
  return () => { for (const n of NAMES) model.off(`change:${n}`, changed); };
}

export default { render };
// ---- end of weight_editor.js ----
