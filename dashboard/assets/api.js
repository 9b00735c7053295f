// Same-origin calls to the public REST API with the signed-in token. Failures become ApiError carrying the
// problem+json body, so views show the server's own detail ("this token lacks the runs:write scope").

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The problem slug: not-found, forbidden, run-active, … */
  get slug() {
    return String(this.problem.type ?? '').replace('urn:switchboard:problem:', '');
  }
}

/** Encodes one path segment; session keys may hold '/', sent as %2F. */
export const seg = (s) => encodeURIComponent(s);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export class Api {
  /** @param onUnauthorized called when the token itself is refused (401): expired or revoked */
  constructor(token, onUnauthorized = () => {}) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
  }

  async request(method, path, body, { headers = {}, text = false } = {}) {
    const init = { method, headers: { Authorization: `Bearer ${this.token}`, ...headers }, credentials: 'omit', cache: 'no-store' };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(path, init);
    if (!res.ok) {
      let problem = null;
      try {
        problem = await res.json();
      } catch {
        // not a problem+json body
      }
      if (res.status === 401) this.onUnauthorized();
      throw new ApiError(res.status, problem);
    }
    if (res.status === 204) return null;
    return text ? res.text() : res.json();
  }

  get(path, opts) {
    return this.request('GET', path, undefined, opts);
  }

  post(path, body = {}, opts) {
    return this.request('POST', path, body, opts);
  }

  delete(path, opts) {
    return this.request('DELETE', path, undefined, opts);
  }

  /** GET that answers null for 404 `not-found`: endpoints other builds may not have (checkpoints, stats). */
  async optional(path) {
    try {
      return await this.get(path);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
      throw e;
    }
  }
}
