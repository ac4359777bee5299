// HubSpot deal + primary contact -> Aurora create-project payload, and the pre-flight that names what is missing.
import type { MissingField, Preflight, UserError } from '../contract';
import { activeToAuroraRows, FIELD_MAP, type AddressPart, type CrmObject, type FieldMap, type ToAuroraRow } from './fieldMap';

/** A HubSpot record as the store returns it. */
export interface CrmRecordInput {
  id: string;
  properties: Record<string, string | null | undefined>;
}

/** The `project` object of Aurora's create body; optional customer fields are left out when empty, never null. */
export interface AuroraProjectPayload {
  name: string;
  external_provider_id: string;
  customer_first_name?: string;
  customer_last_name?: string;
  customer_email?: string;
  customer_phone?: string;
  customer_salutation?: string;
  mailing_address?: string;
  /** One per `tags` row with a value (e.g. the lead source); sent on create only (docs/settings.md#what-can-be-mapped). */
  tags?: string[];
  location: { property_address: string };
  /** The Aurora user who owns the project (owner mapping); left out for Aurora's default owner. */
  owner_id?: string;
}

/** Raised when a payload is built from a deal that fails the pre-flight. */
export class MissingFieldsError extends Error {
  constructor(readonly missing: MissingField[]) {
    super(missing.map((m) => m.message).join(' '));
    this.name = 'MissingFieldsError';
  }

  toUserError(): UserError {
    return {
      code: 'missing_fields',
      message: this.message,
      action: 'Fill in the missing fields on the deal or its contact, then try again.',
      retryable: false,
    };
  }
}

const ADDRESS_ORDER: AddressPart[] = ['street', 'city', 'state', 'zip', 'country'];

function valueOf(row: ToAuroraRow, deal: CrmRecordInput, contact: CrmRecordInput | null): string | undefined {
  const record = row.object === 'deal' ? deal : contact;
  if (!record) return undefined;
  const raw = record.properties[row.property] ?? (row.property === 'hs_object_id' ? record.id : undefined);
  const trimmed = raw?.trim();
  return trimmed ? trimmed : undefined;
}

/** "901 Mears Ct, Stanford, CA 94305, USA": state and postal code share a segment, as postal addresses write them. */
export function formatAddress(parts: Partial<Record<AddressPart, string>>): string {
  const stateZip = [parts.state, parts.zip].filter(Boolean).join(' ');
  return [parts.street, parts.city, stateZip, parts.country].filter(Boolean).join(', ');
}

function missingField(row: ToAuroraRow): MissingField {
  return { object: row.object, property: row.property, label: row.label, message: `The ${row.object} has no ${row.label.toLowerCase()}.` };
}

const noContact = (): MissingField => ({
  object: 'contact',
  property: 'contact',
  label: 'Primary contact',
  message: 'The deal has no contact yet. Associate the homeowner with the deal as a contact.',
});

/** Which deal and contact properties the pre-flight and payload need (for the store's read). */
export function hubspotPropertiesToRead(map: FieldMap = FIELD_MAP): Record<CrmObject, string[]> {
  const wanted: Record<CrmObject, Set<string>> = { deal: new Set(['dealname']), contact: new Set() };
  for (const row of activeToAuroraRows(map)) wanted[row.object].add(row.property);
  return { deal: [...wanted.deal], contact: [...wanted.contact] };
}

/** Checks a deal and its primary contact before Create in Aurora: each missing required field by its HubSpot label. */
export function preflight(deal: CrmRecordInput, contact: CrmRecordInput | null, map: FieldMap = FIELD_MAP): Preflight {
  const rows = activeToAuroraRows(map);
  const missing: MissingField[] = [];
  if (!contact && rows.some((row) => row.object === 'contact' && row.required)) missing.push(noContact());
  for (const row of rows) {
    if (row.required && (row.object === 'deal' || contact) && valueOf(row, deal, contact) === undefined) missing.push(missingField(row));
  }

  const willSend: Preflight['willSend'] = [];
  const address: Partial<Record<AddressPart, string>> = {};
  let addressLabel: string | undefined;
  for (const row of rows) {
    const value = valueOf(row, deal, contact);
    if (value === undefined || row.aurora === 'tags') continue;
    if (row.addressPart) {
      address[row.addressPart] ??= value;
      addressLabel ??= row.auroraLabel;
    } else if (!willSend.some((item) => item.label === row.auroraLabel)) {
      willSend.push({ label: row.auroraLabel, value });
    }
  }
  const oneLine = formatAddress(Object.fromEntries(ADDRESS_ORDER.map((part) => [part, address[part]])));
  if (oneLine) willSend.push({ label: addressLabel ?? 'Site address', value: oneLine });
  const tags = tagsOf(rows, deal, contact);
  if (tags.length > 0) willSend.push({ label: tags.length === 1 ? 'Project tag' : 'Project tags', value: tags.join(', ') });
  return { ready: missing.length === 0, missing, willSend };
}

/** The project's tags: each `tags` row's value, once, in the map's order. */
function tagsOf(rows: readonly ToAuroraRow[], deal: CrmRecordInput, contact: CrmRecordInput | null): string[] {
  const values = rows.filter((row) => row.aurora === 'tags').map((row) => valueOf(row, deal, contact));
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}

/** The Aurora create-project payload for a deal; throws MissingFieldsError when the pre-flight fails. */
export function buildProjectPayload(deal: CrmRecordInput, contact: CrmRecordInput | null, map: FieldMap = FIELD_MAP): AuroraProjectPayload {
  const check = preflight(deal, contact, map);
  if (!check.ready) throw new MissingFieldsError(check.missing);

  const rows = activeToAuroraRows(map);
  const fields: Partial<Record<Exclude<ToAuroraRow['aurora'], 'location.property_address' | 'tags'>, string>> = {};
  const address: Partial<Record<AddressPart, string>> = {};
  for (const row of rows) {
    const value = valueOf(row, deal, contact);
    if (value === undefined || row.aurora === 'tags') continue;
    if (row.aurora === 'location.property_address') {
      if (row.addressPart) address[row.addressPart] ??= value;
    } else {
      fields[row.aurora] ??= value;
    }
  }
  const { name, external_provider_id: externalId, ...customer } = fields;
  const tags = tagsOf(rows, deal, contact);
  return {
    name: name ?? deal.id,
    external_provider_id: externalId ?? deal.id,
    ...customer,
    ...(tags.length > 0 ? { tags } : {}),
    location: { property_address: formatAddress(address) },
  };
}
