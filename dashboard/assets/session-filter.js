// Whether a session pushed live belongs in the table under its current filters (the same rules as the API's
// GET /v1/sessions: exact status/channel/agent, q a case-insensitive substring of title or key). Pure.
export function matchesFilters(session, filters) {
  if (!session) return false;
  if (filters.status && session.status !== filters.status) return false;
  if (filters.channel && session.channel !== filters.channel) return false;
  if (filters.agent && session.agent !== filters.agent) return false;
  if (filters.q) {
    const q = filters.q.toLowerCase();
    const inKey = String(session.key ?? '').toLowerCase().includes(q);
    const inTitle = String(session.title ?? '').toLowerCase().includes(q);
    if (!inKey && !inTitle) return false;
  }
  return true;
}

/** Newer of two versions of one session: the higher version wins, an equal one replaces (fresher counters). */
export function newer(current, incoming) {
  if (!current) return incoming;
  return (incoming?.version ?? 0) >= (current.version ?? 0) ? incoming : current;
}
