import type { Alert } from '../alerts/index.js';
import { WebhookDeliveryError } from '../errors/index.js';
import { startWebhookReceiver, type WebhookReceiver } from '../testing/index.js';
import { deliverWebhook } from './deliver-webhook.js';

const alert: Alert = {
  ruleId: 'high-cpu-usage',
  ruleName: 'High CPU Usage',
  severity: 'high',
  state: 'firing',
  containerId: 'c1',
  startedAt: new Date(0),
  at: new Date(0),
  metrics: {
    containerId: 'c1',
    timestamp: new Date(0),
    cpu: { percentage: 95 },
    memory: { usage: 1, limit: 2, percentage: 50 },
    network: { rxBytes: 0, txBytes: 0 },
    blockIO: { readBytes: 0, writeBytes: 0 },
    pids: 1,
  },
};

const fetchFn = (input: string, init: RequestInit): Promise<Response> => fetch(input, init);

describe(deliverWebhook.name, () => {
  let receiver: WebhookReceiver | undefined;

  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  const deliver = (url: string, retries: number, timeoutMs = 5000) =>
    deliverWebhook(alert, { url, retries, timeoutMs, retryDelayMs: 1, fetch: fetchFn, headers: { 'x-test': '1' } });

  it('POSTs { version: 1, alert } as JSON with the given headers', async () => {
    receiver = await startWebhookReceiver();
    await deliver(`${receiver.url}/hook`, 0);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.path).toBe('/hook');
    expect(receiver.received[0]?.headers['x-test']).toBe('1');
    expect(receiver.received[0]?.body).toMatchObject({
      version: 1,
      alert: { ruleId: 'high-cpu-usage', state: 'firing' },
    });
  });

  it('retries a 5xx and succeeds when a later try gets a 2xx', async () => {
    receiver = await startWebhookReceiver((n) => (n < 2 ? 503 : 200));
    await deliver(receiver.url, 2);
    expect(receiver.received).toHaveLength(3);
  });

  it('rejects with WebhookDeliveryError (reason status) after every try failed', async () => {
    receiver = await startWebhookReceiver(() => 500);
    const err = await deliver(receiver.url, 2).catch((e: unknown) => e);
    expect(WebhookDeliveryError.is(err)).toBe(true);
    expect(err).toMatchObject({
      code: 'BERTH_WEBHOOK_DELIVERY',
      attempts: 3,
      reason: 'status',
      status: 500,
      retryable: true,
    });
  });

  it('does not retry a 4xx other than 429', async () => {
    receiver = await startWebhookReceiver(() => 404);
    const err = await deliver(receiver.url, 3).catch((e: unknown) => e);
    expect(err).toMatchObject({ attempts: 1, reason: 'status', status: 404 });
    expect(receiver.received).toHaveLength(1);
  });

  it('times out a try the receiver never answers, and retries it', async () => {
    receiver = await startWebhookReceiver(() => 'hang');
    const err = await deliver(receiver.url, 1, 100).catch((e: unknown) => e);
    expect(err).toMatchObject({ attempts: 2, reason: 'timeout' });
    expect(receiver.received).toHaveLength(2);
  });

  it('reports a refused connection as reason network', async () => {
    receiver = await startWebhookReceiver();
    const url = receiver.url;
    await receiver.close();
    receiver = undefined;
    const err = await deliver(url, 0).catch((e: unknown) => e);
    expect(err).toMatchObject({ attempts: 1, reason: 'network' });
  });
});
