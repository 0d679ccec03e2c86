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
  const common = (name: string) => `
user root;
worker_processes 1;
daemon off;
pid ${dir}/${name}.pid;
error_log ${dir}/${name}-error.log warn;
events { worker_connections 4096; }
`;
  const temps = (name: string) => `
  client_body_temp_path ${dir}/${name}-body; proxy_temp_path ${dir}/${name}-proxy;
  fastcgi_temp_path ${dir}/${name}-fcgi; uwsgi_temp_path ${dir}/${name}-uwsgi; scgi_temp_path ${dir}/${name}-scgi;
  access_log off;`;
  const front = file(
    "front.conf",
    `${common("front")}
http {${temps("front")}
  upstream back { server 127.0.0.1:${opts.backPort}; keepalive 64; }
  server {
    listen 127.0.0.1:${opts.frontPort};
    location / {
      proxy_pass https://back;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_ssl_certificate ${frontCert};
      proxy_ssl_certificate_key ${frontKey};
      proxy_ssl_trusted_certificate ${root};
      proxy_ssl_verify on;
      proxy_ssl_name back.mesh;
      proxy_ssl_session_reuse on;
    }
  }
}
`,
  );
  const back = file(
    "back.conf",
    `${common("back")}
http {${temps("back")}
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
  const children = [start("nginx", ["-c", back, "-p", dir]), start("nginx", ["-c", front, "-p", dir])];
  // nginx prints nothing on success; wait until both ports answer.
  await new Promise((r) => setTimeout(r, 300));
  for (const c of children) {
    if (c.proc.exitCode !== null) throw new Error(`nginx failed:\n${c.output()}`);
  }
  return children;
}
