// ---- backward_stepper.js: the backward stepper drawn in the page (reluback/widgets/live_stepper.py) ----
// State: the trait `graph` (serialised once by Python: nodes, edges, reveal order, and every step's
// words and verdicts, all from reluback.graph.stepper_state) and the trait `step`. Nothing is computed
// here but which of those to show: step k reveals the first k nodes of graph.order.
// Uses plot.js (rbText, rbCanvas, rbRoot, rbSlider, rbButton, rbLive, rbFrameLoop, rbHtml, rbSave).

const W = 860, H = 462, X0 = 46, DX = 95.5, Y0 = 80, DY = 68, BOX_H = 24;
const DIM = "#c7c7c7", LIT = "#404040", NOW = "#f5c400";
const GUESSES = [["+", "positive"], ["−", "negative"], ["0", "exactly 0"]];

const CSS = `
.rb-bs { max-width: ${W}px; }
.rb-bs .rb-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; margin-bottom: 4px; }
.rb-bs .rb-bar .rb-row { width: 340px; grid-template-columns: 2.6em 1fr 5.5em; }
.rb-bs .rb-bar output { white-space: nowrap; }
.rb-bs .rb-bar button { margin: 0; }
.rb-bs .rb-guess button { min-width: 2.6em; font-weight: bold; }
.rb-bs button:disabled { opacity: 0.45; cursor: default; }
.rb-bs .rb-line { margin: 6px 0 2px; font-family: serif; font-size: 16px; }
.rb-bs .rb-pattern { margin: 2px 0; font-style: italic; }
.rb-bs .rb-verdict { margin: 2px 0; font-weight: bold; min-height: 1.3em; }
.rb-bs .rb-guess span { margin-right: 4px; }`;

// ---- what step `step` shows (pure: no page, run in node by tests/test_live_stepper.py) ----

// The nodes revealed at `step`: the first `step` of the reveal order.
const revealed = (g, step) => new Set(g.order.slice(0, step));

// Per node, the texts drawn: the value above; below, ∂J/∂node once revealed, "?" on the next node.
function nodeTexts(g, step) {
  const shown = revealed(g, step), s = g.steps[step];
  return g.nodes.map((x, k) => ({ above: x.value_text, below: shown.has(k) ? x.grad_text : k === s.next ? "?" : "",
                                  current: k === s.current }));
}

// The edges [input, consumer] the gradient has come back along: those whose consumer is revealed.
const litEdges = (g, step) => { const shown = revealed(g, step); return g.edges.filter(([, p]) => shown.has(p)); };

// The words under the picture; `guess` ('+', '−', '0' or null): the learner's guess for this step's node.
function words(g, step, guess) {
  const s = g.steps[step];
  return { line: `${s.head} ${s.line}`, pattern: s.pattern, verdict: (guess && s.verdicts[guess]) || "", ask: s.ask, said: s.said };
}

// ---- the picture ----

// Each node's box (centre x, y; width w) at the label's measured width.
function layout(ctx, g) {
  ctx.font = "15px sans-serif";
  return g.nodes.map((x) => ({ x: X0 + x.col * DX, y: Y0 + x.row * DY,
                               w: Math.max(30, ctx.measureText(x.label.replace(/_/g, "")).width + 16) }));
}

function arrow(ctx, x0, y0, x1, y1, color, width) {
  const a = Math.atan2(y1 - y0, x1 - x0), L = 8;
  ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = width;
  ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1 - L * 0.8 * Math.cos(a), y1 - L * 0.8 * Math.sin(a)); ctx.stroke();
  ctx.beginPath(); ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - L * Math.cos(a - 0.4), y1 - L * Math.sin(a - 0.4));
  ctx.lineTo(x1 - L * Math.cos(a + 0.4), y1 - L * Math.sin(a + 0.4)); ctx.closePath(); ctx.fill();
}

// Edges enter a consumer's left side top to bottom, in the order of their inputs' rows.
function edgeEnds(g, boxes) {
  const into = {};
  for (const [k, p] of g.edges) (into[p] = into[p] || []).push(k);
  const ends = {};
  for (const [p, ks] of Object.entries(into)) {
    ks.sort((a, b) => g.nodes[a].row - g.nodes[b].row);
    ks.forEach((k, rank) => {
      const a = boxes[k], b = boxes[p], spread = ks.length > 1 ? BOX_H * 0.6 * (rank / (ks.length - 1) - 0.5) : 0;
      ends[`${k},${p}`] = [a.x + a.w / 2 + 2, a.y, b.x - b.w / 2 - 3, b.y + spread];
    });
  }
  return ends;
}

// A text on a white ground (numbers sit over the edges); its box goes in `rects` for the overlap test.
function label(ctx, rects, text, x, y, opts, kind) {
  ctx.font = `${opts.weight || ""} ${opts.size}px sans-serif`;
  const w = ctx.measureText(text).width + 4, h = opts.size + 3;
  ctx.fillStyle = "#fff"; ctx.fillRect(x - w / 2, y - h / 2, w, h);
  rbText(ctx, text, x, y, { ...opts, align: "center" });
  rects.push([x - w / 2, y - h / 2, x + w / 2, y + h / 2, kind]);
}

function draw(ctx, g, step, view) {
  const boxes = view.boxes || (view.boxes = layout(ctx, g)), ends = view.ends || (view.ends = edgeEnds(g, boxes));
  const texts = nodeTexts(g, step), lit = new Set(litEdges(g, step).map(([k, p]) => `${k},${p}`));
  const current = g.steps[step].current, rects = [];
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
  rbText(ctx, g.title, 10, 16, { size: 14 });
  rbText(ctx, "grey, above a node: its value (forward)", W - 10, 12, { size: 12, align: "right", color: "#555" });
  rbText(ctx, "bold, below: ∂J/∂node (backward), in its unit's colour; ? next", W - 10, 28, { size: 12, align: "right", color: "#555" });
  for (const [k, p] of g.edges) {
    const on = lit.has(`${k},${p}`);
    arrow(ctx, ...ends[`${k},${p}`], on ? LIT : DIM, on && k === current ? 2.4 : 1.2);
  }
  g.nodes.forEach((x, k) => {
    const b = boxes[k], t = texts[k];
    ctx.fillStyle = "#fff"; ctx.strokeStyle = x.color; ctx.lineWidth = 1.3;
    ctx.beginPath(); ctx.roundRect(b.x - b.w / 2, b.y - BOX_H / 2, b.w, BOX_H, 5); ctx.fill(); ctx.stroke();
    if (t.current) {
      ctx.strokeStyle = NOW; ctx.lineWidth = 3.5;
      ctx.beginPath(); ctx.roundRect(b.x - b.w / 2 - 3, b.y - BOX_H / 2 - 3, b.w + 6, BOX_H + 6, 7); ctx.stroke();
    }
    rbText(ctx, x.label, b.x, b.y, { size: 15, align: "center", color: "#000" });
    rects.push([b.x - b.w / 2 - 3, b.y - BOX_H / 2 - 3, b.x + b.w / 2 + 3, b.y + BOX_H / 2 + 3, `box ${k}`]);
    label(ctx, rects, t.above, b.x, b.y - 23, { size: 12, color: "#555" }, `value ${k}`);
    if (t.below) label(ctx, rects, t.below, b.x, b.y + 24, { size: 13, weight: "bold", color: t.below === "?" ? "#777" : x.color }, `grad ${k}`);
  });
  Object.assign(view, { step, texts, rects, lit: [...lit] });      // for tests: what this frame shows
}

// ---- the page ----

function controls(root, g, go) {
  const bar = root.appendChild(document.createElement("div"));
  bar.className = "rb-bar";
  const last = g.order.length;
  const back = rbButton(bar, "back", "◀ back", "hide the last gradient revealed", () => go(-1, null));
  const slider = rbSlider(bar, "step", "step", "#111", (v) => go(v, null, true));
  Object.assign(slider, { min: 0, max: last, step: 1 });
  const next = rbButton(bar, "next", "reveal next ▶", "reveal the next node's gradient", () => go(1, null));
  const row = root.appendChild(document.createElement("div"));
  row.className = "rb-bar rb-guess";
  const ask = row.appendChild(document.createElement("span"));
  const guesses = GUESSES.map(([sign, said]) => rbButton(row, `guess${sign}`, sign,
    `guess: ∂J/∂ of the next node is ${said}; then reveal it`, () => go(1, sign)));
  guesses.forEach((b, i) => b.setAttribute("aria-label", `guess ${GUESSES[i][1]}, then reveal`));
  return { back, slider, next, guesses, ask };
}

function render({ model, el }) {
  const g = model.get("graph"), last = g.order.length;
  const view = { verdict: null };            // verdict: {step, guess} of the last guess, shown at its step
  el.rbView = view;
  let step = model.get("step");
  const root = rbRoot(el, "rb-bs", CSS);
  const go = (move, guess, absolute = false) => {       // a move from the page: back, next, a guess, the slider
    const to = Math.max(0, Math.min(last, absolute ? move : step + move));
    view.verdict = guess && to === step + 1 ? { step: to, guess } : null;
    if (to !== step) { step = to; model.set("step", step); rbSave(model); }
    schedule();
  };
  const c = controls(root, g, go);
  const { canvas, ctx } = rbCanvas(W, H, "the graph of one sample, values above, gradients below");
  root.appendChild(canvas);
  const p = (cls) => { const e = root.appendChild(document.createElement("p")); e.className = cls; return e; };
  const line = p("rb-line"), pattern = p("rb-pattern"), verdict = p("rb-verdict");
  const live = rbLive(root);
  const html = (t) => rbHtml(t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));

  function frame() {
    const guess = view.verdict && view.verdict.step === step ? view.verdict.guess : null;
    const said = words(g, step, guess);
    draw(ctx, g, step, view);
    c.slider.value = step;
    c.slider.nextElementSibling.value = `${step} / ${last}`;
    c.slider.setAttribute("aria-valuetext", `step ${step} of ${last}`);
    c.back.disabled = step === 0; c.next.disabled = step === last;
    for (const b of c.guesses) b.disabled = step === last;
    c.ask.innerHTML = html(said.ask);
    line.innerHTML = html(said.line); pattern.innerHTML = html(said.pattern); verdict.innerHTML = html(said.verdict);
    live.textContent = said.said;
    Object.assign(view, { words: said });
  }
  const schedule = rbFrameLoop(frame);
  const changed = () => {                    // a change from Python (a notebook cell, next/back click())
    if (model.get("step") === step) return;
    step = model.get("step"); view.verdict = null; schedule();
  };
  model.on("change:step", changed);
  frame();
  return () => model.off("change:step", changed);
}

export default { render };
// ---- end of backward_stepper.js ----
