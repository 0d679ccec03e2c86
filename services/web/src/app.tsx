import { roleMay } from "@trellis/protocol/api";
import { type MeResponse, UnauthenticatedError } from "@trellis/sdk";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { api } from "./api/client.ts";
import { Layout } from "./components/layout.tsx";
import { sessionEndedEvent } from "./hooks/use-poll.ts";
import { LoginPage } from "./pages/auth/login.tsx";
import { SignupPage } from "./pages/auth/signup.tsx";
import { navigate, useLocation } from "./router.ts";
import { routeFor } from "./routes.tsx";
import { type Session, SessionContext } from "./session.ts";

const publicPaths = new Set(["/login", "/signup"]);

/** Who is signed in decides everything: public pages without a session, the console with one. */
export function App() {
  const { path, query } = useLocation();
  const [me, setMe] = useState<MeResponse | null | undefined>(undefined);

  const reload = useCallback(async () => {
    try {
      setMe(await api.auth.me());
    } catch (err) {
      if (err instanceof UnauthenticatedError) setMe(null);
      else throw err;
    }
  }, []);

  useEffect(() => {
    reload().catch(() => setMe(null));
    const ended = () => setMe(null);
    window.addEventListener(sessionEndedEvent, ended);
    return () => window.removeEventListener(sessionEndedEvent, ended);
  }, [reload]);

  const session = useMemo<Session | null>(() => {
    if (!me) return null;
    return {
      me,
      can: (what) => roleMay(me.role, `${what}.write`),
      reload,
      signOut: async () => {
        await api.auth.logout().catch(() => undefined);
        setMe(null);
        navigate("/login");
      },
    };
  }, [me, reload]);

  const signedIn = async (next: string) => {
    await reload();
    navigate(next, { replace: true });
  };

  useEffect(() => {
    if (me === null && !publicPaths.has(path)) {
      const next = path === "/" ? "" : `?next=${encodeURIComponent(path)}`;
      navigate(`/login${next}`, { replace: true });
    }
    if (me && publicPaths.has(path)) navigate("/", { replace: true });
  }, [me, path]);

  useEffect(() => {
    document.title = me ? `Trellis — ${me.org.name}` : "Trellis";
  }, [me]);

  if (me === undefined) return <p class="boot muted">Loading Trellis…</p>;
  if (!session) {
    if (path === "/signup") return <SignupPage onSignedIn={signedIn} />;
    return <LoginPage onSignedIn={signedIn} next={safeNext(query.get("next"))} />;
  }
  const page = routeFor(path, query);
  return (
    <SessionContext.Provider value={session}>
      <Layout path={path} mesh={page.mesh}>
        {page.view}
      </Layout>
    </SessionContext.Provider>
  );
}

/** Only same-site console paths are valid redirect targets after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}
