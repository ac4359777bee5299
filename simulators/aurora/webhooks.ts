// Webhook delivery as Aurora does it: a GET to the subscription's URL template with placeholders filled and the
// subscription's auth header, retried on non-2xx or timeout, optionally duplicated or delivered out of order.
import { WEBHOOK_DELIVERY } from '../../src/core/aurora/inferred';

export interface DeliveryOptions {
  /** Per-attempt timeout; Aurora allows 10 s ([3P-NOTES]). */
  timeoutMs?: number;
  /** Waits before each retry; Aurora's are ~30 s … 20 h ([3P-NOTES]), tests use a few ms. */
  retryDelaysMs?: number[];
  /** Chance (0..1) that a delivery is sent twice, as Aurora warns it may be. */
  duplicateRatio?: number;
  /** When set, each delivery waits a random 0..reorderWindowMs first, so deliveries can overtake each other. */
  reorderWindowMs?: number;
  random?: () => number;
}

export interface WebhookDelivery {
  id: number;
  subscriptionId: string;
  event: string;
  url: string;
  attempts: number;
  /** HTTP status of each attempt; 0 for a timeout or a network error. */
  statuses: number[];
  outcome: 'pending' | 'delivered' | 'failed';
  duplicate: boolean;
  deliveredAt: string | null;
}

export interface DeliveryRequest {
  subscriptionId: string;
  event: string;
  url: string;
  headers: Record<string, string>;
}

/**
 * Replaces each `<PLACEHOLDER>` the event fills with its URL-encoded value (an empty value stays empty). A placeholder
 * the event does not fill is left as literal text: Aurora's documentation does not say what it does with one, and
 * literal text is the case a receiver must survive (docs/simulators.md#webhook-deliveries).
 */
export function fillTemplate(template: string, values: Record<string, string | null | undefined>): string {
  return template.replace(/<[A-Z_]+>/g, (placeholder) => (placeholder in values ? encodeURIComponent(values[placeholder] ?? '') : placeholder));
}

export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: number[];
  private readonly duplicateRatio: number;
  private readonly reorderWindowMs: number;
  private readonly random: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: DeliveryOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? WEBHOOK_DELIVERY.timeoutMs;
    this.retryDelaysMs = options.retryDelaysMs ?? [500, 2_000, 10_000];
    this.duplicateRatio = options.duplicateRatio ?? 0;
    this.reorderWindowMs = options.reorderWindowMs ?? 0;
    this.random = options.random ?? Math.random;
  }

  /** Queues one delivery (and maybe a duplicate). */
  send(request: DeliveryRequest): void {
    if (this.closed) return;
    const copies = this.random() < this.duplicateRatio ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const delivery: WebhookDelivery = {
        id: this.nextId++,
        subscriptionId: request.subscriptionId,
        event: request.event,
        url: request.url,
        attempts: 0,
        statuses: [],
        outcome: 'pending',
        duplicate: copy > 0,
        deliveredAt: null,
      };
      this.deliveries.push(delivery);
      this.pending++;
      const delay = this.reorderWindowMs > 0 ? this.random() * this.reorderWindowMs : 0;
      this.later(delay, () => this.attempt(delivery, request.headers));
    }
  }

  /** Resolves once every queued delivery has succeeded or used up its retries. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops queued deliveries and retries (reset or shutdown). */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const delivery of this.deliveries) if (delivery.outcome === 'pending') delivery.outcome = 'failed';
    this.pending = 0;
    this.settle();
  }

  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  private later(ms: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, ms);
    this.timers.add(timer);
  }

  private async attempt(delivery: WebhookDelivery, headers: Record<string, string>): Promise<void> {
    delivery.attempts++;
    let status = 0;
    try {
      const response = await fetch(delivery.url, { method: 'GET', headers, signal: AbortSignal.timeout(this.timeoutMs), redirect: 'manual' });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch {
      status = 0;
    }
    if (this.closed || delivery.outcome !== 'pending') return;
    delivery.statuses.push(status);
    if (status >= 200 && status < 300) {
      delivery.outcome = 'delivered';
      delivery.deliveredAt = new Date().toISOString();
      this.finish();
      return;
    }
    const delay = this.retryDelaysMs[delivery.attempts - 1];
    if (delay === undefined) {
      delivery.outcome = 'failed';
      this.finish();
      return;
    }
    this.later(delay, () => this.attempt(delivery, headers));
  }

  private finish(): void {
    this.pending = Math.max(0, this.pending - 1);
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
