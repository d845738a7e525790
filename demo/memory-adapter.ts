import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  readonly payload: AdapterPayload;
  readonly expiresAt: number;
}

/** Store size at which expired entries are swept out on the next write. */
const SWEEP_THRESHOLD = 10_000;

/** Artifacts that belong to a grant and must die with it (RFC 9700 §4.14.2 refresh token reuse). */
const GRANT_BOUND = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode']);

/**
 * Creates the storage adapter factory the demo provider uses: every artifact (sessions,
 * interactions, grants, codes, tokens) lives in one process-local `Map` and is gone when the
 * process exits. That is exactly right for a demo and wrong for anything else.
 *
 * It is written here rather than using oidc-provider's bundled memory adapter so that the storage
 * the demo relies on (grant-wide revocation included) is visible in one small file, and so that the
 * provider does not print its "development-only adapter" warning on every start.
 */
export function createMemoryAdapterFactory(): (model: string) => Adapter {
  const entries = new Map<string, Entry>();
  const sessionsByUid = new Map<string, string>();
  const grantMembers = new Map<string, Set<string>>();

  const read = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry?.payload;
  };

  // Expired entries are dropped when read; a periodic sweep bounds what is never read again.
  const sweep = (): void => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  };

  return (model: string): Adapter => {
    const keyFor = (id: string): string => `${model}:${id}`;
    return {
      upsert(id, payload, expiresIn) {
        const key = keyFor(id);
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
        if (entries.size >= SWEEP_THRESHOLD) sweep();
        entries.set(key, { payload, expiresAt });
        if (model === 'Session' && typeof payload.uid === 'string') sessionsByUid.set(payload.uid, id);
        if (GRANT_BOUND.has(model) && payload.grantId) {
          const members = grantMembers.get(payload.grantId) ?? new Set<string>();
          grantMembers.set(payload.grantId, members.add(key));
        }
        return Promise.resolve();
      },
      find(id) {
        return Promise.resolve(read(keyFor(id)));
      },
      findByUid(uid) {
        const id = sessionsByUid.get(uid);
        return Promise.resolve(id === undefined ? undefined : read(keyFor(id)));
      },
      findByUserCode() {
        return Promise.resolve(undefined); // the device flow is not enabled in the demo
      },
      consume(id) {
        const payload = read(keyFor(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
        return Promise.resolve();
      },
      destroy(id) {
        const payload = read(keyFor(id));
        if (typeof payload?.uid === 'string') sessionsByUid.delete(payload.uid);
        entries.delete(keyFor(id));
        return Promise.resolve();
      },
      revokeByGrantId(grantId) {
        for (const key of grantMembers.get(grantId) ?? []) entries.delete(key);
        grantMembers.delete(grantId);
        return Promise.resolve();
      },
    };
  };
}
