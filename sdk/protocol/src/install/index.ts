// Entry point `@trellis/protocol/install`: how a customer installs a connector.
export { renderConnectorCommand } from "./connector-command.ts";
export {
  type ConnectorManifestInput,
  connectorAdminPort,
  connectorProxyPort,
  defaultConnectorImage,
  renderConnectorManifest,
} from "./connector-manifest.ts";
