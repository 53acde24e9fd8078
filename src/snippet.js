// The inline pre-load stub. Built to dist/snippet.min.js and pasted verbatim in README.md.
// It queues calls until the SDK loads, in the same shape as Featurebase's own snippet.
!(function (w, f) {
  f = w.Featurebase =
    w.Featurebase ||
    function () {
      (f.q = f.q || []).push(arguments);
    };
  f.identify =
    f.identify ||
    function () {
      f.apply(0, ['identify'].concat([].slice.call(arguments)));
    };
})(window);
