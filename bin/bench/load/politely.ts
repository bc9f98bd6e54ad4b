/**
 * A request the platform refused for capacity (429 or 503 with Retry-After),
 * sent again after the wait it asked for, as the web app does: set-up traffic
 * (sign-ups, seeding) must not fail a benchmark for being refused politely.
 */
export async function politely(send: () => Promise<Response>, maxTries = 30): Promise<Response> {
  for (let tries = 1; ; tries++) {
    const res = await send();
    if ((res.status !== 503 && res.status !== 429) || !res.headers.has('retry-after') || tries >= maxTries) return res;
    await res.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after')) * 1000));
  }
}
