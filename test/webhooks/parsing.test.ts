// Webhook input: query flattening (HubSpot's arrays), per-event schemas, authentication in constant time, URL templates.
import { randomUUID } from 'node:crypto';
import { EVENT_PLACEHOLDERS } from '../../src/core/aurora/inferred';
import { requestFromContext } from '../../src/core/functions/auroraWebhook';
import { isAuthentic, headerValue } from '../../src/core/webhooks/auth';
import { flattenQuery, HANDLED_EVENTS, parseDelivery, urlTemplateFor } from '../../src/core/aurora/webhookDeliveries';

const id = () => randomUUID();

describe('query flattening', () => {
  it('takes the first value of array parameters, as HubSpot passes context.params', () => {
    expect(flattenQuery({ evt: ['asset_created'], design_id: ['a', 'b'], t: 'plain', none: undefined, empty: [] })).toEqual({
      evt: 'asset_created',
      design_id: 'a',
      t: 'plain',
    });
  });
});

describe("HubSpot's endpoint context", () => {
  it('becomes the handler request: params (arrays) over query, headers, method; anything unreadable an empty GET', () => {
    expect(requestFromContext({ params: { evt: ['design_created'], t: ['x'] }, query: { evt: 'ignored', extra: 'kept' }, headers: { host: 'h' }, method: 'GET' })).toEqual({
      method: 'GET',
      query: { evt: ['design_created'], t: ['x'], extra: 'kept' },
      headers: { host: 'h' },
    });
    expect(requestFromContext({ query: { evt: 'design_created' } })).toEqual({ method: 'GET', query: { evt: 'design_created' }, headers: {} });
    expect(requestFromContext(null)).toEqual({ method: 'GET', query: {}, headers: {} });
    expect(requestFromContext({ params: 'nonsense' })).toEqual({ method: 'GET', query: {}, headers: {} });
  });
});

describe('parseDelivery', () => {
  it('accepts each handled event with the parameters its template fills', () => {
    const agreement = parseDelivery({ evt: 'agreement_status_changed', project_id: id(), agreement_id: id(), status: 'cancel-pending' });
    expect(agreement).toMatchObject({ kind: 'event', event: { event: 'agreement_status_changed', data: { status: 'cancel_pending' } } });
    const asset = parseDelivery({ evt: 'asset_created', design_id: id(), asset_id: id(), asset_type: 'CAD Auto Screenshot', t: 'secret' });
    expect(asset).toMatchObject({ kind: 'event', event: { event: 'asset_created', data: { asset_type: 'CAD Auto Screenshot' } } });
    // The token and other static parameters never end up in the parsed data.
    expect(asset.kind === 'event' && 't' in asset.event.data).toBe(false);
  });

  it('reports malformed ids, missing parameters and a missing or odd evt', () => {
    expect(parseDelivery({ evt: 'design_request_completed', design_request_id: 'not-an-id' })).toEqual({
      kind: 'invalid',
      problems: ['design_request_id must be an Aurora id'],
    });
    expect(parseDelivery({ evt: 'asset_created', design_id: id(), asset_id: id() })).toMatchObject({ kind: 'invalid', problems: [expect.stringContaining('asset_type')] });
    expect(parseDelivery({ design_id: id() })).toEqual({ kind: 'invalid', problems: ['evt is missing'] });
    expect(parseDelivery({ evt: "x'; drop table" })).toEqual({ kind: 'invalid', problems: ['evt is not an event name'] });
  });

  it('treats a placeholder Aurora left unreplaced as absent, and ignores parameters it does not know', () => {
    const projectId = id();
    const query = flattenQuery({ evt: 'agreement_status_changed', project_id: projectId, agreement_id: id(), status: 'signed', design_id: '<DESIGN_ID>', financing_id: ['<FINANCING_ID>'], utm_source: 'x' });
    expect(query).not.toHaveProperty('design_id');
    expect(query).not.toHaveProperty('financing_id');
    expect(parseDelivery(query)).toMatchObject({ kind: 'event', event: { data: { project_id: projectId, status: 'signed' } } });
    // Optional parameters left literal are absent; a required one left literal is missing (400), never taken for an id.
    expect(parseDelivery(flattenQuery({ evt: 'performance_simulation_job_completed', design_id: projectId, job_id: '<JOB_ID>', status: '<STATUS>' }))).toEqual({
      kind: 'event',
      event: { event: 'performance_simulation_job_completed', data: { design_id: projectId } },
    });
    expect(parseDelivery(flattenQuery({ evt: 'project_status_changed', project_id: '<PROJECT_ID>' }))).toMatchObject({ kind: 'invalid', problems: [expect.stringContaining('project_id')] });
  });

  it('recognises an event this app does not handle', () => {
    expect(parseDelivery({ evt: 'project_created', project_id: id() })).toEqual({ kind: 'unknown_event', event: 'project_created' });
  });
});

describe('authentication', () => {
  it('accepts the query token or the header, in any header case, and nothing else', () => {
    expect(isAuthentic('s3cret', { t: 's3cret' }, {})).toBe(true);
    expect(isAuthentic('s3cret', {}, { 'X-Aurora-Webhook-Token': 's3cret' })).toBe(true);
    expect(isAuthentic('s3cret', {}, { 'x-aurora-webhook-token': ['s3cret'] })).toBe(true);
    expect(isAuthentic('s3cret', { t: 's3cre' }, {})).toBe(false);
    expect(isAuthentic('s3cret', { t: 's3cret-and-more' }, {})).toBe(false);
    expect(isAuthentic('s3cret', {}, { authorization: 's3cret' })).toBe(false);
    expect(isAuthentic('', { t: '' }, {})).toBe(false);
    expect(headerValue({ 'X-Other': 'a' }, 'x-other')).toBe('a');
  });
});

describe('URL templates', () => {
  it('names the event, carries the token and asks for every placeholder of the event', () => {
    for (const event of HANDLED_EVENTS) {
      const template = urlTemplateFor('https://portal.example.com/hs/serverless/aurora/webhook', 'tok en/+', event);
      const url = new URL(template);
      expect(url.searchParams.get('t')).toBe('tok en/+');
      expect(url.searchParams.get('evt')).toBe(event);
      for (const placeholder of EVENT_PLACEHOLDERS[event]) expect(template).toContain(`=${placeholder}`);
    }
    // Only the placeholders Aurora's events table lists for the event: the signed-contract template asks for no design or financing.
    expect(urlTemplateFor('https://h.example.com/hook', 'k', 'agreement_status_changed')).toBe(
      'https://h.example.com/hook?t=k&evt=agreement_status_changed&project_id=<PROJECT_ID>&agreement_id=<AGREEMENT_ID>&status=<STATUS>',
    );
    expect(urlTemplateFor('https://h.example.com/hook?x=1', 'k', 'design_created')).toMatch(/^https:\/\/h\.example\.com\/hook\?x=1&t=k&evt=design_created&/);
  });
});
