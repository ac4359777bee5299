// Pre-flight and the Aurora project payload, read from the simulator's demo deals through the real store.
import type { HubSpotSimulator } from '../../simulators/hubspot';
import { FIELD_MAP, type FieldMap, type ToAuroraRow } from '../../src/core/mapping/fieldMap';
import { buildProjectPayload, hubspotPropertiesToRead, MissingFieldsError, preflight } from '../../src/core/mapping/toAurora';
import { validateFieldMapAgainst } from '../../src/core/mapping/validate';
import { installed, storeFor, useSimulator } from '../hubspot/support';

const sim = useSimulator();

async function read(s: HubSpotSimulator, dealId: string, map: FieldMap = FIELD_MAP) {
  const properties = hubspotPropertiesToRead(map);
  return storeFor(s).getDealWithPrimaryContact(dealId, { deal: properties.deal, contact: properties.contact });
}

describe('pre-flight for Create in Aurora', () => {
  it('is ready for a complete deal and shows what will be sent', async () => {
    const { deal, contact } = await read(sim(), sim().demo!.deals.sandbox);

    expect(preflight(deal, contact)).toEqual({
      ready: true,
      missing: [],
      willSend: [
        { label: 'Project name', value: 'Jane Homeowner – 901 Mears Ct solar' },
        { label: 'HubSpot deal ID', value: sim().demo!.deals.sandbox },
        { label: 'Customer first name', value: 'Jane' },
        { label: 'Customer last name', value: 'Homeowner' },
        { label: 'Customer email', value: 'jane.homeowner@example.com' },
        { label: 'Customer phone', value: '+1 650 555 0100' },
        { label: 'Site address', value: '901 Mears Ct, Stanford, CA 94305, USA' },
      ],
    });
  });

  it('names each missing field by its HubSpot label', async () => {
    const { deal, contact } = await read(sim(), sim().demo!.deals.missingStreet);

    expect(preflight(deal, contact).missing).toEqual([{ object: 'contact', property: 'address', label: 'Street Address', message: 'The contact has no street address.' }]);

    const contactId = sim().control.createRecord('contacts', { firstname: 'Sam', email: 'sam@example.com' });
    const dealId = sim().control.createRecord('deals', { dealname: '' });
    sim().control.associate('deals', dealId, 'contacts', contactId);
    const bare = await read(sim(), dealId);
    expect(preflight(bare.deal, bare.contact)).toMatchObject({
      ready: false,
      missing: [
        { object: 'deal', label: 'Deal Name', message: 'The deal has no deal name.' },
        { object: 'contact', label: 'Last Name', message: 'The contact has no last name.' },
        { object: 'contact', label: 'Street Address', message: 'The contact has no street address.' },
        { object: 'contact', label: 'City', message: 'The contact has no city.' },
        { object: 'contact', label: 'State/Region', message: 'The contact has no state/region.' },
      ],
    });
  });

  it('says when the deal has no contact at all', async () => {
    const { deal, contact } = await read(sim(), sim().demo!.deals.noContact);

    expect(preflight(deal, contact).missing).toEqual([
      { object: 'contact', property: 'contact', label: 'Primary contact', message: 'The deal has no contact yet. Associate the homeowner with the deal as a contact.' },
    ]);
  });
});

describe('the Aurora project payload', () => {
  it('sends the deal and its primary contact, the address on one geocodable line, the deal id as external_provider_id', async () => {
    const { deal, contact } = await read(sim(), sim().demo!.deals.sandbox);

    expect(buildProjectPayload(deal, contact)).toEqual({
      name: 'Jane Homeowner – 901 Mears Ct solar',
      external_provider_id: sim().demo!.deals.sandbox,
      customer_first_name: 'Jane',
      customer_last_name: 'Homeowner',
      customer_email: 'jane.homeowner@example.com',
      customer_phone: '+1 650 555 0100',
      location: { property_address: '901 Mears Ct, Stanford, CA 94305, USA' },
    });
  });

  it('leaves empty optional customer fields out instead of sending null', async () => {
    const { deal, contact } = await read(sim(), sim().demo!.deals.twoContacts);
    const withoutPhone = { ...contact!, properties: { ...contact!.properties, phone: null, email: '' } };

    const payload = buildProjectPayload(deal, withoutPhone);

    expect(payload).not.toHaveProperty('customer_phone');
    expect(payload).not.toHaveProperty('customer_email');
    expect(Object.values(payload)).not.toContain(null);
  });

  it('refuses a deal that fails the pre-flight, in words the card can show', async () => {
    const { deal, contact } = await read(sim(), sim().demo!.deals.missingStreet);

    const error = (() => {
      try {
        buildProjectPayload(deal, contact);
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(MissingFieldsError);
    expect((error as MissingFieldsError).toUserError()).toEqual({
      code: 'missing_fields',
      message: 'The contact has no street address.',
      action: 'Fill in the missing fields on the deal or its contact, then try again.',
      retryable: false,
    });
  });

  it('takes the site address from the deal when the map says so', async () => {
    for (const [name, label] of [
      ['site_street', 'Site street'],
      ['site_city', 'Site city'],
      ['site_state', 'Site state'],
      ['site_zip', 'Site ZIP'],
    ]) {
      sim().control.createProperty('deals', { name: name!, label: label!, type: 'string', fieldType: 'text', groupName: 'dealinformation' });
    }
    const dealRow = (property: string, label: string, addressPart: ToAuroraRow['addressPart'], required: boolean): ToAuroraRow => ({
      direction: 'to_aurora',
      aurora: 'location.property_address',
      auroraLabel: 'Site address',
      object: 'deal',
      property,
      label,
      required,
      addressPart,
    });
    const map: FieldMap = {
      siteAddressFrom: 'deal',
      rows: [...FIELD_MAP.rows, dealRow('site_street', 'Site street', 'street', true), dealRow('site_city', 'Site city', 'city', true), dealRow('site_state', 'Site state', 'state', true), dealRow('site_zip', 'Site ZIP', 'zip', false)],
    };
    const dealId = sim().demo!.deals.sandbox;
    const store = await installed(sim());
    // The portal's own properties, named by the admin's mapping (data, not the app's data model).
    const siteAddress: Record<string, string> = { site_street: '600 Montgomery St', site_city: 'San Francisco', site_state: 'CA' };
    await store.updateDeal(dealId, siteAddress, { current: {} });

    const { deal, contact } = await read(sim(), dealId, map);

    expect(buildProjectPayload(deal, contact, map).location).toEqual({ property_address: '600 Montgomery St, San Francisco, CA' });
    const { deal: other, contact: otherContact } = await read(sim(), sim().demo!.deals.rejection, map);
    expect(preflight(other, otherContact, map).missing.map((m) => m.message)).toEqual(['The deal has no site street.', 'The deal has no site city.', 'The deal has no site state.']);
  });
});

describe('the field map against a real portal', () => {
  it('finds every mapped property, read or written, with a compatible type once the installer has run', async () => {
    const store = await installed(sim());

    const portal = {
      deal: await store.listProperties('deals'),
      contact: await store.listProperties('contacts'),
      aurora_design: await store.listProperties('aurora_design'),
    };

    expect(validateFieldMapAgainst(FIELD_MAP, portal)).toEqual([]);
  });
});
