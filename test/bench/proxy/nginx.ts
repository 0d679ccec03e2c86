import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Child, start } from "./processes.ts";

/**
 * The reference: two nginx instances (one worker each, like our two single-threaded
 * proxies) with mTLS between them — front verifies the back's certificate against the
 * root, back requires and verifies a client certificate — and keep-alive pools on
 * both hops.
 */
export async function startNginxPair(opts: {
  dir: string;
  appPort: number;
  frontPort: number;
  backPort: number;
  rootPem: string;
  front: { keyPem: string; certPem: string };
  back: { keyPem: string; certPem: string };
}): Promise<Child[]> {
  const { dir } = opts;
  mkdirSync(dir, { recursive: true });
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text, { mode: 0o600 });
    return join(dir, name);
  };
  const root = file("root.pem", opts.rootPem);
  const frontCert = file("front.pem", opts.front.certPem);
  const frontKey = file("front.key", opts.front.keyPem);
  const backCert = file("back.pem", opts.back.certPem);
  const backKey = file("back.key", opts.back.keyPem);
  const front = file(
    "front.conf",
    frontConfig({
      dir,
      name: "front",
      port: opts.frontPort,
      upstreamPort: opts.backPort,
      certFile: frontCert,
      keyFile: frontKey,
      verify: { rootFile: root, name: "back.mesh" },
    }),
  );
  const back = file(
    "back.conf",
    `${common(dir, "back")}
http {${temps(dir, "back")}
  upstream app { server 127.0.0.1:${opts.appPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${opts.backPort} ssl;
    ssl_certificate ${backCert};
    ssl_certificate_key ${backKey};
    ssl_client_certificate ${root};
    ssl_verify_client on;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  return [await startNginx(back, dir), await startNginx(front, dir)];
}

/**
 * One nginx (one worker) as an mTLS client in front of one of our inbound listeners: the
 * load generator's side of a hop whose server is a single trellis-proxy (the `--workers`
 * scaling). It presents `cert` (a mesh identity our inbound accepts) and does not check
 * the proxy's name: our certificates carry SPIFFE URIs, which nginx cannot match.
 */
export async function startNginxFront(opts: {
  dir: string;
  name: string;
  port: number;
  upstreamPort: number;
  cert: { keyPem: string; certPem: string };
}): Promise<Child> {
  const { dir, name } = opts;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.pem`), opts.cert.certPem, { mode: 0o600 });
  writeFileSync(join(dir, `${name}.key`), opts.cert.keyPem, { mode: 0o600 });
  const conf = join(dir, `${name}.conf`);
  writeFileSync(
    conf,
    frontConfig({
      dir,
      name,
      port: opts.port,
      upstreamPort: opts.upstreamPort,
      certFile: join(dir, `${name}.pem`),
      keyFile: join(dir, `${name}.key`),
    }),
  );
  return startNginx(conf, dir);
}

const common = (dir: string, name: string) => `
user root;
worker_processes 1;
daemon off;
pid ${dir}/${name}.pid;
error_log ${dir}/${name}-error.log warn;
events { worker_connections 4096; }
`;

const temps = (dir: string, name: string) => `
  client_body_temp_path ${dir}/${name}-body; proxy_temp_path ${dir}/${name}-proxy;
  fastcgi_temp_path ${dir}/${name}-fcgi; uwsgi_temp_path ${dir}/${name}-uwsgi; scgi_temp_path ${dir}/${name}-scgi;
  access_log off;`;

/** Plain HTTP in, mTLS out (a client certificate, keep-alive upstream). */
function frontConfig(o: {
  dir: string;
  name: string;
  port: number;
  upstreamPort: number;
  certFile: string;
  keyFile: string;
  verify?: { rootFile: string; name: string };
}): string {
  const verify = o.verify
    ? `proxy_ssl_trusted_certificate ${o.verify.rootFile};
      proxy_ssl_verify on;
      proxy_ssl_name ${o.verify.name};`
    : "proxy_ssl_verify off;";
  return `${common(o.dir, o.name)}
http {${temps(o.dir, o.name)}
  upstream back { server 127.0.0.1:${o.upstreamPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${o.port};
    location / {
      proxy_pass https://back;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_ssl_certificate ${o.certFile};
      proxy_ssl_certificate_key ${o.keyFile};
      ${verify}
      proxy_ssl_session_reuse on;
    }
  }
}
`;
}

async function startNginx(conf: string, dir: string): Promise<Child> {
  const child = start("nginx", ["-c", conf, "-p", dir]);
  // nginx prints nothing on success; give it a moment, then make sure it stayed up.
  await new Promise((r) => setTimeout(r, 300));
  if (child.proc.exitCode !== null) throw new Error(`nginx failed:\n${child.output()}`);
  return child;
}
