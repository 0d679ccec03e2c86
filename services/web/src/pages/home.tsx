import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { LoadError, Loading } from "../components/ui.tsx";
import { navigate } from "../router.ts";

/** `/`: the last mesh you looked at, the first mesh, or onboarding when there is none. */
export function HomePage() {
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.meshes
      .list({ limit: 200 })
      .then((page) => {
        const last = localStorage.getItem("trellis.lastMesh");
        const mesh = page.items.find((m) => m.name === last) ?? page.items[0];
        navigate(mesh ? `/meshes/${encodeURIComponent(mesh.name)}` : "/onboarding", { replace: true });
      })
      .catch(setError);
  }, []);
  return error ? <LoadError error={error} what="your meshes" /> : <Loading what="your meshes" />;
}
