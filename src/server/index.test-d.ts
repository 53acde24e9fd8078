import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expectTypeOf, it } from 'vitest';
import { createIdentifyHandler, createNodeHandler, type IdentifyHandlerOptions, type SessionUser } from './index.js';

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

  it('gives node handlers the IncomingMessage as context', () => {
    const listener = createNodeHandler({ apiKey: 'k', resolveUser: (_request, req) => (expectTypeOf(req).toEqualTypeOf<IncomingMessage>(), null) });
    expectTypeOf(listener).parameters.toMatchTypeOf<[IncomingMessage, ServerResponse, ((error?: unknown) => void)?]>();
  });
});
