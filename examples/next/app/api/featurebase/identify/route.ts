import { createIdentifyHandler } from 'featurebase-identify/server';
import { cookies } from 'next/headers';
import { readSession, SESSION_COOKIE } from '@/lib/session';

const handler = createIdentifyHandler({
  apiKey: process.env.FEATUREBASE_API_KEY!,
  baseUrl: process.env.FEATUREBASE_API_URL, // unset: Featurebase itself
  resolveUser: async () => {
    const user = await readSession((await cookies()).get(SESSION_COOKIE)?.value);
    return user ? { userId: user.id, email: user.email } : null;
  },
});
export const POST = handler;
