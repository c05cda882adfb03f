// The typed client in five steps: authenticate, create, track, list page by page, verify a webhook.
import { createFastForwardClient, FastForwardError, paginate, unwrap } from 'fastforward/client';
import { verifyWebhook } from 'fastforward/verify';

export async function quickstart(baseUrl: string, apiKey: string, secret: string, webhookSecret: string) {
  const ff = createFastForwardClient({ baseUrl });

  // 1. A 24-hour token from the API key and secret; the client sends it from now on.
  await ff.authenticate(apiKey, secret);

  // 2. Create a shipment (bodies and answers are typed from the OpenAPI document).
  const shipment = await unwrap(
    ff.POST('/api/partner/shipments', {
      body: {
        trackingNumber: `QS-${Date.now()}`,
        customer: { name: 'Jane Smith', email: 'jane@example.com', phone: '+6281234567890' },
        pickupLocation: { address: 'Jl. Gudang 1, Jakarta' },
        dropoffLocation: { address: 'Jl. Rumah 2, Bandung' },
        packages: [{ weight: 2.5, contents: 'Electronics' }],
      },
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    }),
  );

  // 3. Track it.
  const { tracking } = await unwrap(
    ff.GET('/api/partner/tracking/{trackingNumber}', { params: { path: { trackingNumber: shipment.trackingNumber } } }),
  );

  // 4. Every shipment, page after page.
  let count = 0;
  for await (const s of paginate((offset) => ff.GET('/api/partner/shipments', { params: { query: { offset, limit: 100 } } }))) {
    if (s.status === 'pending') count++;
  }

  // Errors carry the hub's stable code.
  try {
    await unwrap(ff.GET('/api/partner/shipments/{id}', { params: { path: { id: 'shp_00000000000000000000' } } }));
  } catch (err) {
    if (!(err instanceof FastForwardError && err.code === 'SHIPMENT_NOT_FOUND')) throw err;
  }

  // 5. In your webhook receiver: check the signature on the raw body before trusting it.
  const verify = (rawBody: string, headers: Record<string, string>) => verifyWebhook(rawBody, headers, webhookSecret);

  return { shipment, progress: tracking.progressPercentage, pending: count, verify };
}
