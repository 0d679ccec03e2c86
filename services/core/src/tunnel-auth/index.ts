// Who is on a tunnel stream: join-token exchange and cluster credentials.
// The public surface of this area; everything else in the folder is internal.
export { authenticateCredential } from "./authenticate-credential.ts";
export { exchangeJoinToken } from "./exchange-join-token.ts";
export { loadTunnelCluster, type TunnelCluster } from "./tunnel-cluster.ts";
