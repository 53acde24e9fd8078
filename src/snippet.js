// The inline pre-load stub. Built to dist/snippet.min.js and pasted verbatim in README.md; it must
// stay under 300 bytes, so every name below is one letter once minified. What it builds, and what
// src/shared-global.ts takes over when the SDK script loads (README, "Next to Featurebase's widgets"):
//   window.Featurebase  an accessor: reads give this function, or f.b, the SDK's once loaded; a
//                       write (Featurebase's runtime installing its own function) is kept as f.r,
//                       so nothing can drop the stub or the SDK
//   f(name, ...args)    the call style, shared with Featurebase's own snippet: a call with one of our
//                       names (identify included: the stub cannot tell the two payloads apart) waits
//                       for the SDK in f.p; any other goes to Featurebase's runtime f.r, or waits in
//                       f.q, their queue, which their runtime reads when it loads
//   f.identify(...) ... our methods: logged in f.p as [[name], ...args]
// Nothing is installed when window.Featurebase is ours already (this stub run twice, or the SDK loaded).
!((w, n, p, f, t) => {
  ((p = w[n]) && p.p) ||
    (Object.defineProperty(w, n, { get: () => f.b || f, set: (v) => v != f && (f.r = v) }),
    ((f = (...a) => ((t = a[0] in f ? f.p : !f.r && f.q) ? void t.push(a) : f.r(...a))).p = []),
    (f.q = (f.r = p || 0).q || []),
    'identify init reset getIdentity on debug'.split(' ').map((n) => (f[n] = (...a) => f([n], ...a))));
})(self, 'Featurebase');
