// The widget renderer (embed-amd.js, loaded next) asks require.js for each widget's module:
// anywidget's comes from this site (_static/vendor/anywidget/index.js), never from a CDN.
// The renderer's own modules are mapped into vendor/html-manager/ too: webpack finds its fonts
// (the icons of buttons) beside the module's URL, so they load from there.
(function () {
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  var hm = here + "vendor/html-manager/";
  require.config({ paths: {
    "anywidget": here + "vendor/anywidget/index",
    "@jupyter-widgets/html-manager/dist": hm.slice(0, -1),
    "@jupyter-widgets/html-manager": hm + "html-manager",
    "@jupyter-widgets/base": hm + "base",
    "@jupyter-widgets/controls": hm + "controls",
    "@jupyter-widgets/output": hm + "output"
  } });
})();

// The widget renderer typesets labels with MathJax 2's MathJax.Hub.Queue; the book has MathJax 3,
// which has no Hub: give it one that calls MathJax 3's typesetPromise (else each label throws).
(function () {
  function shim() {
    var mj = window.MathJax;
    if (mj && mj.typesetPromise && !mj.Hub) {
      mj.Hub = { Queue: function (job) { mj.typesetPromise([job[2]]).catch(function () {}); } };
      return true;
    }
    return false;
  }
  var timer = setInterval(function () { if (shim()) clearInterval(timer); }, 20);
  setTimeout(function () { clearInterval(timer); }, 30000);
})();
