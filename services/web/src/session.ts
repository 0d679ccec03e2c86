import type { MeResponse } from "@trellis/sdk";
import { createContext } from "preact";
import { useContext } from "preact/hooks";

export interface Session {
  me: MeResponse;
  /** May the caller change things of this kind? Viewers see no edit buttons. */
  can: (what: "resources" | "meshes" | "clusters" | "tokens" | "members" | "ca" | "webhooks") => boolean;
  signOut: () => Promise<void>;
  reload: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside a signed-in page");
  return s;
}
