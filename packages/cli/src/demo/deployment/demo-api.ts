/** A small JSON client for the demo's own server: every call goes through the public API. */
export class DemoApi {
  constructor(private readonly base: string) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`demo: ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** A staff member's session token. */
  async signIn(email: string, password: string): Promise<string> {
    return (
      await this.call<{ token: string }>('POST', '/v1/auth/login', undefined, { email, password })
    ).token;
  }

  /** A platform screens an upload before publishing it at `url`. */
  async screen(
    key: string,
    jpeg: Uint8Array,
    url: string,
  ): Promise<{ verdict: string; id: string }> {
    const response = await fetch(`${this.base}/v1/screen?url=${encodeURIComponent(url)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
      body: new Blob([new Uint8Array(jpeg)]),
    });
    const body = (await response.json()) as { verdict: string; id: string };
    if (!response.ok) throw new Error(`demo: screening answered ${response.status}`);
    return body;
  }
}
