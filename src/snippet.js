// The inline pre-load stub. Built to dist/snippet.min.js and pasted verbatim in README.md; it must
// stay under 300 bytes, so every name below is one letter once minified, and the build only renames
// (terser's compress would add braces). What it builds, and what src/shared-global.ts takes over when
// the SDK script loads (README, "Next to Featurebase's widgets"):
//   window.Featurebase  an accessor that always gives this function f; a write (Featurebase's runtime
//                       installing its own function) is kept as f.r, so nothing can drop the stub
//   f(name, ...args)    the call style, shared with Featurebase's own snippet: one of our names, with a
//                       payload naming no Featurebase workspace (`appId` or `organization`), waits for
//                       the SDK in f.p; any other call, their `identify` included, goes to Featurebase's
//                       runtime f.r, or waits in f.q, their queue, which their runtime reads when it loads
//   f.identify(...) ... our methods: f(name, f, ...args), f itself marking the method style (always
//                       ours: f names no workspace)
//   f.p                 the log: the array of those methods (map's result, which saves `f.p = []`),
//                       then each call for the SDK, as an array
// The SDK, once loaded, sets f.p to 0 and f.r to an accessor giving its dispatcher, so every call then
// reaches the SDK, which runs ours and passes theirs on. Nothing is installed when window.Featurebase
// has a `p` already: this stub ran before, or the SDK has loaded.
((w, n, f = (...a) => ((n = !f[a[0]] || a[1]?.appId || a[1]?.organization ? !f.r && f.q : f.p) ? void n.push(a) : f.r(...a))) =>
  w[n]?.p ??
  ((f.q = (f.r = w[n])?.q || []),
  Object.defineProperty(w, n, { get: (_) => f, set: (v) => v != f && (f.r = v) }),
  (f.p = 'identify init reset getIdentity on debug'.split` `.map((m) => (f[m] = f.bind(0, m, f))))))(self, 'Featurebase');
