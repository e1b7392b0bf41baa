// The widget renderer (embed-amd.js, loaded next) asks require.js for each widget's module:
// anywidget's comes from this site (_static/vendor/anywidget/index.js), never from a CDN.
(function () {
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  require.config({ paths: { anywidget: here + "vendor/anywidget/index" } });
})();
