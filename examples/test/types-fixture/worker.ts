// A Workers-style project: lib ES2022 and DOM, no @types/node, skipLibCheck off.
import { identify } from 'featurebase-identify';
import { createIdentifyHandler, createNodeHandler, type IdentifyHandler } from 'featurebase-identify/server';

const handler: IdentifyHandler = createIdentifyHandler({
  apiKey: 'fb_key',
  resolveUser: async (request) => (request.headers.get('cookie') ? { userId: 'usr_1', email: 'ada@example.com' } : null),
});

export default { fetch: (request: Request): Promise<Response> => handler(request) };

// The node adapter's types name no Node type either.
export const listener = createNodeHandler({ apiKey: 'fb_key', resolveUser: (_request, req) => (req.headers.cookie ? { userId: 'usr_1' } : null) });

export const browser: typeof identify = identify;
