// The customer fields sent to Aurora, as a snapshot kept on the deal (aurora_pushed_customer), and what changed since.
import { z } from 'zod';
import type { AuroraProjectUpdate } from '../aurora/schemas';
import { activeToAuroraRows, type FieldMap, type ToAuroraRow } from './fieldMap';
import { formatAddress, type AuroraProjectPayload, type CrmRecordInput } from './toAurora';

/**
 * The Aurora fields "Update in Aurora" may change; the project name, our key and the tags are set once, at creation
 * (a tag list sent on update would replace tags people added in Aurora).
 */
export const UPDATABLE_FIELDS = [
  'customer_salutation',
  'customer_first_name',
  'customer_last_name',
  'customer_email',
  'customer_phone',
  'mailing_address',
  'property_address',
] as const;
export type UpdatableField = (typeof UPDATABLE_FIELDS)[number];

/**
 * What the owner mapping last decided for the deal (useCases/projectOwner.ts): the HubSpot owner, the Aurora user it
 * mapped to (absent when none), and the Aurora user list it was decided with (settings' usersReadAt).
 */
export const OWNER_MEMORY_FIELDS = ['owner_hubspot_id', 'owner_aurora_id', 'owner_decided_with'] as const;
type OwnerMemoryField = (typeof OWNER_MEMORY_FIELDS)[number];

/** What was last sent to Aurora; `name` is kept for the card (Aurora's project name), never compared. */
export type CustomerSnapshot = Partial<Record<UpdatableField | 'name' | OwnerMemoryField, string>>;

const snapshotSchema = z.looseObject(Object.fromEntries([...UPDATABLE_FIELDS, 'name', ...OWNER_MEMORY_FIELDS].map((field) => [field, z.string().optional()])));

/** The snapshot on the deal, or null when there is none (or it is not ours to read). */
export function readSnapshot(value: string | null | undefined): CustomerSnapshot | null {
  if (!value) return null;
  try {
    const parsed = snapshotSchema.safeParse(JSON.parse(value));
    return parsed.success ? (parsed.data as CustomerSnapshot) : null;
  } catch {
    return null;
  }
}

export const formatSnapshot = (snapshot: CustomerSnapshot): string => JSON.stringify(snapshot);

/** The snapshot of exactly what Create in Aurora sent. */
export function snapshotOfPayload(payload: AuroraProjectPayload): CustomerSnapshot {
  const { name, customer_salutation, customer_first_name, customer_last_name, customer_email, customer_phone, mailing_address } = payload;
  const sent = { name, customer_salutation, customer_first_name, customer_last_name, customer_email, customer_phone, mailing_address };
  return withoutEmpty({ ...sent, property_address: payload.location.property_address });
}

const fieldOfRow = (row: ToAuroraRow): UpdatableField | 'name' | undefined =>
  row.aurora === 'location.property_address' ? 'property_address' : row.aurora === 'name' ? 'name' : (UPDATABLE_FIELDS as readonly string[]).includes(row.aurora) ? (row.aurora as UpdatableField) : undefined;

function rowValue(row: ToAuroraRow, deal: CrmRecordInput, contact: CrmRecordInput | null): string | undefined {
  const record = row.object === 'deal' ? deal : contact;
  const value = record?.properties[row.property]?.trim();
  return value ? value : undefined;
}

export interface CustomerField {
  field: UpdatableField;
  /** As the rep knows it from Create in Aurora ("Customer email", "Site address"). */
  label: string;
  /** The HubSpot property it comes from (the street address property for the site address). */
  property: string;
  value: string;
}

/** The customer fields as HubSpot has them now (empty fields left out: Aurora refuses null, and we never clear its values). */
export function currentCustomer(deal: CrmRecordInput, contact: CrmRecordInput | null, map: FieldMap): { snapshot: CustomerSnapshot; fields: CustomerField[] } {
  const snapshot: CustomerSnapshot = {};
  const fields: CustomerField[] = [];
  const address: Parameters<typeof formatAddress>[0] = {};
  let addressRow: ToAuroraRow | undefined;
  for (const row of activeToAuroraRows(map)) {
    const field = fieldOfRow(row);
    const value = rowValue(row, deal, contact);
    if (!field || value === undefined) continue;
    if (field === 'property_address') {
      if (row.addressPart) address[row.addressPart] ??= value;
      if (row.addressPart === 'street' || !addressRow) addressRow = row;
    } else if (snapshot[field] === undefined) {
      snapshot[field] = value;
      if (field !== 'name') fields.push({ field, label: row.auroraLabel, property: row.property, value });
    }
  }
  const oneLine = formatAddress(address);
  if (oneLine && addressRow) {
    snapshot.property_address = oneLine;
    fields.push({ field: 'property_address', label: addressRow.auroraLabel, property: addressRow.property, value: oneLine });
  }
  return { snapshot, fields };
}

/** Fields whose HubSpot value differs from what Aurora was last sent (all of them when nothing was recorded). */
export function changedCustomerFields(current: readonly CustomerField[], sent: CustomerSnapshot | null): CustomerField[] {
  return current.filter((field) => sent?.[field.field] !== field.value);
}

/** Only an address change makes Aurora locate the site again, so only it needs the rep's confirmation. */
export const needsConfirmation = (field: CustomerField): boolean => field.field === 'property_address';

/** Aurora's update body for the given fields. */
export function projectUpdateOf(fields: readonly CustomerField[]): AuroraProjectUpdate {
  const update: AuroraProjectUpdate = {};
  for (const { field, value } of fields) {
    if (field === 'property_address') update.location = { property_address: value };
    else update[field] = value;
  }
  return update;
}

function withoutEmpty(snapshot: Record<string, string | undefined>): CustomerSnapshot {
  return Object.fromEntries(Object.entries(snapshot).filter(([, value]) => value !== undefined && value !== '')) as CustomerSnapshot;
}
