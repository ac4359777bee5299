// Public endpoint edge for Aurora webhooks (skeleton until the receiver lands).
export const main = async (_context: unknown) => ({ statusCode: 501, body: JSON.stringify({ ok: false }) });
