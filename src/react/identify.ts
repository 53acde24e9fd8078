import type { ContactInput } from '../index.js';
import { useIdentify, type UseIdentifyOptions } from './use-identify.js';

/** Props of {@link Identify}. */
export interface IdentifyProps extends UseIdentifyOptions {
  /** The signed-in user, `null` when signed out, `undefined` while your auth is loading. */
  contact: ContactInput | null | undefined;
}

/**
 * {@link useIdentify} as a component that renders nothing, for a layout. A server component may
 * render it (the entry is a client module), with a contact it read from the session.
 * @param props - `contact`, and the options of `useIdentify`
 * @returns null
 * @example
 * // app/layout.tsx, a server component
 * import { Identify } from 'featurebase-identify/react';
 *
 * export default async function RootLayout({ children }: { children: React.ReactNode }) {
 *   const user = await getSession(); // your auth
 *   return (
 *     <html lang="en">
 *       <body>
 *         <Identify contact={user ? { userId: user.id, email: user.email, name: user.name } : null} />
 *         {children}
 *       </body>
 *     </html>
 *   );
 * }
 */
export function Identify({ contact, ...options }: IdentifyProps): null {
  useIdentify(contact, options);
  return null;
}
