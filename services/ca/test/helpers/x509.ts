// @peculiar/x509 is the independent ASN.1 implementation tests check the CA with. It needs
// a Reflect metadata polyfill evaluated before it, hence this wrapper.
import "reflect-metadata";

export * from "@peculiar/x509";
