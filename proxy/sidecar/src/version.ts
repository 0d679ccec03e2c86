/** The proxy's semantic version, reported in ProxyHello and ProxyStatus. */
export const proxyVersion = "0.1.0";
