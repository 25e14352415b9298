// A cookie-tracking HTTP client for tests: behaves like a browser with JavaScript disabled.
// Cookies are keyed by hostname only (browsers do not isolate cookies by port), which is exactly
// what makes the emulator's cookie naming matter.

interface StoredCookie {
  value: string;
}

export interface Hop {
  status: number;
  url: string;
  location: string | null;
}

export class BrowserlessClient {
  private jar = new Map<string, Map<string, StoredCookie>>();

  cookies(hostname: string): Map<string, string> {
    return new Map([...(this.jar.get(hostname) ?? new Map<string, StoredCookie>())].map(([k, v]) => [k, v.value]));
  }

  setCookie(hostname: string, name: string, value: string): void {
    const cookies = this.jar.get(hostname) ?? new Map<string, StoredCookie>();
    cookies.set(name, { value });
    this.jar.set(hostname, cookies);
  }

  private store(hostname: string, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const maxAge = attrs.find((a) => a.toLowerCase().startsWith('max-age='));
      const expired = maxAge !== undefined && Number(maxAge.split('=')[1]) <= 0;
      const cookies = this.jar.get(hostname) ?? new Map<string, StoredCookie>();
      if (expired) cookies.delete(name);
      else cookies.set(name, { value });
      this.jar.set(hostname, cookies);
    }
  }

  /** One request, no redirect following. Document navigations send `Accept: text/html` like a browser. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; origin?: string } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = { Accept: 'text/html,application/xhtml+xml', 'Sec-Fetch-Dest': 'document' };
    const cookies = this.jar.get(target.hostname);
    if (cookies && cookies.size > 0) headers.Cookie = [...cookies].map(([k, v]) => `${k}=${v.value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers.Origin = init.origin ?? target.origin;
    }
    const res = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    this.store(target.hostname, res.headers.getSetCookie());
    return res;
  }

  /** Follows redirects (303 turns into GET) and returns the final response plus the hops taken. */
  async navigate(
    url: string,
    init: { method?: string; form?: Record<string, string>; origin?: string } = {},
  ): Promise<{ response: Response; hops: Hop[]; body: string }> {
    const hops: Hop[] = [];
    let response = await this.request(url, init);
    let current = url;
    let currentInit = init;
    for (let i = 0; i < 10 && response.status >= 300 && response.status < 400; i++) {
      const location = response.headers.get('location');
      hops.push({ status: response.status, url: current, location });
      if (!location) break;
      current = new URL(location, current).href;
      await response.arrayBuffer();
      // 307/308 repeat the method and body; 301/302/303 continue with a GET.
      if (response.status !== 307 && response.status !== 308) currentInit = {};
      response = await this.request(current, currentInit);
    }
    hops.push({ status: response.status, url: current, location: null });
    return { response, hops, body: await response.text() };
  }
}
