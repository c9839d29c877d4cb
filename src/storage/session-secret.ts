/**
 * The hand-over's session secret, kept in this tab's sessionStorage so that patient mode survives a reload (the
 * browser clears it when the tab or browser is closed). It opens only the handed-over assessment; see
 * storage/handover-repository.ts.
 */
const KEY = 'motivation-profile.handover-secret';

export function keepSessionSecret(keyId: string, secret: string): void {
  sessionStorage.setItem(KEY, JSON.stringify({ keyId, secret }));
}

export function readSessionSecret(keyId: string): string | null {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { keyId?: unknown; secret?: unknown } | null;
    return kept?.keyId === keyId && typeof kept.secret === 'string' ? kept.secret : null;
  } catch {
    // Damaged sessionStorage (edited by hand): no secret, so staff take the tablet back with the passphrase.
    return null;
  }
}

export function forgetSessionSecret(): void {
  sessionStorage.removeItem(KEY);
}
