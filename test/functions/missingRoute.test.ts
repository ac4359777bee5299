// Function end-to-end: an Aurora whose agreements list route does not exist (404 on the route itself). The sync says
// partial and tells the admin which route is missing, instead of reading the 404 as "no agreements".
import { main as syncDeal } from '../../src/core/functions/syncDeal';
import { card, dealProps, linkedDeal, simulatedDesign, useWorld } from './support';

const world = useWorld({ deviations: { omitOperations: ['listAgreements'] } });

describe('an Aurora without the agreements list route', () => {
  it('syncs the rest, marks the sync partial and names the missing route on the deal', async () => {
    const { dealId, projectId } = await linkedDeal(world());
    simulatedDesign(world(), projectId, { name: 'One', sizeKw: 6 });

    const result = await syncDeal(card({ dealId }));

    if (!result.ok) throw new Error(result.error.message);
    expect(result.sync).toMatchObject({ status: 'partial', designs: 1 });
    expect(result.sync.skipped).toEqual([expect.stringMatching(/^Agreement status \(Aurora answered 404 for GET \/tenants\/:tenantId\/projects\/:projectId\/agreements: .*npm run probe/)]);
    expect(dealProps(world(), dealId)).toMatchObject({ aurora_sync_status: 'partial' });
    expect(dealProps(world(), dealId).aurora_last_error).toContain('does not exist on this tenant');
    // Asked once per sync: the missing route is not asked again for every design.
    expect(world().aurora.server.unhandled.splice(0).map((entry) => `${entry.method} ${entry.path.replace(/[0-9a-f-]{36}/g, ':id')}`)).toEqual([
      'GET /tenants/:id/projects/:id/agreements',
    ]);
  });
});
