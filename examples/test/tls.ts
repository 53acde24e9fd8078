// A TLS-terminating reverse proxy of the tests' own, as nginx, a load balancer, Heroku, Render or
// Fly put in front of an app: TLS (HTTP/1.1, or HTTP/2) to the browser, plain HTTP/1.1 to the
// app, the Host kept and X-Forwarded-Proto: https added. Its certificate is made at test time.
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import { generate } from 'selfsigned';

/** A self-signed certificate for 127.0.0.1 and localhost, one day long. */
export async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

// Hop-by-hop headers, which HTTP/2 forbids and a proxy does not pass on.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'http2-settings']);

function passOn(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(':') && !HOP_BY_HOP.has(name)));
}

/** A running proxy: `https://127.0.0.1:<port>`. */
export interface Proxy {
  url: string;
  close: () => Promise<void>;
}

/**
 * Starts a TLS-terminating proxy in front of `target`.
 * @param target - the app, `http://127.0.0.1:<port>`
 * @param protocol - what the proxy offers the browser over TLS: HTTP/1.1 only, or HTTP/2 too
 * @returns the proxy
 */
export async function startTlsProxy(target: string, protocol: 'http/1.1' | 'h2'): Promise<Proxy> {
  const tls = await selfSignedCert();
  const forward = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
    const host = String(req.headers.host ?? req.headers[':authority']);
    const headers = { ...passOn(req.headers), host, 'x-forwarded-proto': 'https', 'x-forwarded-for': req.socket.remoteAddress };
    const upstream = httpRequest(target + req.url, { method: req.method, headers }, (answer: IncomingMessage) => {
      res.writeHead(answer.statusCode!, passOn(answer.headers));
      answer.pipe(res as NodeJS.WritableStream);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  // HTTP/2 for Chromium (by ALPN), HTTP/1.1 still for Playwright's own request client.
  const server = protocol == 'h2' ? createSecureServer({ ...tls, allowHTTP1: true }, forward) : createHttpsServer(tls, forward);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const sessions = new Set<{ destroy: () => void }>();
  server.on('secureConnection', (socket) => (sessions.add(socket), socket.on('close', () => sessions.delete(socket))));
  return {
    url: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () =>
      new Promise((done) => {
        for (const socket of sessions) socket.destroy();
        server.close(() => done());
      }),
  };
}
