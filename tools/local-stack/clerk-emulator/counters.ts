/** Request counts by route pattern (e.g. "POST /v1/sessions/:id/tokens/:template"), for tests and benchmarks. */
export class Counters {
  private backend = new Map<string, number>();
  private frontend = new Map<string, number>();

  count(api: 'backend' | 'frontend', route: string): void {
    const map = api === 'backend' ? this.backend : this.frontend;
    map.set(route, (map.get(route) ?? 0) + 1);
  }

  snapshot(): { backend: Record<string, number>; frontend: Record<string, number> } {
    return { backend: Object.fromEntries(this.backend), frontend: Object.fromEntries(this.frontend) };
  }

  reset(): void {
    this.backend.clear();
    this.frontend.clear();
  }
}
