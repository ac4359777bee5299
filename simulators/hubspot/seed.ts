// What a fresh HubSpot portal has (standard objects, their default properties, the sales pipeline, HubSpot-defined
// association types) and the demo deals and contacts, at real-looking addresses including Aurora's sandbox ones.
import type { PropertyInput, SimPortal } from './portal';

const hubspotProperty = (name: string, label: string, type: string, fieldType: string, groupName: string, extra: Partial<PropertyInput> = {}): PropertyInput => ({
  name,
  label,
  type,
  fieldType,
  groupName,
  ...extra,
});

/** HubSpot's default deal pipeline and its stage ids. */
export const SALES_PIPELINE = {
  id: 'default',
  label: 'Sales Pipeline',
  displayOrder: 0,
  stages: [
    ['appointmentscheduled', 'Appointment Scheduled', '0.2'],
    ['qualifiedtobuy', 'Qualified To Buy', '0.4'],
    ['presentationscheduled', 'Presentation Scheduled', '0.6'],
    ['decisionmakerboughtin', 'Decision Maker Bought-In', '0.8'],
    ['contractsent', 'Contract Sent', '0.9'],
    ['closedwon', 'Closed Won', '1.0'],
    ['closedlost', 'Closed Lost', '0.0'],
  ].map(([id, label, probability], displayOrder) => ({
    id: id as string,
    label: label as string,
    displayOrder,
    metadata: { isClosed: id === 'closedwon' || id === 'closedlost' ? ('true' as const) : ('false' as const), probability: probability as string },
  })),
};

/** Standard objects, default properties and associations every portal starts with. */
export function seedStandardPortal(portal: SimPortal): void {
  portal.addObjectType({
    objectTypeId: '0-1',
    name: 'contacts',
    aliases: ['contacts', 'contact'],
    custom: false,
    singular: 'contact',
    defaultProperties: ['firstname', 'lastname', 'email'],
    createdProperty: 'createdate',
    modifiedProperty: 'lastmodifieddate',
  });
  portal.addObjectType({
    objectTypeId: '0-3',
    name: 'deals',
    aliases: ['deals', 'deal'],
    custom: false,
    singular: 'deal',
    defaultProperties: ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate'],
    createdProperty: 'createdate',
    modifiedProperty: 'hs_lastmodifieddate',
  });
  portal.addObjectType({
    objectTypeId: '0-46',
    name: 'notes',
    aliases: ['notes', 'note'],
    custom: false,
    singular: 'note',
    defaultProperties: ['hs_note_body', 'hs_timestamp'],
    createdProperty: 'hs_createdate',
    modifiedProperty: 'hs_lastmodifieddate',
  });

  portal.createGroup('0-1', { name: 'contactinformation', label: 'Contact information', displayOrder: 0 });
  portal.createGroup('0-3', { name: 'dealinformation', label: 'Deal information', displayOrder: 0 });
  portal.createGroup('0-46', { name: 'engagement', label: 'Engagement', displayOrder: 0 });

  const own = { hubspotDefined: true };
  const readOnly = { hubspotDefined: true, readOnly: true };
  for (const [objectTypeId, created, modified] of [
    ['0-1', 'createdate', 'lastmodifieddate'],
    ['0-3', 'createdate', 'hs_lastmodifieddate'],
    ['0-46', 'hs_createdate', 'hs_lastmodifieddate'],
  ] as const) {
    const group = objectTypeId === '0-1' ? 'contactinformation' : objectTypeId === '0-3' ? 'dealinformation' : 'engagement';
    portal.createProperty(objectTypeId, hubspotProperty('hs_object_id', 'Record ID', 'number', 'number', group), readOnly);
    portal.createProperty(objectTypeId, hubspotProperty(created, 'Create Date', 'datetime', 'date', group), readOnly);
    portal.createProperty(objectTypeId, hubspotProperty(modified, 'Last Modified Date', 'datetime', 'date', group), readOnly);
  }

  for (const [name, label, type, fieldType] of [
    ['firstname', 'First Name', 'string', 'text'],
    ['lastname', 'Last Name', 'string', 'text'],
    ['email', 'Email', 'string', 'text'],
    ['phone', 'Phone Number', 'string', 'phonenumber'],
    ['address', 'Street Address', 'string', 'text'],
    ['city', 'City', 'string', 'text'],
    ['state', 'State/Region', 'string', 'text'],
    ['zip', 'Postal Code', 'string', 'text'],
    ['country', 'Country/Region', 'string', 'text'],
    ['company', 'Company Name', 'string', 'text'],
    ['salutation', 'Salutation', 'string', 'text'],
  ] as const) {
    portal.createProperty('0-1', hubspotProperty(name, label, type, fieldType, 'contactinformation'), own);
  }

  // A copy: an admin's stage edits (setPipelineStages) change this portal only.
  portal.pipelines.push({ ...SALES_PIPELINE, stages: SALES_PIPELINE.stages.map((stage) => ({ ...stage, metadata: { ...stage.metadata } })) });
  // Two sales reps: one with an Aurora user of the same email (simulators/aurora/seed.ts), one without.
  portal.owners.push(
    { id: '7001', email: 'riley.rooftop@example.com', firstName: 'Riley', lastName: 'Rooftop', userId: 9001 },
    { id: '7002', email: 'pat.newhire@example.com', firstName: 'Pat', lastName: 'Newhire', userId: 9002 },
  );
  const stageOptions = SALES_PIPELINE.stages.map((s) => ({ label: s.label, value: s.id, displayOrder: s.displayOrder }));
  for (const property of [
    hubspotProperty('dealname', 'Deal Name', 'string', 'text', 'dealinformation'),
    hubspotProperty('amount', 'Amount', 'number', 'number', 'dealinformation'),
    hubspotProperty('closedate', 'Close Date', 'datetime', 'date', 'dealinformation'),
    hubspotProperty('description', 'Deal Description', 'string', 'textarea', 'dealinformation'),
    hubspotProperty('dealstage', 'Deal Stage', 'enumeration', 'radio', 'dealinformation', { options: stageOptions }),
    hubspotProperty('pipeline', 'Pipeline', 'enumeration', 'select', 'dealinformation', { options: [{ label: SALES_PIPELINE.label, value: SALES_PIPELINE.id }] }),
    hubspotProperty('hubspot_owner_id', 'Deal owner', 'string', 'text', 'dealinformation'),
  ]) {
    portal.createProperty('0-3', property, own);
  }

  for (const property of [
    hubspotProperty('hs_note_body', 'Note body', 'string', 'html', 'engagement'),
    hubspotProperty('hs_timestamp', 'Activity date', 'datetime', 'date', 'engagement'),
    hubspotProperty('hs_attachment_ids', 'Attached file IDs', 'string', 'text', 'engagement'),
  ]) {
    portal.createProperty('0-46', property, own);
  }

  // HubSpot-defined association types (api-client AssociationTypes: dealToContact 3, contactToDeal 4, noteToDeal 214).
  portal.defineAssociationType('0-3', '0-1', { category: 'HUBSPOT_DEFINED', label: null, name: 'deal_to_contact', typeId: 3, inverseTypeId: 4 });
  portal.defineAssociationType('0-46', '0-3', { category: 'HUBSPOT_DEFINED', label: null, name: 'note_to_deal', typeId: 214, inverseTypeId: 213 });
}

/** The ids of the demo records, for tests and the workbench. */
export interface DemoPortal {
  deals: {
    /** Contact at Aurora's sandbox address (design requests complete instantly): 901 Mears Ct, Stanford. */
    sandbox: string;
    /** Contact at Aurora's rejection test address: 600 Montgomery St, San Francisco. */
    rejection: string;
    /** The contact has city, state and postal code but no street address. */
    missingStreet: string;
    /** Two contacts; the one with the "Primary contact" label is the homeowner. */
    twoContacts: string;
    /** No contact associated. */
    noContact: string;
  };
  contacts: { jane: string; marcus: string; priya: string; rosa: string; tom: string };
}

/** Adds the demo deals and contacts (and a "Primary contact" deal → contact label). */
export function seedDemoRecords(portal: SimPortal): DemoPortal {
  const contacts = portal.objectType('contacts');
  const deals = portal.objectType('deals');
  const contact = (properties: Record<string, string>) => portal.createRecord(contacts, properties);
  const jane = contact({ firstname: 'Jane', lastname: 'Homeowner', email: 'jane.homeowner@example.com', phone: '+1 650 555 0100', address: '901 Mears Ct', city: 'Stanford', state: 'CA', zip: '94305', country: 'USA' });
  const marcus = contact({ firstname: 'Marcus', lastname: 'Lee', email: 'marcus.lee@example.com', phone: '+1 415 555 0142', address: '600 Montgomery St', city: 'San Francisco', state: 'CA', zip: '94111', country: 'USA' });
  const priya = contact({ firstname: 'Priya', lastname: 'Natarajan', email: 'priya.natarajan@example.com', phone: '+1 650 555 0199', city: 'Stanford', state: 'CA', zip: '94305', country: 'USA' });
  const rosa = contact({ firstname: 'Rosa', lastname: 'Alvarez', email: 'rosa.alvarez@example.com', address: '634 Mirada Ave', city: 'Stanford', state: 'CA', zip: '94305', country: 'USA' });
  const tom = contact({ firstname: 'Tom', lastname: 'Alvarez', email: 'tom.alvarez@example.com', phone: '+1 650 555 0123', address: '634 Mirada Ave', city: 'Stanford', state: 'CA', zip: '94305', country: 'USA' });

  const deal = (properties: Record<string, string>) => portal.createRecord(deals, { pipeline: 'default', dealstage: 'appointmentscheduled', ...properties });
  const sandbox = deal({ dealname: 'Jane Homeowner – 901 Mears Ct solar', amount: '41200' });
  const rejection = deal({ dealname: 'Marcus Lee – 600 Montgomery St', amount: '38500', dealstage: 'qualifiedtobuy' });
  const missingStreet = deal({ dealname: 'Priya Natarajan – Stanford rooftop' });
  const twoContacts = deal({ dealname: 'Alvarez household – 634 Mirada Ave', amount: '29900', dealstage: 'presentationscheduled' });
  const noContact = deal({ dealname: 'Walk-in lead (no contact yet)' });

  const [dealToContact] = portal.typesBetween('0-3', '0-1').filter((t) => t.label === null);
  const primaryContact =
    portal.typesBetween('0-3', '0-1').find((t) => t.label === 'Primary contact') ?? portal.createLabel('0-3', '0-1', { label: 'Primary contact', name: 'primary_contact' })[0];
  const link = (dealId: string, contactId: string, primary = false) => {
    const from = portal.requireRecord(deals, dealId);
    const to = portal.requireRecord(contacts, contactId);
    portal.associate(from, to, primary && dealToContact ? [dealToContact, primaryContact] : dealToContact ? [dealToContact] : []);
  };
  link(sandbox.id, jane.id);
  link(rejection.id, marcus.id);
  link(missingStreet.id, priya.id);
  link(twoContacts.id, rosa.id);
  link(twoContacts.id, tom.id, true);

  return {
    deals: { sandbox: sandbox.id, rejection: rejection.id, missingStreet: missingStreet.id, twoContacts: twoContacts.id, noContact: noContact.id },
    contacts: { jane: jane.id, marcus: marcus.id, priya: priya.id, rosa: rosa.id, tom: tom.id },
  };
}
