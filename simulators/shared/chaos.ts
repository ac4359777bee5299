// Standing chaos for a simulator's API: what an unreliable network and a busy service do to some share of requests
// (latency, latency spikes, 5xx, 429 bursts, dropped connections), until cleared. Each simulator shapes its own answers.
import type { SimResponse } from './httpServer';

export interface ChaosSpec {
  /** Added latency per API request. */
  latencyMs?: number;
  /** Share (0..1) of requests that wait `spikeMs` longer (a latency spike). */
  spikeRatio?: number;
  spikeMs?: number;
  /** Share (0..1) of requests answered with `errorStatus`. */
  errorRatio?: number;
  /** Default 500. */
  errorStatus?: number;
  /** Share (0..1) of requests whose connection is closed without an answer. */
  dropRatio?: number;
  /** Share (0..1) of requests that start a 429 burst: every request for `burstMs` is rate limited. */
  burstRatio?: number;
  /** Default 500. */
  burstMs?: number;
}

export const NO_CHAOS: Required<ChaosSpec> = { latencyMs: 0, spikeRatio: 0, spikeMs: 0, errorRatio: 0, errorStatus: 500, dropRatio: 0, burstRatio: 0, burstMs: 500 };

/** How a simulator answers in its own service's shape. */
export interface ChaosAnswers {
  error(status: number): SimResponse;
  /** A 429 with the service's headers; `retryAfterMs` is what is left of the burst. */
  rateLimited(retryAfterMs: number): SimResponse;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies `chaos` to one request: waits, then returns the answer to give instead of routing (or undefined). */
export function createChaos(chaos: ChaosSpec, answers: ChaosAnswers, random: () => number = Math.random) {
  let burstUntil = 0;
  return async function apply(): Promise<SimResponse | undefined> {
    if (chaos.latencyMs) await sleep(chaos.latencyMs);
    if (chaos.spikeRatio && random() < chaos.spikeRatio) await sleep(chaos.spikeMs ?? 0);
    const now = Date.now();
    if (chaos.burstRatio && now >= burstUntil && random() < chaos.burstRatio) burstUntil = now + (chaos.burstMs ?? NO_CHAOS.burstMs);
    if (now < burstUntil) return answers.rateLimited(burstUntil - now);
    if (chaos.dropRatio && random() < chaos.dropRatio) return { status: 0, drop: true };
    if (chaos.errorRatio && random() < chaos.errorRatio) return answers.error(chaos.errorStatus ?? 500);
    return undefined;
  };
}
