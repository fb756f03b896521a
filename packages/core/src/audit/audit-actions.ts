/**
 * Every kind of change the audit log records. PERSISTED DATA: these names are stored in every
 * audit entry and hashed into the chain; add new ones, never rename or remove one (a migration
 * cannot rewrite a hash chain).
 */
export const AUDIT_ACTIONS = [
  'bank.created',
  'bank.entries_added',
  'bank.entries_withdrawn',
  'bank.mirror_applied',
  'org.created',
  'org.configured',
  'org.webhook_secret_set',
  'user.created',
  'api_key.issued',
  'api_key.revoked',
  'screening.recorded',
  'screening.detected',
  'case.opened',
  'case.url_added',
  'case.withdrawn',
  'notice.sent',
  'notice.transitioned',
  'org.domains_set',
  'review.opened',
  'review.updated',
  'org.webhook_url_set',
  'media.retained',
  'media.purged',
  'evidence.fixed',
  'evidence.exported',
  'media.viewed',
  'case.note_added',
  'user.disabled',
  'monitor.created',
  'monitor.paused',
  'monitor.resumed',
  'monitor.found',
  'keys.resealed',
  'user.enabled',
  'abuse.flagged',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}
