import type pg from "pg";
import type { Classification } from "@mesh/contracts";
import { InputError } from "@mesh/core";
import type { PortKind } from "./ability.js";
import type { AccessDecision } from "./access-control.js";

/** A decision as the audit log keeps it; `id` (a bigint, as text) is also its page cursor. */
export type AuditEntry = AccessDecision & { id: string };

export interface AuditLogQuery {
  subject?: string;
  resource?: string;
  allowed?: boolean;
  /** Page size, 1 to 500 (default 50). */
  first?: number;
  /** The `endCursor` of the previous page. */
  after?: string;
}

export interface AuditLogPage {
  entries: AuditEntry[];
  hasNextPage: boolean;
  /** The last entry's id, to pass as `after`; null on an empty page. */
  endCursor: string | null;
}

export const AUDIT_PAGE_MAX = 500;

/**
 * A page of the access audit log, newest decision first (ties by id), filters ANDed. Keyset
 * pagination on (at, id), so a page costs the same however deep it is and entries written
 * meanwhile never shift a page.
 */
export async function readAuditLog(pool: pg.Pool, query: AuditLogQuery = {}): Promise<AuditLogPage> {
  const { subject = null, resource = null, allowed = null, first = 50, after = null } = query;
  if (!Number.isInteger(first) || first < 1 || first > AUDIT_PAGE_MAX) {
    throw new InputError(`first must be an integer from 1 to ${AUDIT_PAGE_MAX}, not ${first}`);
  }
  if (after !== null && !/^[1-9][0-9]{0,18}$/.test(after)) {
    throw new InputError(`after must be an endCursor of the audit log (an entry id), not "${after}"`);
  }
  const result = await pool.query<Row>(
    `select id, at, request_id, subject, client_id, action, kind, resource, domain, port, classification, allowed
       from platform.access_audit
      where ($1::text is null or subject = $1)
        and ($2::text is null or resource = $2)
        and ($3::boolean is null or allowed = $3)
        and ($4::bigint is null or (at, id) < (select c.at, c.id from platform.access_audit c where c.id = $4))
      order by at desc, id desc
      limit $5`,
    [subject, resource, allowed, after, first + 1],
  );
  const entries = result.rows.slice(0, first).map(toEntry);
  return { entries, hasNextPage: result.rows.length > first, endCursor: entries.at(-1)?.id ?? null };
}

interface Row {
  id: string;
  at: Date;
  request_id: string;
  subject: string;
  client_id: string;
  action: string;
  kind: string;
  resource: string;
  domain: string;
  port: string | null;
  classification: string | null;
  allowed: boolean;
}

// The table holds only what `PostgresAuditSink` wrote from typed decisions.
const toEntry = (row: Row): AuditEntry => ({
  id: row.id,
  at: row.at,
  requestId: row.request_id,
  subject: row.subject,
  clientId: row.client_id,
  action: row.action as AccessDecision["action"],
  kind: row.kind as AccessDecision["kind"],
  resource: row.resource,
  domain: row.domain,
  port: row.port as PortKind | null,
  classification: row.classification as Classification | null,
  allowed: row.allowed,
});
