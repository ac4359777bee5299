// The field map and its conversions: every mapped property exists with a compatible type; values convert as HubSpot stores them.
import { CONVERSIONS } from '../../src/core/mapping/conversions';
import { DEAL_PROPERTIES, DESIGN_PROPERTIES } from '../../src/core/dataModel';
import type { DesignFacts } from '../../src/core/mapping/facts';
import { FIELD_MAP, type FieldMap } from '../../src/core/mapping/fieldMap';
import { dealRollupProperties, designRecordProperties, isClaimRecord, pickRollupDesign, projectDealProperties, toDesignRow } from '../../src/core/mapping/toHubSpot';
import { checkFieldMapShape, DATA_MODEL_PROPERTIES, describeFieldMap, validateFieldMapAgainst } from '../../src/core/mapping/validate';

const design: DesignFacts = {
  designId: 'd-1',
  name: 'South roof',
  projectId: 'p-1',
  createdAt: '2024-06-02T18:00:00Z',
  systemSizeWatts: 12400,
  annualProductionKwh: 19850,
  offset: '104%',
  moduleCount: 28,
  price: 41200,
  pricePerWatt: 3.05,
  financingType: 'loans',
  monthlyPayment: '$212.40',
  agreementId: 'a-1',
  agreementStatus: 'signed',
  contractSignedAt: '2024-06-03 19:05:00 UTC',
  proposalUrl: 'https://aurora.example/proposal/1',
  screenshotUrl: 'https://files.example/d-1.png',
  dxfUrl: null,
  milestone: 'sold',
  bomSummary: '28 × SNPM GxB 300 (modules)',
  isPrimary: true,
  isSold: true,
};

describe('the field map', () => {
  it('is well formed', () => {
    expect(checkFieldMapShape(FIELD_MAP)).toEqual([]);
  });

  it('writes only properties the data model defines, each with a compatible type', () => {
    expect(validateFieldMapAgainst(FIELD_MAP, DATA_MODEL_PROPERTIES, { onlyWritten: true })).toEqual([]);
  });

  it('catches a row mapped to a property of the wrong type, or to none', () => {
    const map: FieldMap = {
      ...FIELD_MAP,
      rows: [
        ...FIELD_MAP.rows,
        { direction: 'to_hubspot', source: 'design', fact: 'systemSizeWatts', aurora: 'size', conversion: 'wattsToKw', deal: 'aurora_contract_signed_at' },
        { direction: 'to_hubspot', source: 'design', fact: 'price', aurora: 'price', conversion: 'money', deal: 'aurora_nowhere' },
      ],
    };

    expect(validateFieldMapAgainst(map, DATA_MODEL_PROPERTIES, { onlyWritten: true })).toEqual([
      {
        object: 'deal',
        property: 'aurora_contract_signed_at',
        problem: 'type',
        message: 'The deal property aurora_contract_signed_at is of type datetime; the field map writes number or string.',
      },
      { object: 'deal', property: 'aurora_nowhere', problem: 'missing', message: 'The deal property aurora_nowhere does not exist in HubSpot.' },
    ]);
    expect(checkFieldMapShape(map)).toEqual(['deal.aurora_contract_signed_at is written by both design.contractSignedAt and design.systemSizeWatts.']);
    const retyped = { deal: DEAL_PROPERTIES.map((p) => (p.name === 'aurora_price' ? { ...p, type: 'datetime' as const } : p)), aurora_design: DESIGN_PROPERTIES };
    expect(validateFieldMapAgainst(FIELD_MAP, retyped, { onlyWritten: true })).toEqual([
      { object: 'deal', property: 'aurora_price', problem: 'type', message: 'The deal property aurora_price is of type datetime; the field map writes number or string.' },
    ]);
  });

  it('needs a street address from the configured source', () => {
    expect(checkFieldMapShape({ ...FIELD_MAP, siteAddressFrom: 'deal' })).toEqual(['No street address row reads from the deal (siteAddressFrom is "deal").']);
  });

  it('lists itself for the settings page with HubSpot labels and conversions', () => {
    const rows = describeFieldMap(FIELD_MAP);

    expect(rows).toContainEqual({ direction: 'to_aurora', hubspot: 'contact.address', hubspotLabel: 'Street Address', aurora: 'location.property_address (street)', conversion: 'required' });
    expect(rows).toContainEqual({ direction: 'to_hubspot', hubspot: 'deal.aurora_system_size_kw', hubspotLabel: 'System size (kW)', aurora: 'design summary system_size_stc (W)', conversion: 'watts to kW (÷ 1000)' });
  });
});

describe('conversions', () => {
  it.each([
    ['wattsToKw', 12400, '12.4'],
    ['wattsToKw', 7, '0.007'],
    ['percent', '104%', '104'],
    ['percent', 87.456, '87.46'],
    ['money', '$41,200.00', '41200'],
    ['money', 3.0549, '3.05'],
    ['integer', 27.6, '28'],
    ['number', 0.1 + 0.2, '0.3'],
    ['number', '19850', '19850'],
    ['datetime', '2024-06-01 17:03:11 UTC', '2024-06-01T17:03:11.000Z'],
    ['datetime', '2024-06-02T18:00:00Z', '2024-06-02T18:00:00.000Z'],
    ['bool', false, 'false'],
    ['text', '  Sold  ', 'Sold'],
  ] as const)('%s(%j) = %j', (name, input, expected) => {
    expect(CONVERSIONS[name].toHubSpot(input)).toBe(expected);
  });

  it('clears on null, leaves alone on undefined or on a value it cannot read', () => {
    for (const conversion of Object.values(CONVERSIONS)) {
      expect(conversion.toHubSpot(null)).toBe('');
      expect(conversion.toHubSpot(undefined)).toBeUndefined();
    }
    expect(CONVERSIONS.number.toHubSpot('n/a')).toBeUndefined();
    expect(CONVERSIONS.datetime.toHubSpot('yesterday')).toBeUndefined();
  });
});

describe('Aurora facts to HubSpot properties', () => {
  it('builds an Aurora Design record with the deal link, kind, sync time and fingerprint', () => {
    const properties = designRecordProperties(design, { dealId: '42', syncedAt: new Date('2024-07-01T00:00:00Z') });

    expect(properties).toEqual({
      aurora_design_id: 'd-1',
      aurora_design_name: 'South roof',
      aurora_project_id: 'p-1',
      aurora_design_created_at: '2024-06-02T18:00:00.000Z',
      aurora_system_size_kw: '12.4',
      aurora_annual_production_kwh: '19850',
      aurora_offset_percent: '104',
      aurora_module_count: '28',
      aurora_price: '41200',
      aurora_price_per_watt: '3.05',
      aurora_financing_type: 'loans',
      aurora_monthly_payment: '212.4',
      aurora_agreement_id: 'a-1',
      aurora_agreement_status: 'signed',
      aurora_contract_signed_at: '2024-06-03T19:05:00.000Z',
      aurora_proposal_url: 'https://aurora.example/proposal/1',
      aurora_screenshot_url: 'https://files.example/d-1.png',
      aurora_dxf_url: '',
      aurora_milestone: 'sold',
      aurora_bom_summary: '28 × SNPM GxB 300 (modules)',
      aurora_is_primary: 'true',
      aurora_is_sold: 'true',
      aurora_deal_id: '42',
      aurora_record_kind: 'design',
      aurora_last_synced_at: '2024-07-01T00:00:00.000Z',
    });
  });

  it('writes the same values for the same Aurora data: only the sync time differs', () => {
    const a = designRecordProperties(design, { dealId: '42', syncedAt: '2024-07-01T00:00:00Z' });
    const b = designRecordProperties(design, { dealId: '42', syncedAt: '2024-08-01T00:00:00Z' });
    const c = designRecordProperties({ ...design, price: 41300 }, { dealId: '42', syncedAt: '2024-07-01T00:00:00Z' });

    const { aurora_last_synced_at: _a, ...valuesA } = a;
    const { aurora_last_synced_at: _b, ...valuesB } = b;
    expect(valuesA).toEqual(valuesB);
    expect(c.aurora_price).not.toBe(a.aurora_price);
  });

  it('leaves fields not read this time alone', () => {
    const partial = designRecordProperties({ designId: 'd-2', name: 'North', projectId: 'p-1', isPrimary: false, isSold: false }, { dealId: '42', syncedAt: '2024-07-01T00:00:00Z' });

    expect(partial).not.toHaveProperty('aurora_price');
    expect(partial).not.toHaveProperty('aurora_agreement_status');
  });

  it('rolls the chosen design onto the deal, and clears the roll-up when no design is left', () => {
    expect(dealRollupProperties(design)).toMatchObject({ aurora_design_id: 'd-1', aurora_system_size_kw: '12.4', aurora_agreement_status: 'signed', aurora_screenshot_url: 'https://files.example/d-1.png' });
    expect(dealRollupProperties(design)).not.toHaveProperty('aurora_dxf_url');
    const cleared = dealRollupProperties(null);
    expect(Object.values(cleared).every((v) => v === '')).toBe(true);
    expect(Object.keys(cleared)).toContain('aurora_price');
  });

  it('maps the project onto the deal', () => {
    expect(projectDealProperties({ id: 'p-1', url: 'https://v2.aurorasolar.com/projects/p-1', status: 'Project Sold', ownerName: null })).toEqual({
      aurora_project_id: 'p-1',
      aurora_project_url: 'https://v2.aurorasolar.com/projects/p-1',
      aurora_project_status: 'Project Sold',
      aurora_project_owner: '',
    });
  });

  it('picks the sold design, else the primary, else the newest', () => {
    const older = { createdAt: '2024-01-01T00:00:00Z', isPrimary: false, isSold: false };
    const newer = { createdAt: '2024-03-01 00:00:00 UTC', isPrimary: false, isSold: false };
    const primary = { createdAt: '2023-12-01T00:00:00Z', isPrimary: true, isSold: false };
    const sold = { createdAt: '2023-11-01T00:00:00Z', isPrimary: false, isSold: true };

    expect(pickRollupDesign([older, newer])).toBe(newer);
    expect(pickRollupDesign([older, primary, newer])).toBe(primary);
    expect(pickRollupDesign([older, primary, sold])).toBe(sold);
    expect(pickRollupDesign([])).toBeNull();
  });

  it('turns a design record back into the card row, and recognises claim records', () => {
    const record = { id: '9001', properties: designRecordProperties(design, { dealId: '42', syncedAt: '2024-07-01T00:00:00Z' }) };

    expect(toDesignRow(record)).toEqual({
      id: 'd-1',
      name: 'South roof',
      systemSizeKw: 12.4,
      annualProductionKwh: 19850,
      offsetPercent: 104,
      moduleCount: 28,
      price: 41200,
      pricePerWatt: 3.05,
      financing: 'loans',
      monthlyPayment: 212.4,
      agreementStatus: 'signed',
      proposalUrl: 'https://aurora.example/proposal/1',
      screenshotUrl: 'https://files.example/d-1.png',
      dxfUrl: null,
      milestone: 'sold',
      isPrimary: true,
      isSold: true,
      lastSyncedAt: '2024-07-01T00:00:00.000Z',
      createdAt: '2024-06-02T18:00:00.000Z',
    });
    expect(isClaimRecord(record)).toBe(false);
    expect(isClaimRecord({ id: '1', properties: { aurora_design_id: 'claim:deal:42', aurora_record_kind: 'project_claim' } })).toBe(true);
  });
});
