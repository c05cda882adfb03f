/**
 * Generated from the hub's OpenAPI document by `npm run client:generate` (openapi-typescript).
 * Do not edit by hand: change the route schemas and generate again.
 */
export type paths = {
  '/api/admin/ai': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Run the balance engine now: distribute pending shipments, adjust pricing, detect anomalies, or all
     * @description A real run holds the run lock for its whole transaction: while another real run (scheduled or on demand, in any process) holds it, 409 BALANCE_RUN_IN_PROGRESS. A dry run decides the same way and writes only its run record.
     */
    post: operations['adminRunBalance'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/ai/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Balance engine runs (scheduled, on demand, dry), newest first */
    get: operations['adminListBalanceRuns'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/ai/runs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One run: its report and a page of its decisions (?limit, ?offset), in the run's order */
    get: operations['adminGetBalanceRun'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/ai/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every company's load, score and metrics; pending and held shipments; recommendations, system health, revenue */
    get: operations['adminGetBalanceStatus'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Operator alerts (webhook.endpoint_disabled, outbox.stuck, anomaly.*, alert.*): open ones first, then newest first */
    get: operations['adminListAlerts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/alerts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One alert with its evidence (details): the numbers, window and threshold that raised it */
    get: operations['adminGetAlert'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/alerts/{id}/acknowledge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mark an alert as handled (an anomaly stays unresolved until its condition clears) */
    post: operations['adminAcknowledgeAlert'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/api-logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The API log: every API request and authentication attempt, newest first, searchable
     * @description Rows of kind `request` are API requests (partner API, gateway, callbacks, onboarding, admin API) with the route pattern, status, outcome (`success`, or the error code of the answer: `RATE_LIMITED`), duration and request id; `partner_auth` and `admin_login` are credential checks. Filters combine (and); `from` is inclusive, `to` exclusive. Page with `offset`, or with `cursor` = the previous page's `pagination.nextCursor` (stable while rows are added). `total` counts matching rows up to 10,000 (`totalCapped` beyond). Request rows are written in batches: a request shows up within about a second.
     */
    get: operations['adminListApiLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/carrier-callbacks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Stored carrier callbacks, newest first: raw body, outcome, when published and applied */
    get: operations['adminListCarrierCallbacks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/carrier-callbacks/{id}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Apply a stored or dead-lettered callback again (published anew to callback-update-status with a fresh attempt budget; applying is idempotent) */
    post: operations['adminReplayCarrierCallback'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/carriers': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Carriers over the last 24 h: gateway traffic, callbacks (accepted, rejected, duplicates), circuit state, active shipments */
    get: operations['adminGetCarriers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/companies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List companies with their usage */
    get: operations['adminListCompanies'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/companies/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One company */
    get: operations['adminGetCompany'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change tier, status, balance or limits; suspending a company cuts off its tokens at once */
    patch: operations['adminUpdateCompany'];
    trace?: never;
  };
  '/api/admin/companies/{id}/analytics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A company's volume per day, on-time rate and webhook success over the last days */
    get: operations['adminGetCompanyAnalytics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/companies/{id}/keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A company's API keys (never their secrets) */
    get: operations['adminListCompanyKeys'];
    put?: never;
    /** Issue a company a new API key; its secret is in this response only */
    post: operations['adminIssueCompanyKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/companies/{id}/keys/{keyId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke a company's API key, its last one included; tokens issued for it stop working at once */
    delete: operations['adminRevokeCompanyKey'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/jobs/{queue}/{id}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retry a dead-lettered job once more */
    post: operations['adminRetryJob'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/jobs/failed': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Jobs that failed their last attempt (dead letters), newest first */
    get: operations['adminListFailedJobs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Admin login: email + password → bearer token for /api/admin/* */
    post: operations['adminLogin'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/outboxes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Outboxes and queues: rows waiting, lag of the oldest, stuck or not, dead letters per queue */
    get: operations['adminListOutboxes'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/overview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The overview cards: connected companies, active shipments, system health, revenue, open alerts */
    get: operations['adminGetOverview'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/pod/backfill': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** POD backfill runs, newest first, with their counters */
    get: operations['adminListPodBackfills'];
    put?: never;
    /**
     * Start the POD backfill on the worker (or resume the paused one): fills empty receiver names from the carriers
     * @description One run at a time across processes: 409 POD_BACKFILL_RUNNING while one is alive. A paused run, or one whose process died, is resumed with its own options (unless `restart`). Follow it with GET /api/admin/pod/backfill/{id}.
     */
    post: operations['adminStartPodBackfill'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/pod/backfill/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One POD backfill run: status, progress counters by carrier, and the final report once ended */
    get: operations['adminGetPodBackfill'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download an order report of one company's shipments, or of every company's
     * @description Exports the shipments with their proof of delivery (docs/reports.md lists the columns) as CSV or XLSX. Answers 200 with the download `url` when the file is ready within a few seconds (`REPORT_SYNC_WAIT_MS`), else 202 with `pollUrl` (and `Location`); `report.available` is sent to the webhooks when it is done. A report covers at most 366 days of `created_at`. Without `companyId` the report covers every company and sends no event.
     */
    get: operations['adminRequestOrderReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/reports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Any order report: its status and, when ready, its download link */
    get: operations['adminGetOrderReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who is signed in, and the CSRF token of this session (null when called with a bearer token) */
    get: operations['adminGetSession'];
    put?: never;
    /**
     * Dashboard login: email + password → an HttpOnly session cookie and its CSRF token
     * @description Sets `ff_admin_session` (HttpOnly, SameSite=Strict, Path=/api/admin, Secure in production). Requests with the cookie that change anything must send `X-CSRF-Token`.
     */
    post: operations['adminCreateSession'];
    /** Log out: clears the session cookie */
    delete: operations['adminDeleteSession'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/shipments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Shipments of all companies, newest first */
    get: operations['adminListShipments'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/shipments/{id}/assign': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Assign a pending shipment to a company by hand (the balance engine does this automatically)
     * @description Refused with 409 COMPANY_NOT_ACTIVE for a suspended company and 409 COMPANY_AT_CAPACITY for one that this shipment would take past 90 % of its capacity. The activity log records the decision: the company's score and parts and the two best other eligible companies (docs/balance.md).
     */
    post: operations['adminAssignShipment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/shipments/{id}/decision': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Why a shipment was assigned where it was: the score, its parts and the runners-up at that moment */
    get: operations['adminGetShipmentDecision'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Server-sent events: an `overview` event at once and every 5 seconds while the connection is open
     * @description Each event's data is the JSON of GET /api/admin/overview. An `error` event (`{"code": …}`) says one computation failed; the stream goes on.
     */
    get: operations['adminStreamOverview'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** All webhooks with status (healthy, failing, recovered, disabled) and success rate over a window */
    get: operations['adminListWebhooks'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/webhooks/{id}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Re-enable a disabled webhook (clears why it was disabled, resolves its alerts) */
    post: operations['adminEnableWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/webhooks/{id}/logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Delivery attempts of a webhook, newest first */
    get: operations['adminListWebhookLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/webhooks/{id}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resend one message or every failed one since a time */
    post: operations['adminReplayWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/auth': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Exchange an API key and secret for a 24-hour bearer token */
    post: operations['authenticate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List your API keys */
    get: operations['listApiKeys'];
    put?: never;
    /** Create an API key (at most 20 active per company); its secret is in this response only */
    post: operations['createApiKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key; tokens issued for it stop working at once */
    delete: operations['revokeApiKey'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Your company, tier and limits */
    get: operations['getMyCompany'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/onboarding': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Register a company: returns its first API key and secret (the secret is shown only here) */
    post: operations['onboardCompany'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/onboarding/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What onboarding offers: the tiers with their limits, and the webhook events to subscribe to */
    get: operations['getOnboardingOptions'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/onboarding/webhook-test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send a signed webhook.test to a URL before registering it, and return the receiver's answer
     * @description For the onboarding wizard's "send test": the URL gets the same checks as a webhook (http(s), no private or loopback address). Signed with a throwaway secret — the webhook's own is made at activation — so the receiver cannot verify this one. Nothing is stored.
     */
    post: operations['testOnboardingWebhookUrl'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/shipments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List shipments created by or assigned to your company, newest first (phase 3) */
    get: operations['listShipments'];
    put?: never;
    /** Create a shipment (phase 4); honours Idempotency-Key */
    post: operations['createShipment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/shipments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get one shipment */
    get: operations['getShipment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Change a shipment while it is pending (creator only) */
    patch: operations['updateShipment'];
    trace?: never;
  };
  '/api/partner/shipments/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a shipment before pickup (creator only) */
    post: operations['cancelShipment'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/shipments/{id}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Post a status change (the assigned company only)
     * @description Allowed: pending → assigned → picked_up → in_transit → out_for_delivery → delivered; failed and returned from any in-flight status.
     */
    post: operations['addShipmentEvent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/tracking/{trackingNumber}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Track a shipment by tracking number (seed phase 7) */
    get: operations['trackShipment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List your webhooks */
    get: operations['listWebhooks'];
    put?: never;
    /**
     * Register a webhook; its signing secret is in this response only
     * @description Not idempotent by key: the answer holds a secret, which is never stored in clear.
     */
    post: operations['createWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One webhook with its delivery health */
    get: operations['getWebhook'];
    put?: never;
    post?: never;
    /** Delete a webhook, its pending messages and its logs */
    delete: operations['deleteWebhook'];
    options?: never;
    head?: never;
    /** Change URL, events, description or enabled; enabling a disabled webhook clears why it was disabled */
    patch: operations['updateWebhook'];
    trace?: never;
  };
  '/api/partner/webhooks/{id}/logs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Delivery attempts, newest first: status code, response (first 4 KB), error, duration */
    get: operations['listWebhookLogs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/webhooks/{id}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Resend one message ({messageId}) or every failed message since a time ({since}); the webhook must be enabled */
    post: operations['replayWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/webhooks/{id}/rotate-secret': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** New signing secret (shown once); the old one keeps signing beside it for 24 h */
    post: operations['rotateWebhookSecret'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/partner/webhooks/{id}/test': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send a signed webhook.test event now and return the attempt (also in the logs) */
    post: operations['testWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/subscriptions/confirm': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Confirm a sign-up with the token of its mailed link (the page's #confirm=…) */
    post: operations['confirmTrackingSubscription'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/subscriptions/one-click-unsubscribe': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** One-click unsubscribe (RFC 8058), the List-Unsubscribe address of every status mail */
    post: operations['oneClickUnsubscribeFromTracking'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/subscriptions/unsubscribe': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Stop a sign-up's mails with the token of its unsubscribe link (the page's #unsubscribe=…) */
    post: operations['unsubscribeFromTracking'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/tracking/{trackingNumber}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Track a parcel without logging in (the "Lacak" page): stages, place, estimate, events, masked POD
     * @description By tracking number or carrier AWB. Shows only what the parcel's recipient may see: no names but the receiver's, masked ("A*** Y***"), no email, phone, address or cost, no event notes.
     */
    get: operations['getPublicTracking'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/public/tracking/{trackingNumber}/subscriptions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask for status mails about a parcel: a confirmation link is mailed first (double opt-in)
     * @description Answers 202 alike for a new, a waiting and an already confirmed address (the page tells no one who follows a parcel). A confirmation is mailed at most every 5 minutes per address; 20 sign-ups per parcel at most.
     */
    post: operations['subscribeToTracking'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/callbacks/jne': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * JNE status callback
     * @description Authenticated by `X-Callback-Token` (= `CARRIER_JNE_CALLBACK_SECRET`) and, when set, `CARRIER_JNE_CALLBACK_IPS`. The raw body is stored; exact duplicates are acknowledged without being applied twice. 200 means stored: the update is applied asynchronously (queue `callback-update-status`).
     */
    post: operations['receiveJneCallback'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/files/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download a file through a signed, expiring link (order reports)
     * @description The links come from the API (a report's `url`); they are valid until `expires` and only with their own `sig`. A link that was changed answers 403 `FILE_LINK_INVALID`, an expired one 410 `FILE_LINK_EXPIRED`, a deleted file 404 `FILE_NOT_FOUND`.
     */
    get: operations['downloadFile'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Prometheus metrics of this process (text format)
     * @description Served on this port only when the hub has `METRICS_TOKEN`, with `Authorization: Bearer <METRICS_TOKEN>` (401 `METRICS_UNAUTHORIZED` otherwise); without it, 404 `METRICS_NOT_EXPOSED`. The internal listener (`METRICS_PORT`) serves the same without a token. Families and labels: docs/metrics.md.
     */
    get: operations['getMetrics'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/authentication': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Client credentials → bearer token for the 3PL gateway
     * @description The client id and secret are a partner API key and secret. Send them as JSON (`{"client_id","client_secret"}` or `{"clientId","clientSecret"}`), as an OAuth 2.0 form (`grant_type=client_credentials&client_id=…&client_secret=…`), or as HTTP Basic.
     */
    post: operations['gatewayAuthenticate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/tracking/{awb}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Track an AWB at its carrier: unified history with the proof of delivery
     * @description The carrier comes from `courier`, or from the AWB pattern where it is unambiguous. Answers are cached for `CARRIER_TRACKING_CACHE_SECONDS` (`cached: true`). Carrier faults answer 502/503/504 with a `CARRIER_*` code.
     */
    get: operations['gatewayTrackAwb'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/public/orders/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download an order report (CSV or XLSX) of your shipments
     * @description Exports the shipments with their proof of delivery (docs/reports.md lists the columns) as CSV or XLSX. Answers 200 with the download `url` when the file is ready within a few seconds (`REPORT_SYNC_WAIT_MS`), else 202 with `pollUrl` (and `Location`); `report.available` is sent to the webhooks when it is done. A report covers at most 366 days of `created_at`.
     */
    get: operations['requestOrderReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/public/orders/reports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of your order reports: its status and, when ready, its download link */
    get: operations['getOrderReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/public/shipment/tracking/{trackingNumber}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * CMS single tracking ("Lacak"): carrier history with the proof of delivery
     * @description The order must be the caller's (tracking number or carrier AWB). Missing POD fields come from the stored proof of delivery; when the carrier cannot be reached the answer comes from the database (`source: "database"`).
     */
    get: operations['cmsTrackShipment'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
};
export type webhooks = Record<string, never>;
export type components = {
  schemas: {
    /** ErrorResponse */
    ErrorResponse: {
      /** @description Stable machine-readable code, see docs/errors.md */
      code: string;
      details?: unknown;
      message: string;
      requestId?: string;
    };
    /** Shipment */
    Shipment: {
      assignedCompanyId: string | null;
      /** @description The company that created the shipment */
      companyId: string;
      /** @description Set for carrier shipments */
      courier: {
        awb: string;
        /** @enum {unknown} */
        code: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
      } | null;
      /** Format: date-time */
      createdAt: string;
      currentLocation: string | null;
      customer: {
        email: string;
        name: string;
        phone: string;
      };
      customerName: string;
      distanceClass: ('local' | 'regional' | 'national') | null;
      dropoffLocation: {
        address: string;
      };
      /** Format: date-time */
      estimatedDelivery: string | null;
      id: string;
      packages: {
        contents: string | null;
        dimensions: string | null;
        id: string;
        trackingNumber: string;
        weight: number;
      }[];
      pickupLocation: {
        address: string;
      };
      /** @description How the hub quoted totalCost; null when the creator set the price, and for carrier shipments */
      priceQuote: {
        /** @enum {unknown} */
        distanceClass: 'local' | 'regional' | 'national';
        /** @description The creator's demand multiplier when quoted (0.90–1.30) */
        multiplier: number;
        parts: {
          base: number;
          extraPackages: number;
          weight: number;
        };
        subtotal: number;
        /** @description subtotal × multiplier, rounded half up to the cent */
        total: number;
      } | null;
      /** @enum {unknown} */
      status: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
      totalCost: number | null;
      trackingEvents: {
        id: string;
        location: string | null;
        notes: string | null;
        /** @description Carrier shipments: the carrier's own status code of this event, verbatim (the carrier's text is in notes) */
        rawCode?: string;
        status: string;
        /** Format: date-time */
        timestamp: string;
      }[];
      trackingNumber: string;
      /** Format: date-time */
      updatedAt: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
  adminRunBalance: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description `distribute` pending shipments, adjust `pricing` multipliers, detect `anomalies`, or `all` three */
          action: 'distribute' | 'pricing' | 'anomalies' | 'all';
          /**
           * @description Decide and report without writing anything but the run record
           * @default false
           */
          dryRun?: boolean;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description `distribute` pending shipments, adjust `pricing` multipliers, detect `anomalies`, or `all` three */
            action: 'distribute' | 'pricing' | 'anomalies' | 'all';
            anomalies: {
              companyId: string | null;
              /** @description The numbers that triggered it */
              evidence: {
                [key: string]: unknown;
              };
              kind: string;
              message: string;
              severity: string;
              /** @description `shipment:…`, `company:…`, `endpoint:…`, `ip:…`, `key:…` or `system` */
              subject: string;
            }[];
            anomaliesDetected: number;
            /** @description Companies whose load changed */
            companiesRebalanced: number;
            /** @description Shipments assigned (or, in a dry run, that would be) */
            distributed: number;
            dryRun: boolean;
            /** @description Pending shipments no eligible company could take */
            held: number;
            pricing: {
              changes: {
                companyId: string;
                from: number;
                reason: string;
                /** @description Where the multiplier is heading; it moves at most 0.05 per run */
                target: number;
                to: number;
              }[];
            };
            processingTimeMs: number;
            runId: string;
            systemHealth: {
              activeCompanies: number;
              held: number;
              /** @description docs/balance.md "Distribution" */
              label: 'optimal' | 'good' | 'strained' | 'critical';
              /** @description Active companies at their limit: one more shipment would take them past 90 % of capacity */
              overLimit: number;
              /** @description 0–100, higher is healthier */
              score: number;
              /** @description Σ load / Σ capacity × 100 over active companies */
              systemUtilization: number;
            } | null;
            /** @description `admin` or `schedule` */
            trigger: string;
          } & {
            /** @description Dry runs: the first decisions; every one is at GET /api/admin/ai/runs/{id} */
            decisions?: {
              data: {
                /** @description The chosen company; null: held (no eligible company) */
                companyId: string | null;
                creatorId: string;
                score: number | null;
                shipmentId: string;
              }[];
              pagination: {
                hasMore: boolean;
                limit: number;
                offset: number;
                total: number;
              };
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListBalanceRuns: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** @description `distribute` pending shipments, adjust `pricing` multipliers, detect `anomalies`, or `all` three */
              action: 'distribute' | 'pricing' | 'anomalies' | 'all';
              adminId: string | null;
              decisionCount: number;
              dryRun: boolean;
              durationMs: number;
              /** Format: date-time */
              finishedAt: string;
              id: string;
              report: {
                /** @description `distribute` pending shipments, adjust `pricing` multipliers, detect `anomalies`, or `all` three */
                action: 'distribute' | 'pricing' | 'anomalies' | 'all';
                anomalies: {
                  companyId: string | null;
                  /** @description The numbers that triggered it */
                  evidence: {
                    [key: string]: unknown;
                  };
                  kind: string;
                  message: string;
                  severity: string;
                  /** @description `shipment:…`, `company:…`, `endpoint:…`, `ip:…`, `key:…` or `system` */
                  subject: string;
                }[];
                anomaliesDetected: number;
                /** @description Companies whose load changed */
                companiesRebalanced: number;
                /** @description Shipments assigned (or, in a dry run, that would be) */
                distributed: number;
                dryRun: boolean;
                /** @description Pending shipments no eligible company could take */
                held: number;
                pricing: {
                  changes: {
                    companyId: string;
                    from: number;
                    reason: string;
                    /** @description Where the multiplier is heading; it moves at most 0.05 per run */
                    target: number;
                    to: number;
                  }[];
                };
                processingTimeMs: number;
                runId: string;
                systemHealth: {
                  activeCompanies: number;
                  held: number;
                  /** @description docs/balance.md "Distribution" */
                  label: 'optimal' | 'good' | 'strained' | 'critical';
                  /** @description Active companies at their limit: one more shipment would take them past 90 % of capacity */
                  overLimit: number;
                  /** @description 0–100, higher is healthier */
                  score: number;
                  /** @description Σ load / Σ capacity × 100 over active companies */
                  systemUtilization: number;
                } | null;
                /** @description `admin` or `schedule` */
                trigger: string;
              };
              /** Format: date-time */
              startedAt: string;
              trigger: string;
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetBalanceRun: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description `distribute` pending shipments, adjust `pricing` multipliers, detect `anomalies`, or `all` three */
            action: 'distribute' | 'pricing' | 'anomalies' | 'all';
            adminId: string | null;
            decisionCount: number;
            dryRun: boolean;
            durationMs: number;
            /** Format: date-time */
            finishedAt: string;
            id: string;
            report: {
              /** @description `distribute` pending shipments, adjust `pricing` multipliers, detect `anomalies`, or `all` three */
              action: 'distribute' | 'pricing' | 'anomalies' | 'all';
              anomalies: {
                companyId: string | null;
                /** @description The numbers that triggered it */
                evidence: {
                  [key: string]: unknown;
                };
                kind: string;
                message: string;
                severity: string;
                /** @description `shipment:…`, `company:…`, `endpoint:…`, `ip:…`, `key:…` or `system` */
                subject: string;
              }[];
              anomaliesDetected: number;
              /** @description Companies whose load changed */
              companiesRebalanced: number;
              /** @description Shipments assigned (or, in a dry run, that would be) */
              distributed: number;
              dryRun: boolean;
              /** @description Pending shipments no eligible company could take */
              held: number;
              pricing: {
                changes: {
                  companyId: string;
                  from: number;
                  reason: string;
                  /** @description Where the multiplier is heading; it moves at most 0.05 per run */
                  target: number;
                  to: number;
                }[];
              };
              processingTimeMs: number;
              runId: string;
              systemHealth: {
                activeCompanies: number;
                held: number;
                /** @description docs/balance.md "Distribution" */
                label: 'optimal' | 'good' | 'strained' | 'critical';
                /** @description Active companies at their limit: one more shipment would take them past 90 % of capacity */
                overLimit: number;
                /** @description 0–100, higher is healthier */
                score: number;
                /** @description Σ load / Σ capacity × 100 over active companies */
                systemUtilization: number;
              } | null;
              /** @description `admin` or `schedule` */
              trigger: string;
            };
            /** Format: date-time */
            startedAt: string;
            trigger: string;
          } & {
            decisions: {
              data: {
                /** @description The chosen company; null: held (no eligible company) */
                companyId: string | null;
                creatorId: string;
                score: number | null;
                shipmentId: string;
              }[];
              pagination: {
                hasMore: boolean;
                limit: number;
                offset: number;
                total: number;
              };
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetBalanceStatus: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            companies: {
              capacity: number;
              companyId: string;
              /** @description Active and still at or under 90 % of capacity after one more shipment: may receive shipments now */
              eligible: boolean;
              load: number;
              metrics: {
                balance: number;
                balanceHealth: number;
                onTimeRate: number | null;
                performanceScore: number;
                priceMultiplier: number;
                successRate: number | null;
              };
              name: string;
              parts: {
                /** @description balanceHealth / 100 × 20 (0–20) */
                balance: number;
                /** @description performanceScore × 0.4 (0–40) */
                performance: number;
                /** @description Tier bonus: starter 0, professional 5, enterprise 10 */
                tier: number;
                /** @description max(0, 100 − utilization) / 100 × 30 (0–30) */
                underutilization: number;
              };
              /** @description total_cost of its delivered shipments */
              revenue: number;
              score: number;
              status: string;
              tier: string;
              utilization: number;
            }[];
            /** @description Of those, how many no company could take now */
            held: number;
            lastRun: {
              /** @description `distribute` pending shipments, adjust `pricing` multipliers, detect `anomalies`, or `all` three */
              action: 'distribute' | 'pricing' | 'anomalies' | 'all';
              dryRun: boolean;
              id: string;
              /** Format: date-time */
              startedAt: string;
            } | null;
            /** @description Shipments waiting for a company */
            pending: number;
            recommendations: ({
              companyId?: string;
              kind: string;
              message: string;
            } & {
              [key: string]: unknown;
            })[];
            revenue: {
              byCompany: {
                companyId: string;
                delivered: number;
                revenue: number;
              }[];
              total: number;
            };
            systemHealth: {
              activeCompanies: number;
              held: number;
              /** @description docs/balance.md "Distribution" */
              label: 'optimal' | 'good' | 'strained' | 'critical';
              /** @description Active companies at their limit: one more shipment would take them past 90 % of capacity */
              overLimit: number;
              /** @description 0–100, higher is healthier */
              score: number;
              /** @description Σ load / Σ capacity × 100 over active companies */
              systemUtilization: number;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListAlerts: {
    parameters: {
      query?: {
        companyId?: string;
        /** @description an exact kind, or a prefix ending in ".*" (anomaly.*) */
        kind?: string;
        limit?: number;
        offset?: number;
        /** @description true: neither acknowledged nor resolved; false: acknowledged or resolved */
        open?: boolean;
        /** @description true: the condition cleared (anomalies); false: not resolved */
        resolved?: boolean;
        severity?: 'info' | 'warning' | 'critical';
        /** @description open: neither acknowledged nor resolved; acknowledged: acknowledged, not resolved; resolved: the condition cleared */
        status?: 'open' | 'acknowledged' | 'resolved';
        subject?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              acknowledgedAt: string | null;
              acknowledgedBy: string | null;
              companyId: string | null;
              /** Format: date-time */
              createdAt: string;
              details: unknown;
              endpointId: string | null;
              id: number;
              kind: string;
              /** Format: date-time */
              lastSeenAt: string | null;
              message: string;
              /** Format: date-time */
              resolvedAt: string | null;
              severity: 'info' | 'warning' | 'critical';
              subject: string | null;
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetAlert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            acknowledgedAt: string | null;
            acknowledgedBy: string | null;
            companyId: string | null;
            /** Format: date-time */
            createdAt: string;
            details: unknown;
            endpointId: string | null;
            id: number;
            kind: string;
            /** Format: date-time */
            lastSeenAt: string | null;
            message: string;
            /** Format: date-time */
            resolvedAt: string | null;
            severity: 'info' | 'warning' | 'critical';
            subject: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminAcknowledgeAlert: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never> | null;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            acknowledgedAt: string | null;
            acknowledgedBy: string | null;
            companyId: string | null;
            /** Format: date-time */
            createdAt: string;
            details: unknown;
            endpointId: string | null;
            id: number;
            kind: string;
            /** Format: date-time */
            lastSeenAt: string | null;
            message: string;
            /** Format: date-time */
            resolvedAt: string | null;
            severity: 'info' | 'warning' | 'critical';
            subject: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListApiLogs: {
    parameters: {
      query?: {
        apiKeyId?: string;
        companyId?: string;
        /** @description The previous page's `pagination.nextCursor` */
        cursor?: string;
        from?: string;
        kind?: 'request' | 'partner_auth' | 'admin_login';
        limit?: number;
        offset?: number;
        outcome?: string;
        /** @description Route pattern, exactly: `/api/partner/shipments/:id` */
        route?: string;
        statusClass?: '2xx' | '3xx' | '4xx' | '5xx';
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              apiKey: string | null;
              apiKeyId: string | null;
              at: string;
              companyId: string | null;
              durationMs: number | null;
              id: number;
              ip: string | null;
              kind: string;
              method: string | null;
              outcome: string;
              requestId: string | null;
              route: string | null;
              statusCode: number;
              userAgent: string | null;
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              nextCursor: string | null;
              offset: number;
              total: number;
              totalCapped: boolean;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListCarrierCallbacks: {
    parameters: {
      query?: {
        awb?: string;
        limit?: number;
        offset?: number;
        status?: 'accepted' | 'rejected' | 'dead';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              appliedAt: string | null;
              applyNote: string | null;
              /** @description Failed publish attempts */
              attempts: number;
              awb: string | null;
              carrier: string;
              /** Format: date-time */
              deadAt: string | null;
              /** @description Exact copies received after this one (acknowledged, not stored again) */
              duplicates: number;
              id: number;
              lastError: string | null;
              /** Format: date-time */
              publishedAt: string | null;
              /** @description The body exactly as received (rejected ones cut to 8 KB) */
              rawBody: string;
              /** Format: date-time */
              receivedAt: string;
              rejectCode: string | null;
              remoteIp: string | null;
              /** @description `dead`: accepted, then set aside after repeated publish or apply failures (see lastError); replayable */
              status: 'accepted' | 'rejected' | 'dead';
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminReplayCarrierCallback: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: number;
            /** @enum {string} */
            status: 'requeued';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetCarriers: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            carriers: {
              activeShipments: number;
              callbacks: {
                accepted: number;
                dead: number;
                duplicates: number;
                rejected: number;
              };
              circuit: 'closed' | 'open' | 'half_open';
              code: string;
              configured: boolean;
              name: string;
              processesWithOpenCircuit: number;
              pushesCallbacks: boolean;
            }[];
            traffic: {
              callbacks: {
                /** @description 5xx answers */
                errors: number;
                requests: number;
              };
              cms: {
                /** @description 5xx answers */
                errors: number;
                requests: number;
              };
              gateway: {
                /** @description 5xx answers */
                errors: number;
                requests: number;
              };
            };
            /** @enum {string} */
            window: '24h';
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListCompanies: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
        status?: 'active' | 'suspended';
        tier?: 'starter' | 'professional' | 'enterprise';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              balance: number;
              capacity: number;
              /** Format: date-time */
              createdAt: string;
              email: string;
              id: string;
              industry: string | null;
              monthlyQuota: number | null;
              name: string;
              rateLimitPerMinute: number | null;
              status: 'active' | 'suspended';
              /** @enum {unknown} */
              tier: 'starter' | 'professional' | 'enterprise';
              usage: {
                activeShipments: number;
                monthShipments: number;
                period: string | null;
              };
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetCompany: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            balance: number;
            capacity: number;
            /** Format: date-time */
            createdAt: string;
            email: string;
            id: string;
            industry: string | null;
            monthlyQuota: number | null;
            name: string;
            rateLimitPerMinute: number | null;
            status: 'active' | 'suspended';
            /** @enum {unknown} */
            tier: 'starter' | 'professional' | 'enterprise';
            usage: {
              activeShipments: number;
              monthShipments: number;
              period: string | null;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminUpdateCompany: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          balance?: number;
          capacity?: number;
          monthlyQuota?: number | null;
          rateLimitPerMinute?: number | null;
          status?: 'active' | 'suspended';
          /** @enum {unknown} */
          tier?: 'starter' | 'professional' | 'enterprise';
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            balance: number;
            capacity: number;
            /** Format: date-time */
            createdAt: string;
            email: string;
            id: string;
            industry: string | null;
            monthlyQuota: number | null;
            name: string;
            rateLimitPerMinute: number | null;
            status: 'active' | 'suspended';
            /** @enum {unknown} */
            tier: 'starter' | 'professional' | 'enterprise';
            usage: {
              activeShipments: number;
              monthShipments: number;
              period: string | null;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetCompanyAnalytics: {
    parameters: {
      query?: {
        days?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            companyId: string;
            days: number;
            onTime: {
              delivered: number;
              onTime: number;
              /** @description Percent, one decimal; null when there is nothing to rate */
              rate: number | null;
            };
            volume: {
              created: number;
              /** @description UTC day, YYYY-MM-DD */
              date: string;
              delivered: number;
            }[];
            webhooks: {
              attempts: number;
              /** @description Percent, one decimal; null when there is nothing to rate */
              rate: number | null;
              succeeded: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListCompanyKeys: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              id: string;
              keyPreview: string;
              /** Format: date-time */
              lastUsedAt: string | null;
              name: string;
              /** Format: date-time */
              revokedAt: string | null;
              status: 'active' | 'revoked';
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminIssueCompanyKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
        } | null;
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** @description The API key, e.g. ff_sk_live_… */
            key: string;
            keyPreview: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
            /** @description Shown once; stored only as a SHA-256 hash */
            secret: string;
            status: 'active' | 'revoked';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminRevokeCompanyKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
        keyId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            id: string;
            keyPreview: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
            status: 'active' | 'revoked';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminRetryJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The job id (pg-boss) */
        id: string;
        /** @description A job queue */
        queue:
          | 'mail.send'
          | 'maintenance.prune'
          | 'callback-update-status'
          | 'carriers.refresh'
          | 'balance.distribute'
          | 'pod.backfill'
          | 'reports.export'
          | 'reports.sweep'
          | 'alerts.notify'
          | 'api-log.prune';
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            id: string;
            queue: string;
            /** @enum {string} */
            status: 'retrying';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListFailedJobs: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
        /** @description A job queue */
        queue?:
          | 'mail.send'
          | 'maintenance.prune'
          | 'callback-update-status'
          | 'carriers.refresh'
          | 'balance.distribute'
          | 'pod.backfill'
          | 'reports.export'
          | 'reports.sweep'
          | 'alerts.notify'
          | 'api-log.prune';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              attempts: number;
              /** Format: date-time */
              createdAt: string;
              /** @description The job payload */
              data: unknown;
              /** @description The last failure */
              error: string | null;
              /** Format: date-time */
              failedAt: string | null;
              id: string;
              queue: string;
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminLogin: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            admin: {
              email: string;
              id: string;
            };
            expiresIn: number;
            token: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListOutboxes: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            outboxes: {
              /** @description Rows set aside after repeated failures */
              deadLettered?: number;
              /** @description How long the oldest due row has waited */
              lagSeconds: number;
              /** @description `carrier-callbacks`, `webhook-messages` or `jobs:<queue>` */
              name: string;
              /** @description lagSeconds is past OUTBOX_STUCK_SECONDS */
              stuck: boolean;
              /** @description Rows due now */
              waiting: number;
            }[];
            status: 'ok' | 'stuck';
            thresholdSeconds: number;
          } & {
            deadLetteredJobs: {
              [key: string]: number;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetOverview: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Shipments not yet delivered, failed, returned or cancelled */
            activeShipments: number;
            /** Format: date-time */
            at: string;
            companies: number;
            /** @description Active companies */
            connectedCompanies: number;
            /** @description Alerts and anomalies neither resolved nor acknowledged */
            openAlerts: number;
            /** @description Pending partner shipments no company has yet */
            pendingShipments: number;
            /** @description total_cost of delivered shipments (as the balance status reports it) */
            revenue: number;
            systemHealth: {
              activeCompanies: number;
              held: number;
              /** @description docs/balance.md "Distribution" */
              label: 'optimal' | 'good' | 'strained' | 'critical';
              /** @description Active companies at their limit: one more shipment would take them past 90 % of capacity */
              overLimit: number;
              /** @description 0–100, higher is healthier */
              score: number;
              /** @description Σ load / Σ capacity × 100 over active companies */
              systemUtilization: number;
            };
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListPodBackfills: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              error: string | null;
              /** Format: date-time */
              finishedAt: string | null;
              /** Format: date-time */
              heartbeatAt: string | null;
              id: number;
              options: {
                carrier: string | null;
                concurrency: number;
                limit: number | null;
                rate: number;
                recheckHours: number;
                since: string | null;
                until: string | null;
              };
              /** @description Live counters while running; the final report once ended */
              report: {
                byCarrier: {
                  [key: string]: {
                    /** @description Tracking failed after retries (see failures) */
                    failed: number;
                    /** @description Receiver name saved */
                    filled: number;
                    /** @description Rows dealt with (filled + stillEmpty + failed) */
                    found: number;
                    /** @description The carrier has no receiver name yet */
                    stillEmpty: number;
                  } & {
                    gaveUp?: string;
                  };
                };
                failures: {
                  awb: string;
                  carrier: string;
                  error: string | null;
                }[];
                totals: {
                  /** @description Tracking failed after retries (see failures) */
                  failed: number;
                  /** @description Receiver name saved */
                  filled: number;
                  /** @description Rows dealt with (filled + stillEmpty + failed) */
                  found: number;
                  /** @description The carrier has no receiver name yet */
                  stillEmpty: number;
                };
              };
              /** Format: date-time */
              startedAt: string;
              /**
               * @description `paused`: interrupted, resumed by the next start; `running` with an old heartbeat: its process died (also resumed)
               * @enum {unknown}
               */
              status: 'running' | 'paused' | 'finished' | 'failed' | 'cancelled';
              trigger: 'cli' | 'admin';
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminStartPodBackfill: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * @description Only this carrier (default: all)
           * @enum {unknown}
           */
          carrier?: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
          /** @description Rows of one carrier tracked at once (default POD_BACKFILL_CONCURRENCY) */
          concurrency?: number;
          /** @description At most this many rows (default: all) */
          limit?: number;
          /** @description Requests per second per carrier (default POD_BACKFILL_RATE) */
          rate?: number;
          /** @description Skip rows a run found still empty within this many hours (default 24; 0 re-tries them) */
          recheckHours?: number;
          /** @description Cancel a paused (or dead) run instead of resuming it */
          restart?: boolean;
          /**
           * Format: date-time
           * @description Delivered at or after (ISO-8601)
           */
          since?: string;
          /**
           * Format: date-time
           * @description Delivered before (ISO-8601)
           */
          until?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            resumed: boolean;
            run: {
              error: string | null;
              /** Format: date-time */
              finishedAt: string | null;
              /** Format: date-time */
              heartbeatAt: string | null;
              id: number;
              options: {
                carrier: string | null;
                concurrency: number;
                limit: number | null;
                rate: number;
                recheckHours: number;
                since: string | null;
                until: string | null;
              };
              /** @description Live counters while running; the final report once ended */
              report: {
                byCarrier: {
                  [key: string]: {
                    /** @description Tracking failed after retries (see failures) */
                    failed: number;
                    /** @description Receiver name saved */
                    filled: number;
                    /** @description Rows dealt with (filled + stillEmpty + failed) */
                    found: number;
                    /** @description The carrier has no receiver name yet */
                    stillEmpty: number;
                  } & {
                    gaveUp?: string;
                  };
                };
                failures: {
                  awb: string;
                  carrier: string;
                  error: string | null;
                }[];
                totals: {
                  /** @description Tracking failed after retries (see failures) */
                  failed: number;
                  /** @description Receiver name saved */
                  filled: number;
                  /** @description Rows dealt with (filled + stillEmpty + failed) */
                  found: number;
                  /** @description The carrier has no receiver name yet */
                  stillEmpty: number;
                };
              };
              /** Format: date-time */
              startedAt: string;
              /**
               * @description `paused`: interrupted, resumed by the next start; `running` with an old heartbeat: its process died (also resumed)
               * @enum {unknown}
               */
              status: 'running' | 'paused' | 'finished' | 'failed' | 'cancelled';
              trigger: 'cli' | 'admin';
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetPodBackfill: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: number;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            error: string | null;
            /** Format: date-time */
            finishedAt: string | null;
            /** Format: date-time */
            heartbeatAt: string | null;
            id: number;
            options: {
              carrier: string | null;
              concurrency: number;
              limit: number | null;
              rate: number;
              recheckHours: number;
              since: string | null;
              until: string | null;
            };
            /** @description Live counters while running; the final report once ended */
            report: {
              byCarrier: {
                [key: string]: {
                  /** @description Tracking failed after retries (see failures) */
                  failed: number;
                  /** @description Receiver name saved */
                  filled: number;
                  /** @description Rows dealt with (filled + stillEmpty + failed) */
                  found: number;
                  /** @description The carrier has no receiver name yet */
                  stillEmpty: number;
                } & {
                  gaveUp?: string;
                };
              };
              failures: {
                awb: string;
                carrier: string;
                error: string | null;
              }[];
              totals: {
                /** @description Tracking failed after retries (see failures) */
                failed: number;
                /** @description Receiver name saved */
                filled: number;
                /** @description Rows dealt with (filled + stillEmpty + failed) */
                found: number;
                /** @description The carrier has no receiver name yet */
                stillEmpty: number;
              };
            };
            /** Format: date-time */
            startedAt: string;
            /**
             * @description `paused`: interrupted, resumed by the next start; `running` with an old heartbeat: its process died (also resumed)
             * @enum {unknown}
             */
            status: 'running' | 'paused' | 'finished' | 'failed' | 'cancelled';
            trigger: 'cli' | 'admin';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminRequestOrderReport: {
    parameters: {
      query?: {
        /** @description Shipments assigned to this company only */
        assignee?: string;
        /** @description CSV: start with a UTF-8 byte order mark (for Excel) */
        bom?: boolean;
        /** @description Carrier shipments of this carrier only */
        carrier?: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
        /** @description The company (default: all) */
        companyId?: string;
        /** @description File format */
        format?: 'csv' | 'xlsx';
        /** @description Created at or after (default: 30 days before `to`) */
        from?: string;
        /** @description One or several statuses (repeat the parameter) */
        status?: ('pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled')[];
        /** @description Created at or before (default: now); at most 366 days after `from` */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            bytes: number | null;
            /** @description null: every company (an admin report) */
            companyId: string | null;
            /** Format: date-time */
            createdAt: string;
            error: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            filters: {
              assignee?: string;
              carrier?: string;
              /** Format: date-time */
              from: string;
              status?: string[];
              /** Format: date-time */
              to: string;
            };
            /** Format: date-time */
            finishedAt: string | null;
            /**
             * @description File format
             * @default csv
             */
            format: 'csv' | 'xlsx';
            /** @description A report id (`rpt_…`) */
            id: string;
            /** @description Where to read this report again */
            pollUrl: string;
            rows: number | null;
            /** @description `ready`: `url` downloads the file until `expiresAt` */
            status: 'pending' | 'running' | 'ready' | 'failed' | 'expired';
            /** @description The download link (ready reports only) */
            url: string | null;
          };
        };
      };
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description A report id (`rpt_…`) */
            id: string;
            /** @description Poll it (GET) until `status` is ready or failed; also in the Location header */
            pollUrl: string;
            status: 'pending' | 'running';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetOrderReport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A report id (`rpt_…`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            bytes: number | null;
            /** @description null: every company (an admin report) */
            companyId: string | null;
            /** Format: date-time */
            createdAt: string;
            error: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            filters: {
              assignee?: string;
              carrier?: string;
              /** Format: date-time */
              from: string;
              status?: string[];
              /** Format: date-time */
              to: string;
            };
            /** Format: date-time */
            finishedAt: string | null;
            /**
             * @description File format
             * @default csv
             */
            format: 'csv' | 'xlsx';
            /** @description A report id (`rpt_…`) */
            id: string;
            /** @description Where to read this report again */
            pollUrl: string;
            rows: number | null;
            /** @description `ready`: `url` downloads the file until `expiresAt` */
            status: 'pending' | 'running' | 'ready' | 'failed' | 'expired';
            /** @description The download link (ready reports only) */
            url: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            admin: {
              email: string;
              id: string;
            };
            /** @description Send it back as X-CSRF-Token on every POST, PATCH and DELETE made with the session cookie */
            csrfToken: string | null;
            /** @description Seconds the session lasts (12 hours) */
            expiresIn?: number;
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminCreateSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          email: string;
          password: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            admin: {
              email: string;
              id: string;
            };
            /** @description Send it back as X-CSRF-Token on every POST, PATCH and DELETE made with the session cookie */
            csrfToken: string | null;
            /** @description Seconds the session lasts (12 hours) */
            expiresIn?: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminDeleteSession: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListShipments: {
    parameters: {
      query?: {
        companyId?: string;
        limit?: number;
        offset?: number;
        status?: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              assignedCompanyId: string | null;
              /** @description The company that created the shipment */
              companyId: string;
              /** @description Set for carrier shipments */
              courier: {
                awb: string;
                /** @enum {unknown} */
                code: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
              } | null;
              /** Format: date-time */
              createdAt: string;
              currentLocation: string | null;
              customer: {
                email: string;
                name: string;
                phone: string;
              };
              customerName: string;
              distanceClass: ('local' | 'regional' | 'national') | null;
              dropoffLocation: {
                address: string;
              };
              /** Format: date-time */
              estimatedDelivery: string | null;
              id: string;
              packages: {
                contents: string | null;
                dimensions: string | null;
                id: string;
                trackingNumber: string;
                weight: number;
              }[];
              pickupLocation: {
                address: string;
              };
              /** @description How the hub quoted totalCost; null when the creator set the price, and for carrier shipments */
              priceQuote: {
                /** @enum {unknown} */
                distanceClass: 'local' | 'regional' | 'national';
                /** @description The creator's demand multiplier when quoted (0.90–1.30) */
                multiplier: number;
                parts: {
                  base: number;
                  extraPackages: number;
                  weight: number;
                };
                subtotal: number;
                /** @description subtotal × multiplier, rounded half up to the cent */
                total: number;
              } | null;
              /** @enum {unknown} */
              status: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
              totalCost: number | null;
              trackingEvents: {
                id: string;
                location: string | null;
                notes: string | null;
                /** @description Carrier shipments: the carrier's own status code of this event, verbatim (the carrier's text is in notes) */
                rawCode?: string;
                status: string;
                /** Format: date-time */
                timestamp: string;
              }[];
              trackingNumber: string;
              /** Format: date-time */
              updatedAt: string;
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminAssignShipment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          companyId: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assignedCompanyId: string | null;
            /** @description The company that created the shipment */
            companyId: string;
            /** @description Set for carrier shipments */
            courier: {
              awb: string;
              /** @enum {unknown} */
              code: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
            } | null;
            /** Format: date-time */
            createdAt: string;
            currentLocation: string | null;
            customer: {
              email: string;
              name: string;
              phone: string;
            };
            customerName: string;
            distanceClass: ('local' | 'regional' | 'national') | null;
            dropoffLocation: {
              address: string;
            };
            /** Format: date-time */
            estimatedDelivery: string | null;
            id: string;
            packages: {
              contents: string | null;
              dimensions: string | null;
              id: string;
              trackingNumber: string;
              weight: number;
            }[];
            pickupLocation: {
              address: string;
            };
            /** @description How the hub quoted totalCost; null when the creator set the price, and for carrier shipments */
            priceQuote: {
              /** @enum {unknown} */
              distanceClass: 'local' | 'regional' | 'national';
              /** @description The creator's demand multiplier when quoted (0.90–1.30) */
              multiplier: number;
              parts: {
                base: number;
                extraPackages: number;
                weight: number;
              };
              subtotal: number;
              /** @description subtotal × multiplier, rounded half up to the cent */
              total: number;
            } | null;
            /** @enum {unknown} */
            status: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
            totalCost: number | null;
            trackingEvents: {
              id: string;
              location: string | null;
              notes: string | null;
              /** @description Carrier shipments: the carrier's own status code of this event, verbatim (the carrier's text is in notes) */
              rawCode?: string;
              status: string;
              /** Format: date-time */
              timestamp: string;
            }[];
            trackingNumber: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminGetShipmentDecision: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            assignedAt: string | null;
            assignedCompanyId: string | null;
            creatorId: string;
            decision: {
              actor: {
                id: string | null;
                type: string;
              };
              /** Format: date-time */
              at: string;
              companyId: string;
              parts: {
                /** @description balanceHealth / 100 × 20 (0–20) */
                balance: number;
                /** @description performanceScore × 0.4 (0–40) */
                performance: number;
                /** @description Tier bonus: starter 0, professional 5, enterprise 10 */
                tier: number;
                /** @description max(0, 100 − utilization) / 100 × 30 (0–30) */
                underutilization: number;
              } | null;
              runId: string | null;
              runnersUp: {
                companyId: string;
                parts: {
                  /** @description balanceHealth / 100 × 20 (0–20) */
                  balance: number;
                  /** @description performanceScore × 0.4 (0–40) */
                  performance: number;
                  /** @description Tier bonus: starter 0, professional 5, enterprise 10 */
                  tier: number;
                  /** @description max(0, 100 − utilization) / 100 × 30 (0–30) */
                  underutilization: number;
                };
                score: number;
              }[];
              score: number | null;
              utilizationBefore: number | null;
            } | null;
            /** @description In words: why this company, or why none yet */
            explanation: string;
            shipmentId: string;
            status: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminStreamOverview: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The event stream */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListWebhooks: {
    parameters: {
      query?: {
        companyId?: string;
        limit?: number;
        offset?: number;
        /** @description disabled: switched off; failing: the latest attempts failed; recovered: a success ended failures within 24 h; healthy: otherwise */
        status?: 'healthy' | 'failing' | 'recovered' | 'disabled';
        windowHours?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              companyId: string;
              companyName: string;
              /** Format: date-time */
              createdAt: string;
              description: string | null;
              /** Format: date-time */
              disabledAt: string | null;
              disabledReason: string | null;
              enabled: boolean;
              events: string[];
              id: string;
              /** Format: date-time */
              secretRotationEndsAt: string | null;
              stats: {
                consecutiveFailures: number;
                failureCount: number;
                /** Format: date-time */
                lastFailureAt: string | null;
                lastFailureReason: string | null;
                /** Format: date-time */
                lastSuccessAt: string | null;
                successCount: number;
              };
              /**
               * @description disabled: switched off; failing: the latest attempts failed; recovered: a success ended failures within 24 h; healthy: otherwise
               * @enum {unknown}
               */
              status: 'healthy' | 'failing' | 'recovered' | 'disabled';
              /** Format: date-time */
              updatedAt: string;
              url: string;
              window: {
                attempts: number;
                hours: number;
                successes: number;
                /** @description successes / attempts in the window; null without attempts */
                successRate: number | null;
              };
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminEnableWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never> | null;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /** Format: date-time */
            disabledAt: string | null;
            disabledReason: string | null;
            enabled: boolean;
            events: string[];
            id: string;
            /** Format: date-time */
            secretRotationEndsAt: string | null;
            stats: {
              consecutiveFailures: number;
              failureCount: number;
              /** Format: date-time */
              lastFailureAt: string | null;
              lastFailureReason: string | null;
              /** Format: date-time */
              lastSuccessAt: string | null;
              successCount: number;
            };
            /**
             * @description disabled: switched off; failing: the latest attempts failed; recovered: a success ended failures within 24 h; healthy: otherwise
             * @enum {unknown}
             */
            status: 'healthy' | 'failing' | 'recovered' | 'disabled';
            /** Format: date-time */
            updatedAt: string;
            url: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminListWebhookLogs: {
    parameters: {
      query?: {
        limit?: number;
        messageId?: string;
        offset?: number;
        success?: boolean;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              attempt: number;
              /** Format: date-time */
              createdAt: string;
              durationMs: number;
              error: string | null;
              eventType: string;
              id: number;
              messageId: string;
              responseBody: string | null;
              statusCode: number | null;
              success: boolean;
              /** @description event, replay or test */
              trigger: string;
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  adminReplayWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Resend this message (the webhook-id of a delivery) */
          messageId?: string;
          /**
           * Format: date-time
           * @description Resend every failed message created since this time
           */
          since?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Most messages one replay resends */
            limit: number;
            replayed: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  authenticate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          apiKey: string;
          secret: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            company: {
              id: string;
              name: string;
              /** @enum {unknown} */
              tier: 'starter' | 'professional' | 'enterprise';
            };
            /** @description Seconds (86400) */
            expiresIn: number;
            token: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  listApiKeys: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              id: string;
              keyPreview: string;
              /** Format: date-time */
              lastUsedAt: string | null;
              name: string;
              /** Format: date-time */
              revokedAt: string | null;
              status: 'active' | 'revoked';
            }[];
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  createApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          name?: string;
        } | null;
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            id: string;
            /** @description The API key, e.g. ff_sk_live_… */
            key: string;
            keyPreview: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
            /** @description Shown once; stored only as a SHA-256 hash */
            secret: string;
            status: 'active' | 'revoked';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  revokeApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            id: string;
            keyPreview: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
            status: 'active' | 'revoked';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  getMyCompany: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            balance: number;
            capacity: number;
            /** Format: date-time */
            createdAt: string;
            email: string;
            id: string;
            industry: string | null;
            monthlyQuota: number | null;
            name: string;
            rateLimitPerMinute: number | null;
            status: 'active' | 'suspended';
            /** @enum {unknown} */
            tier: 'starter' | 'professional' | 'enterprise';
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  onboardCompany: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          company: {
            /** Format: email */
            email: string;
            industry?: string;
            name: string;
          };
          /** @enum {unknown} */
          tier: 'starter' | 'professional' | 'enterprise';
          webhooks?: {
            events: (
              | 'shipment.created'
              | 'shipment.assigned'
              | 'shipment.updated'
              | 'shipment.delivered'
              | 'shipment.cancelled'
              | 'pod.received'
              | 'report.available'
            )[];
            /**
             * Format: uri
             * @description http(s) URL that receives POSTs; private, loopback and link-local addresses are refused
             */
            url: string;
          }[];
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            apiKey: {
              /** Format: date-time */
              createdAt: string;
              id: string;
              /** @description The API key, e.g. ff_sk_live_… */
              key: string;
              keyPreview: string;
              /** Format: date-time */
              lastUsedAt: string | null;
              name: string;
              /** Format: date-time */
              revokedAt: string | null;
              /** @description Shown once; stored only as a SHA-256 hash */
              secret: string;
              status: 'active' | 'revoked';
            };
            company: {
              balance: number;
              capacity: number;
              /** Format: date-time */
              createdAt: string;
              email: string;
              id: string;
              industry: string | null;
              monthlyQuota: number | null;
              name: string;
              rateLimitPerMinute: number | null;
              status: 'active' | 'suspended';
              /** @enum {unknown} */
              tier: 'starter' | 'professional' | 'enterprise';
            };
            limits: {
              capacity: number;
              monthlyShipments: number | null;
              requestsPerMinute: number | null;
            };
            webhooks: {
              /** Format: date-time */
              createdAt: string;
              description: string | null;
              /** Format: date-time */
              disabledAt: string | null;
              disabledReason: string | null;
              enabled: boolean;
              events: string[];
              id: string;
              /** @description whsec_… signing secret: shown only in this response, stored encrypted */
              secret: string;
              /** Format: date-time */
              secretRotationEndsAt: string | null;
              stats: {
                consecutiveFailures: number;
                failureCount: number;
                /** Format: date-time */
                lastFailureAt: string | null;
                lastFailureReason: string | null;
                /** Format: date-time */
                lastSuccessAt: string | null;
                successCount: number;
              };
              /**
               * @description disabled: switched off; failing: the latest attempts failed; recovered: a success ended failures within 24 h; healthy: otherwise
               * @enum {unknown}
               */
              status: 'healthy' | 'failing' | 'recovered' | 'disabled';
              /** Format: date-time */
              updatedAt: string;
              url: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  getOnboardingOptions: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            events: string[];
            tiers: {
              /** @description The balance engine's tier bonus (score points) */
              bonus: number;
              /** @description Active shipments at once */
              capacity: number;
              /** @description null: unlimited */
              monthlyShipments: number | null;
              /** @enum {unknown} */
              name: 'starter' | 'professional' | 'enterprise';
              /** @description null: unlimited */
              requestsPerMinute: number | null;
            }[];
          };
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  testOnboardingWebhookUrl: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /**
           * Format: uri
           * @description http(s) URL that receives POSTs; private, loopback and link-local addresses are refused
           */
          url: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            durationMs: number;
            error: string | null;
            /** @description First 4 KB of the response */
            responseBody: string | null;
            statusCode: number | null;
            success: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  listShipments: {
    parameters: {
      query?: {
        limit?: number;
        offset?: number;
        status?: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: components['schemas']['Shipment'][];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  createShipment: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The shipment already travels with this carrier under this AWB: it is tracked through the carrier gateway and callbacks, never distributed to partner companies. */
          courier?: {
            /** @description The carrier's airway bill number */
            awb: string;
            /**
             * @description jne, sicepat, jnt, idexpress or sap
             * @enum {unknown}
             */
            code: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
          };
          customer: {
            /** Format: email */
            email: string;
            name: string;
            phone: string;
          };
          /**
           * @description Overrides the distance class the hub reads from the two addresses (local: same city; regional: same region)
           * @enum {unknown}
           */
          distanceClass?: 'local' | 'regional' | 'national';
          dropoffLocation: {
            address: string;
            /** @description A label for the place, e.g. "Warehouse" */
            name?: string;
          };
          /** Format: date-time */
          estimatedDelivery?: string;
          packages: {
            contents?: string;
            /** @description LxWxH, e.g. 12x8x6 */
            dimensions?: string;
            /** @description kg, > 0 */
            weight: number;
          }[];
          pickupLocation: {
            address: string;
            /** @description A label for the place, e.g. "Warehouse" */
            name?: string;
          };
          /** @description Your own price. Without it the hub quotes one (priceQuote in the answer; docs/balance.md 'Pricing') */
          totalCost?: number;
          /** @description Generated (FF-YYYY-XXXXXXXX) when omitted */
          trackingNumber?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assignedCompanyId: string | null;
            /** @description The company that created the shipment */
            companyId: string;
            /** @description Set for carrier shipments */
            courier: {
              awb: string;
              /** @enum {unknown} */
              code: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
            } | null;
            /** Format: date-time */
            createdAt: string;
            currentLocation: string | null;
            customer: {
              email: string;
              name: string;
              phone: string;
            };
            customerName: string;
            distanceClass: ('local' | 'regional' | 'national') | null;
            dropoffLocation: {
              address: string;
            };
            /** Format: date-time */
            estimatedDelivery: string | null;
            id: string;
            packages: {
              contents: string | null;
              dimensions: string | null;
              id: string;
              trackingNumber: string;
              weight: number;
            }[];
            pickupLocation: {
              address: string;
            };
            /** @description How the hub quoted totalCost; null when the creator set the price, and for carrier shipments */
            priceQuote: {
              /** @enum {unknown} */
              distanceClass: 'local' | 'regional' | 'national';
              /** @description The creator's demand multiplier when quoted (0.90–1.30) */
              multiplier: number;
              parts: {
                base: number;
                extraPackages: number;
                weight: number;
              };
              subtotal: number;
              /** @description subtotal × multiplier, rounded half up to the cent */
              total: number;
            } | null;
            /** @enum {unknown} */
            status: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
            totalCost: number | null;
            trackingEvents: {
              id: string;
              location: string | null;
              notes: string | null;
              /** @description Carrier shipments: the carrier's own status code of this event, verbatim (the carrier's text is in notes) */
              rawCode?: string;
              status: string;
              /** Format: date-time */
              timestamp: string;
            }[];
            trackingNumber: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  getShipment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assignedCompanyId: string | null;
            /** @description The company that created the shipment */
            companyId: string;
            /** @description Set for carrier shipments */
            courier: {
              awb: string;
              /** @enum {unknown} */
              code: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
            } | null;
            /** Format: date-time */
            createdAt: string;
            currentLocation: string | null;
            customer: {
              email: string;
              name: string;
              phone: string;
            };
            customerName: string;
            distanceClass: ('local' | 'regional' | 'national') | null;
            dropoffLocation: {
              address: string;
            };
            /** Format: date-time */
            estimatedDelivery: string | null;
            id: string;
            packages: {
              contents: string | null;
              dimensions: string | null;
              id: string;
              trackingNumber: string;
              weight: number;
            }[];
            pickupLocation: {
              address: string;
            };
            /** @description How the hub quoted totalCost; null when the creator set the price, and for carrier shipments */
            priceQuote: {
              /** @enum {unknown} */
              distanceClass: 'local' | 'regional' | 'national';
              /** @description The creator's demand multiplier when quoted (0.90–1.30) */
              multiplier: number;
              parts: {
                base: number;
                extraPackages: number;
                weight: number;
              };
              subtotal: number;
              /** @description subtotal × multiplier, rounded half up to the cent */
              total: number;
            } | null;
            /** @enum {unknown} */
            status: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
            totalCost: number | null;
            trackingEvents: {
              id: string;
              location: string | null;
              notes: string | null;
              /** @description Carrier shipments: the carrier's own status code of this event, verbatim (the carrier's text is in notes) */
              rawCode?: string;
              status: string;
              /** Format: date-time */
              timestamp: string;
            }[];
            trackingNumber: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  updateShipment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          customer?: {
            /** Format: email */
            email: string;
            name: string;
            phone: string;
          };
          dropoffLocation?: {
            address: string;
            /** @description A label for the place, e.g. "Warehouse" */
            name?: string;
          };
          /** Format: date-time */
          estimatedDelivery?: string | null;
          packages?: {
            contents?: string;
            /** @description LxWxH, e.g. 12x8x6 */
            dimensions?: string;
            /** @description kg, > 0 */
            weight: number;
          }[];
          pickupLocation?: {
            address: string;
            /** @description A label for the place, e.g. "Warehouse" */
            name?: string;
          };
          totalCost?: number | null;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assignedCompanyId: string | null;
            /** @description The company that created the shipment */
            companyId: string;
            /** @description Set for carrier shipments */
            courier: {
              awb: string;
              /** @enum {unknown} */
              code: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
            } | null;
            /** Format: date-time */
            createdAt: string;
            currentLocation: string | null;
            customer: {
              email: string;
              name: string;
              phone: string;
            };
            customerName: string;
            distanceClass: ('local' | 'regional' | 'national') | null;
            dropoffLocation: {
              address: string;
            };
            /** Format: date-time */
            estimatedDelivery: string | null;
            id: string;
            packages: {
              contents: string | null;
              dimensions: string | null;
              id: string;
              trackingNumber: string;
              weight: number;
            }[];
            pickupLocation: {
              address: string;
            };
            /** @description How the hub quoted totalCost; null when the creator set the price, and for carrier shipments */
            priceQuote: {
              /** @enum {unknown} */
              distanceClass: 'local' | 'regional' | 'national';
              /** @description The creator's demand multiplier when quoted (0.90–1.30) */
              multiplier: number;
              parts: {
                base: number;
                extraPackages: number;
                weight: number;
              };
              subtotal: number;
              /** @description subtotal × multiplier, rounded half up to the cent */
              total: number;
            } | null;
            /** @enum {unknown} */
            status: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
            totalCost: number | null;
            trackingEvents: {
              id: string;
              location: string | null;
              notes: string | null;
              /** @description Carrier shipments: the carrier's own status code of this event, verbatim (the carrier's text is in notes) */
              rawCode?: string;
              status: string;
              /** Format: date-time */
              timestamp: string;
            }[];
            trackingNumber: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  cancelShipment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          reason?: string;
        } | null;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assignedCompanyId: string | null;
            /** @description The company that created the shipment */
            companyId: string;
            /** @description Set for carrier shipments */
            courier: {
              awb: string;
              /** @enum {unknown} */
              code: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
            } | null;
            /** Format: date-time */
            createdAt: string;
            currentLocation: string | null;
            customer: {
              email: string;
              name: string;
              phone: string;
            };
            customerName: string;
            distanceClass: ('local' | 'regional' | 'national') | null;
            dropoffLocation: {
              address: string;
            };
            /** Format: date-time */
            estimatedDelivery: string | null;
            id: string;
            packages: {
              contents: string | null;
              dimensions: string | null;
              id: string;
              trackingNumber: string;
              weight: number;
            }[];
            pickupLocation: {
              address: string;
            };
            /** @description How the hub quoted totalCost; null when the creator set the price, and for carrier shipments */
            priceQuote: {
              /** @enum {unknown} */
              distanceClass: 'local' | 'regional' | 'national';
              /** @description The creator's demand multiplier when quoted (0.90–1.30) */
              multiplier: number;
              parts: {
                base: number;
                extraPackages: number;
                weight: number;
              };
              subtotal: number;
              /** @description subtotal × multiplier, rounded half up to the cent */
              total: number;
            } | null;
            /** @enum {unknown} */
            status: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
            totalCost: number | null;
            trackingEvents: {
              id: string;
              location: string | null;
              notes: string | null;
              /** @description Carrier shipments: the carrier's own status code of this event, verbatim (the carrier's text is in notes) */
              rawCode?: string;
              status: string;
              /** Format: date-time */
              timestamp: string;
            }[];
            trackingNumber: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  addShipmentEvent: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          location?: string;
          notes?: string;
          /** @enum {unknown} */
          status: 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned';
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            assignedCompanyId: string | null;
            /** @description The company that created the shipment */
            companyId: string;
            /** @description Set for carrier shipments */
            courier: {
              awb: string;
              /** @enum {unknown} */
              code: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
            } | null;
            /** Format: date-time */
            createdAt: string;
            currentLocation: string | null;
            customer: {
              email: string;
              name: string;
              phone: string;
            };
            customerName: string;
            distanceClass: ('local' | 'regional' | 'national') | null;
            dropoffLocation: {
              address: string;
            };
            /** Format: date-time */
            estimatedDelivery: string | null;
            id: string;
            packages: {
              contents: string | null;
              dimensions: string | null;
              id: string;
              trackingNumber: string;
              weight: number;
            }[];
            pickupLocation: {
              address: string;
            };
            /** @description How the hub quoted totalCost; null when the creator set the price, and for carrier shipments */
            priceQuote: {
              /** @enum {unknown} */
              distanceClass: 'local' | 'regional' | 'national';
              /** @description The creator's demand multiplier when quoted (0.90–1.30) */
              multiplier: number;
              parts: {
                base: number;
                extraPackages: number;
                weight: number;
              };
              subtotal: number;
              /** @description subtotal × multiplier, rounded half up to the cent */
              total: number;
            } | null;
            /** @enum {unknown} */
            status: 'pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled';
            totalCost: number | null;
            trackingEvents: {
              id: string;
              location: string | null;
              notes: string | null;
              /** @description Carrier shipments: the carrier's own status code of this event, verbatim (the carrier's text is in notes) */
              rawCode?: string;
              status: string;
              /** Format: date-time */
              timestamp: string;
            }[];
            trackingNumber: string;
            /** Format: date-time */
            updatedAt: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  trackShipment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        trackingNumber: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            events: {
              location: string | null;
              notes?: string | null;
              status: string;
              /** Format: date-time */
              timestamp: string;
            }[];
            packages: {
              contents: string | null;
              trackingNumber: string;
              weight: number;
            }[];
            tracking: {
              currentLocation: string | null;
              customerName: string;
              dropoffAddress: string;
              /** Format: date-time */
              estimatedDelivery: string | null;
              pickupAddress: string;
              progressPercentage: number;
              status: string;
              totalCost: number | null;
              trackingNumber: string;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  listWebhooks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              /** Format: date-time */
              createdAt: string;
              description: string | null;
              /** Format: date-time */
              disabledAt: string | null;
              disabledReason: string | null;
              enabled: boolean;
              events: string[];
              id: string;
              /** Format: date-time */
              secretRotationEndsAt: string | null;
              stats: {
                consecutiveFailures: number;
                failureCount: number;
                /** Format: date-time */
                lastFailureAt: string | null;
                lastFailureReason: string | null;
                /** Format: date-time */
                lastSuccessAt: string | null;
                successCount: number;
              };
              /**
               * @description disabled: switched off; failing: the latest attempts failed; recovered: a success ended failures within 24 h; healthy: otherwise
               * @enum {unknown}
               */
              status: 'healthy' | 'failing' | 'recovered' | 'disabled';
              /** Format: date-time */
              updatedAt: string;
              url: string;
            }[];
          };
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  createWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string;
          /** @default true */
          enabled?: boolean;
          events: (
            | 'shipment.created'
            | 'shipment.assigned'
            | 'shipment.updated'
            | 'shipment.delivered'
            | 'shipment.cancelled'
            | 'pod.received'
            | 'report.available'
          )[];
          /**
           * Format: uri
           * @description http(s) URL that receives POSTs; private, loopback and link-local addresses are refused
           */
          url: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /** Format: date-time */
            disabledAt: string | null;
            disabledReason: string | null;
            enabled: boolean;
            events: string[];
            id: string;
            /** @description whsec_… signing secret: shown only in this response, stored encrypted */
            secret: string;
            /** Format: date-time */
            secretRotationEndsAt: string | null;
            stats: {
              consecutiveFailures: number;
              failureCount: number;
              /** Format: date-time */
              lastFailureAt: string | null;
              lastFailureReason: string | null;
              /** Format: date-time */
              lastSuccessAt: string | null;
              successCount: number;
            };
            /**
             * @description disabled: switched off; failing: the latest attempts failed; recovered: a success ended failures within 24 h; healthy: otherwise
             * @enum {unknown}
             */
            status: 'healthy' | 'failing' | 'recovered' | 'disabled';
            /** Format: date-time */
            updatedAt: string;
            url: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  getWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /** Format: date-time */
            disabledAt: string | null;
            disabledReason: string | null;
            enabled: boolean;
            events: string[];
            id: string;
            /** Format: date-time */
            secretRotationEndsAt: string | null;
            stats: {
              consecutiveFailures: number;
              failureCount: number;
              /** Format: date-time */
              lastFailureAt: string | null;
              lastFailureReason: string | null;
              /** Format: date-time */
              lastSuccessAt: string | null;
              successCount: number;
            };
            /**
             * @description disabled: switched off; failing: the latest attempts failed; recovered: a success ended failures within 24 h; healthy: otherwise
             * @enum {unknown}
             */
            status: 'healthy' | 'failing' | 'recovered' | 'disabled';
            /** Format: date-time */
            updatedAt: string;
            url: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  deleteWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  updateWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          description?: string | null;
          /** @description true re-enables a disabled webhook and clears why it was disabled */
          enabled?: boolean;
          events?: (
            | 'shipment.created'
            | 'shipment.assigned'
            | 'shipment.updated'
            | 'shipment.delivered'
            | 'shipment.cancelled'
            | 'pod.received'
            | 'report.available'
          )[];
          /**
           * Format: uri
           * @description http(s) URL that receives POSTs; private, loopback and link-local addresses are refused
           */
          url?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            createdAt: string;
            description: string | null;
            /** Format: date-time */
            disabledAt: string | null;
            disabledReason: string | null;
            enabled: boolean;
            events: string[];
            id: string;
            /** Format: date-time */
            secretRotationEndsAt: string | null;
            stats: {
              consecutiveFailures: number;
              failureCount: number;
              /** Format: date-time */
              lastFailureAt: string | null;
              lastFailureReason: string | null;
              /** Format: date-time */
              lastSuccessAt: string | null;
              successCount: number;
            };
            /**
             * @description disabled: switched off; failing: the latest attempts failed; recovered: a success ended failures within 24 h; healthy: otherwise
             * @enum {unknown}
             */
            status: 'healthy' | 'failing' | 'recovered' | 'disabled';
            /** Format: date-time */
            updatedAt: string;
            url: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  listWebhookLogs: {
    parameters: {
      query?: {
        limit?: number;
        messageId?: string;
        offset?: number;
        success?: boolean;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            data: {
              attempt: number;
              /** Format: date-time */
              createdAt: string;
              durationMs: number;
              error: string | null;
              eventType: string;
              id: number;
              messageId: string;
              responseBody: string | null;
              statusCode: number | null;
              success: boolean;
              /** @description event, replay or test */
              trigger: string;
            }[];
            pagination: {
              hasMore: boolean;
              limit: number;
              offset: number;
              total: number;
            };
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  replayWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description Resend this message (the webhook-id of a delivery) */
          messageId?: string;
          /**
           * Format: date-time
           * @description Resend every failed message created since this time
           */
          since?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description Most messages one replay resends */
            limit: number;
            replayed: number;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  rotateWebhookSecret: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never> | null;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** Format: date-time */
            previousSecretExpiresAt: string | null;
            /** @description whsec_… signing secret: shown only in this response, stored encrypted */
            secret: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  testWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, never> | null;
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            durationMs: number;
            error: string | null;
            messageId: string;
            /** @description First 4 KB of the response */
            responseBody: string | null;
            statusCode: number | null;
            success: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  confirmTrackingSubscription: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The token of the mailed link */
          token: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'confirmed';
            trackingNumber: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  oneClickUnsubscribeFromTracking: {
    parameters: {
      query: {
        /** @description The token of the mailed link */
        token: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'unsubscribed';
            trackingNumber: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  unsubscribeFromTracking: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** @description The token of the mailed link */
          token: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'unsubscribed';
            trackingNumber: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  getPublicTracking: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        trackingNumber: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description The carrier (jne, sicepat, jnt, idexpress, sap) for a carrier shipment */
            carrier: string | null;
            currentLocation: string | null;
            /** Format: date-time */
            estimatedDelivery: string | null;
            events: {
              location: string | null;
              status: string;
              /** Format: date-time */
              timestamp: string;
            }[];
            progressPercentage: number;
            proofOfDelivery: {
              /** Format: date-time */
              deliveredAt: string | null;
              photoUrl: string | null;
              /** @description Masked: the first letter of each word, then *** */
              receiverName: string | null;
            } | null;
            stages: {
              /** Format: date-time */
              at: string | null;
              reached: boolean;
              stage: 'pending' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered';
            }[];
            /** @description pending, assigned, picked_up, in_transit, out_for_delivery, delivered, failed, returned or cancelled */
            status: string;
            trackingNumber: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  subscribeToTracking: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        trackingNumber: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          /** Format: email */
          email: string;
          /** @default id */
          language: 'id' | 'en';
        };
      };
    };
    responses: {
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {string} */
            status: 'pending_confirmation';
            trackingNumber: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  receiveJneCallback: {
    parameters: {
      query?: never;
      header?: {
        'x-callback-token'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            callbackId: number;
            message: string;
            /** @description true: stored (or an exact duplicate of one stored) */
            status: boolean;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  downloadFile: {
    parameters: {
      query: {
        /** @description Unix seconds after which the link is refused */
        expires: number;
        /** @description The file name to save as */
        name?: string;
        /** @description HMAC-SHA256 of key, expiry and name */
        sig: string;
      };
      header?: never;
      path: {
        /** @description The object key */
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file, streamed (CSV or XLSX) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': string;
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  getMetrics: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The Prometheus text exposition format (version 0.0.4) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  gatewayAuthenticate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': {
          client_id?: string;
          client_secret?: string;
          clientId?: string;
          clientSecret?: string;
          /** @enum {string} */
          grant_type?: 'client_credentials';
          scope?: string;
        };
      };
    };
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            access_token: string;
            /** @description Seconds */
            expires_in: number;
            /** @enum {string} */
            token_type: 'Bearer';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  gatewayTrackAwb: {
    parameters: {
      query?: {
        /** @description Carrier code */
        courier?: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
      };
      header?: never;
      path: {
        /** @description The carrier's airway bill number */
        awb: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            awb: string;
            cached: boolean;
            /**
             * @description Carrier code
             * @enum {unknown}
             */
            courier: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
            /** Format: date-time */
            fetchedAt: string;
            history: {
              description: string;
              location: string | null;
              /** @description The carrier's own code (or status text), verbatim */
              rawCode: string;
              rawText: string;
              /** @enum {unknown} */
              status:
                | 'pending'
                | 'picked_up'
                | 'in_transit'
                | 'out_for_delivery'
                | 'delivered'
                | 'failed'
                | 'returned'
                | 'cancelled'
                | 'exception'
                | 'unknown';
              /** Format: date-time */
              time: string;
            }[];
            image_url: string | null;
            podReceiverName: string | null;
            rawStatus: string;
            /** @description The receiver's relation to the addressee as the carrier words it (null where the carrier has none) */
            relation: string | null;
            /** @description A link to the receiver's signature image (null where the carrier has none) */
            signatureUrl: string | null;
            /** @enum {unknown} */
            status:
              | 'pending'
              | 'picked_up'
              | 'in_transit'
              | 'out_for_delivery'
              | 'delivered'
              | 'failed'
              | 'returned'
              | 'cancelled'
              | 'exception'
              | 'unknown';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      502: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      504: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  requestOrderReport: {
    parameters: {
      query?: {
        /** @description Shipments assigned to this company only */
        assignee?: string;
        /** @description CSV: start with a UTF-8 byte order mark (for Excel) */
        bom?: boolean;
        /** @description Carrier shipments of this carrier only */
        carrier?: 'jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap';
        /** @description File format */
        format?: 'csv' | 'xlsx';
        /** @description Created at or after (default: 30 days before `to`) */
        from?: string;
        /** @description One or several statuses (repeat the parameter) */
        status?: ('pending' | 'assigned' | 'picked_up' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'failed' | 'returned' | 'cancelled')[];
        /** @description Created at or before (default: now); at most 366 days after `from` */
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            bytes: number | null;
            /** @description null: every company (an admin report) */
            companyId: string | null;
            /** Format: date-time */
            createdAt: string;
            error: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            filters: {
              assignee?: string;
              carrier?: string;
              /** Format: date-time */
              from: string;
              status?: string[];
              /** Format: date-time */
              to: string;
            };
            /** Format: date-time */
            finishedAt: string | null;
            /**
             * @description File format
             * @default csv
             */
            format: 'csv' | 'xlsx';
            /** @description A report id (`rpt_…`) */
            id: string;
            /** @description Where to read this report again */
            pollUrl: string;
            rows: number | null;
            /** @description `ready`: `url` downloads the file until `expiresAt` */
            status: 'pending' | 'running' | 'ready' | 'failed' | 'expired';
            /** @description The download link (ready reports only) */
            url: string | null;
          };
        };
      };
      /** @description Default Response */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @description A report id (`rpt_…`) */
            id: string;
            /** @description Poll it (GET) until `status` is ready or failed; also in the Location header */
            pollUrl: string;
            status: 'pending' | 'running';
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  getOrderReport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description A report id (`rpt_…`) */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            bytes: number | null;
            /** @description null: every company (an admin report) */
            companyId: string | null;
            /** Format: date-time */
            createdAt: string;
            error: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            filters: {
              assignee?: string;
              carrier?: string;
              /** Format: date-time */
              from: string;
              status?: string[];
              /** Format: date-time */
              to: string;
            };
            /** Format: date-time */
            finishedAt: string | null;
            /**
             * @description File format
             * @default csv
             */
            format: 'csv' | 'xlsx';
            /** @description A report id (`rpt_…`) */
            id: string;
            /** @description Where to read this report again */
            pollUrl: string;
            rows: number | null;
            /** @description `ready`: `url` downloads the file until `expiresAt` */
            status: 'pending' | 'running' | 'ready' | 'failed' | 'expired';
            /** @description The download link (ready reports only) */
            url: string | null;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
  cmsTrackShipment: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        trackingNumber: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Default Response */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            awb: string | null;
            carrierError?: {
              code: string;
              message: string;
            };
            /** @description The carrier's unified status (null when answered from the database) */
            carrierStatus: string | null;
            courier: ('jne' | 'sicepat' | 'jnt' | 'idexpress' | 'sap') | null;
            history: {
              description: string | null;
              location: string | null;
              rawCode: string | null;
              status: string;
              /** Format: date-time */
              time: string;
            }[];
            image_url: string | null;
            podReceiverName: string | null;
            rawStatus: string | null;
            /** @description The receiver's relation to the addressee (carrier's answer, else the stored POD) */
            relation: string | null;
            /** @description A link to the receiver's signature image (carrier's answer, else the stored POD) */
            signatureUrl: string | null;
            /** @description `database` when the carrier could not be reached (or the order has no carrier): the stored history and POD */
            source: 'carrier' | 'database';
            /** @description The order's status in the hub, after this tracking was applied */
            status: string;
            trackingNumber: string;
          };
        };
      };
      /** @description Default Response */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
      /** @description Default Response */
      429: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ErrorResponse'];
        };
      };
    };
  };
}
