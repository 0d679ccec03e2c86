import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The folder holding `initdb` and `pg_ctl`: PATH first, then Debian's /usr/lib/postgresql/<v>/bin. */
export function findPostgresBin(): string | null {
  const candidates = (process.env.PATH ?? "").split(delimiter);
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, "bin")));
  }
  return (
    candidates.find((dir) => dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) ??
    null
  );
}
