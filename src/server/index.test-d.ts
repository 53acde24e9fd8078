import type { IncomingMessage, RequestListener } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { describe, expectTypeOf, it } from 'vitest';
import { createIdentifyHandler, createNodeHandler, redisStore, toNodeHandler, type IdentifyHandlerOptions, type NodeRequest, type ProxyStore, type SessionUser, type SignedInUser } from './index.js';

describe('server types', () => {
  it('is a Fetch handler whose context reaches the callbacks', () => {
    const handler = createIdentifyHandler<{ userId: string }>({
      apiKey: 'k',
      resolveUser: (request, context) => {
        expectTypeOf(request).toEqualTypeOf<Request>();
        expectTypeOf(context).toEqualTypeOf<{ userId: string }>();
        return { userId: context.userId };
      },
    });
    expectTypeOf(handler).parameters.toEqualTypeOf<[Request, ({ userId: string } | undefined)?]>();
    expectTypeOf(handler).returns.resolves.toEqualTypeOf<Response>();
  });

  it('needs an apiKey, and types the options', () => {
    // @ts-expect-error apiKey is required
    createIdentifyHandler({ resolveUser: () => null });
    // @ts-expect-error only roles, userHash and companyHash can be allowed
    createIdentifyHandler({ apiKey: 'k', allowUnauthenticated: true, browserMaySet: ['email'] });
    expectTypeOf<ReturnType<NonNullable<IdentifyHandlerOptions['resolveUser']>>>().toEqualTypeOf<
      SessionUser | null | undefined | Promise<SessionUser | null | undefined>
    >();
  });

  it('takes integer ids and companyIds from resolveUser, and gives enrich string identifiers', () => {
    createIdentifyHandler({
      apiKey: 'k',
      resolveUser: () => ({ userId: 42, companyIds: ['acme', 7] }),
      browserMaySet: ['companies'],
      limits: { perUserPerMinute: false, keyPerMinute: 100 },
      dedupeMs: 0,
      maxCompanies: 5,
      bodyTimeoutMs: 1000,
      enrich: (contact, user) => {
        expectTypeOf(user).toEqualTypeOf<SignedInUser | null>();
        expectTypeOf(user!.userId).toEqualTypeOf<string | undefined>();
        return contact;
      },
    });
    // @ts-expect-error a limit is a number or false
    createIdentifyHandler({ apiKey: 'k', allowUnauthenticated: true, limits: { perUserPerMinute: true } });
  });

  it('gives node handlers the node request as context, typed as the app says', () => {
    createNodeHandler({ apiKey: 'k', resolveUser: (_request, req) => (expectTypeOf(req).toEqualTypeOf<NodeRequest>(), null) });
    createNodeHandler({ apiKey: 'k', resolveUser: (_request, req: IncomingMessage) => (expectTypeOf(req.headers.cookie).toEqualTypeOf<string | undefined>(), null) });
    const handler = createIdentifyHandler<IncomingMessage>({ apiKey: 'k', resolveUser: () => null });
    expectTypeOf(toNodeHandler(handler)).toMatchTypeOf<RequestListener>();
  });

  it('accepts node:http and node:http2 requests and responses, without naming their types', () => {
    const listener = createNodeHandler({ apiKey: 'k', resolveUser: () => null });
    expectTypeOf(listener).toMatchTypeOf<RequestListener>();
    expectTypeOf(listener).toMatchTypeOf<(req: Http2ServerRequest, res: Http2ServerResponse) => void>();
  });

  it('takes a node-redis or an ioredis client for the Redis store, and nothing else', () => {
    const store = redisStore(createClient(), { prefix: 'app-a:', timeoutMs: 250, onError: 'closed' });
    expectTypeOf(store).toEqualTypeOf<ProxyStore>();
    createIdentifyHandler({ apiKey: 'k', allowUnauthenticated: true, store });
    createIdentifyHandler({ apiKey: 'k', allowUnauthenticated: true, store: redisStore(new Redis()) });
    // @ts-expect-error a Redis client, not a URL
    redisStore('redis://localhost:6379');
    // @ts-expect-error the policy is 'open' or 'closed'
    redisStore(new Redis(), { onError: 'retry' });
  });
});
