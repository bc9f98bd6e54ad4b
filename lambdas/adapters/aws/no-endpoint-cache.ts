/**
 * Stands in for `@aws-sdk/endpoint-cache` in Lambda bundles (aliased in
 * lib/constructs/mark-function.ts). The DynamoDB client makes one at
 * construction for endpoint discovery, which its commands never perform (none
 * carries the discovery middleware) and which DynamoDB leaves off unless asked;
 * the real cache brings an LRU library along (about 5 KiB minified). This one
 * keeps the same interface over a Map, so the client works unchanged.
 */
interface Endpoint {
  Address: string;
  CachePeriodInMinutes: number;
}

export class EndpointCache {
  private readonly entries = new Map<string, { Address: string; Expires: number }[]>();

  constructor(_capacity?: number) {}

  getEndpoint(key: string): string | undefined {
    const endpoints = this.get(key);
    return endpoints?.length ? endpoints[Math.floor(Math.random() * endpoints.length)]!.Address : undefined;
  }

  get(key: string): { Address: string; Expires: number }[] | undefined {
    const now = Date.now();
    const live = (this.entries.get(key) ?? []).filter((endpoint) => now < endpoint.Expires);
    return live.length ? live : undefined;
  }

  set(key: string, endpoints: Endpoint[]): void {
    const now = Date.now();
    this.entries.set(
      key,
      endpoints.map(({ Address, CachePeriodInMinutes }) => ({ Address, Expires: now + CachePeriodInMinutes * 60_000 })),
    );
  }

  delete(key: string): void {
    this.entries.set(key, []);
  }

  has(key: string): boolean {
    return (this.entries.get(key)?.length ?? 0) > 0;
  }

  clear(): void {
    this.entries.clear();
  }
}
