// A stand-in for Featurebase's runtime (https://do.featurebase.app/js/sdk.js), following its
// snippet's protocol at its most hostile: when it loads, it drains `window.Featurebase.q`, runs
// every entry, then replaces `window.Featurebase` with its own function, dropping whatever was on
// the old one. It records every command it runs in `window.featurebaseRuntime.received` as
// `[name, payload]`, calls a callback (the argument after the payload) once, asynchronously, with
// `(null, { name })`, and answers `unviewed_changelog_count` with 3, as a runtime that returns values.
// Plain ES5 in a classic script: e2e pages load it as the runtime, unit tests run it on a fake window
// (typed as any: it replaces window.Featurebase with a function that is not the SDK's).
(function (/** @type {any} */ window) {
  var runtime = (window.featurebaseRuntime = { received: /** @type {unknown[][]} */ ([]), loads: (window.featurebaseRuntime || { loads: 0 }).loads + 1 });
  /**
   * @param {string} name
   * @param {unknown} [payload]
   * @param {unknown} [callback]
   */
  function handle(name, payload, callback) {
    runtime.received.push([name, payload]);
    if (typeof callback == 'function') setTimeout(function () { callback(null, { name: name }); });
    return name == 'unviewed_changelog_count' ? 3 : undefined;
  }
  var old = window.Featurebase;
  var queued = (old && old.q) || [];
  var entries = Array.prototype.slice.call(queued);
  if (queued.splice) queued.splice(0, queued.length);
  for (var i = 0; i < entries.length; i++) handle.apply(null, entries[i]);
  window.Featurebase = function () {
    return handle.apply(null, /** @type {any} */ (arguments));
  };
})(window);
