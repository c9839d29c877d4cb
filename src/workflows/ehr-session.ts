import { saveFhirServer, type FhirServerSettings } from '../storage/settings-repository.ts';
import type { WorkflowContext } from './workflow-context.ts';

/**
 * The network of one send or fetch under a SMART sign-in: every request carries the current access token; on a 401
 * the token is refreshed once (the new session sealed at once) and the request sent again. When the EHR refuses
 * the refresh, or the refreshed token too, the sign-in has been ended or revoked: it is stored as `ended` (its
 * tokens deleted; Settings says so) and the 401 goes back to the push or pull client, which reports `sign-in-ended`.
 * Anything queued in the outbox stays there. Other sign-ins get the context as it is.
 */
export async function withEhrSession<Ctx extends Pick<WorkflowContext, 'vault' | 'env'>>(ctx: Ctx, server: FhirServerSettings): Promise<Ctx> {
  const { auth } = server;
  if (auth.kind !== 'smart' || auth.sign.state !== 'signed-in') return ctx;
  const { refreshSession } = await import('../export/fhir/smart-client.ts');
  const { vault, env } = ctx;
  let session = auth.sign.session;
  let refreshed = false;
  let ended = false;
  const withToken = (init: RequestInit | undefined): RequestInit => ({ ...init, headers: { ...(init?.headers as Record<string, string> | undefined), Authorization: `Bearer ${session.accessToken}` } });
  const end = async () => {
    ended = true;
    // Stored even if this fails to be: the 401 still goes back, and nothing more is sent this time.
    await saveFhirServer(vault, { ...server, auth: { ...auth, sign: { state: 'ended' } } });
  };
  const fetchFn: typeof fetch = async (input, init) => {
    const first = await env.fetch(input, withToken(init));
    if (first.status !== 401 || ended) return first;
    if (refreshed || auth.tokenEndpoint === null) {
      await end();
      return first;
    }
    refreshed = true;
    const next = await refreshSession({ tokenEndpoint: auth.tokenEndpoint, clientId: auth.clientId, session }, env.fetch);
    // No answer from the token endpoint is no answer at all: as fetch says it (a TypeError), not a revocation.
    if (!next.ok && next.error.code === 'network') throw new TypeError(next.error.message);
    if (!next.ok) {
      await end();
      return first;
    }
    session = next.value;
    await saveFhirServer(vault, { ...server, auth: { ...auth, sign: { state: 'signed-in', session } } });
    const again = await env.fetch(input, withToken(init));
    if (again.status === 401) await end();
    return again;
  };
  return { ...ctx, env: { ...env, fetch: fetchFn } };
}
