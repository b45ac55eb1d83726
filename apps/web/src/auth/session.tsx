import type { TUser } from '@wfchat/contracts';
import { createContext, useContext } from 'react';

export interface Session {
  user: TUser;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/** The signed-in user; only inside the Canvas layout. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <CanvasLayout>');
  return session;
}
