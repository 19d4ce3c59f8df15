import { DevTokenIssuer, type Role } from "@mesh/access";
import { loadConfig } from "@mesh/core";

export interface TokenCommandOptions {
  role: string;
  domain?: string;
  expires?: string;
}

/**
 * `mesh token --role <role> [--domain <d>]`: prints a bearer token of the development realm
 * (the embedded default's stand-in for Keycloak), signed with the realm key in $MESH_HOME.
 */
export async function tokenCommand(options: TokenCommandOptions): Promise<void> {
  const issuer = await DevTokenIssuer.open(loadConfig().home);
  const token = await issuer.issue({
    role: options.role as Role,
    ...(options.domain ? { domain: options.domain } : {}),
    ...(options.expires ? { expiresInSeconds: Number(options.expires) } : {}),
  });
  process.stdout.write(`${token}\n`);
}
