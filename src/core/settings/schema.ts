// The admin's settings as stored: their shape (zod), checked on every read and save; the contract shares the type.
import { z } from 'zod';

export const SETTINGS_VERSION = 1;

/**
 * Fields of Aurora's create-project body (`{ project: {...} }`, API 2022.09+) an admin may feed, with the words the
 * pre-flight shows; sources in docs/aurora-api.md#project-fields. Aurora's project has no lead-source or custom fields:
 * a lead source is sent as a tag.
 */
export const AURORA_PROJECT_FIELDS = [
  { aurora: 'name', label: 'Project name' },
  { aurora: 'external_provider_id', label: 'HubSpot deal ID' },
  { aurora: 'customer_salutation', label: 'Customer salutation' },
  { aurora: 'customer_first_name', label: 'Customer first name' },
  { aurora: 'customer_last_name', label: 'Customer last name' },
  { aurora: 'customer_email', label: 'Customer email' },
  { aurora: 'customer_phone', label: 'Customer phone' },
  { aurora: 'mailing_address', label: 'Mailing address' },
  { aurora: 'location.property_address', label: 'Site address' },
  { aurora: 'tags', label: 'Project tag' },
] as const;

export type AuroraProjectField = (typeof AURORA_PROJECT_FIELDS)[number]['aurora'];

/** A bare host name, or an origin with scheme (and port) but no path. */
export function isAssetHost(value: string): boolean {
  if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(value)) return true;
  try {
    const url = new URL(value);
    return ['https:', 'http:'].includes(url.protocol) && url.origin === value.replace(/\/$/, '') && !url.username;
  } catch {
    return false;
  }
}

const propertyName = z.string().regex(/^[a-z0-9_]{1,100}$/, 'must be a HubSpot internal property name');

const toAuroraRowSchema = z.object({
  aurora: z.enum(AURORA_PROJECT_FIELDS.map((field) => field.aurora) as [AuroraProjectField, ...AuroraProjectField[]]),
  object: z.enum(['deal', 'contact']),
  property: propertyName,
  label: z.string().min(1).max(200),
  required: z.boolean(),
  addressPart: z.enum(['street', 'city', 'state', 'zip', 'country']).optional(),
});

const extraTargetSchema = z.object({
  fact: z.string().min(1).max(60),
  object: z.enum(['deal', 'aurora_design']),
  property: propertyName,
});

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  fieldMap: z.object({
    siteAddressFrom: z.enum(['deal', 'contact']),
    toAurora: z.array(toAuroraRowSchema).max(60),
    /** Extra Aurora → HubSpot targets besides the app's own properties (which always stay written). */
    toHubSpot: z.array(extraTargetSchema).max(60),
  }),
  postSale: z.object({
    moveStage: z.boolean(),
    /** Pipeline id → stage id, or 'none' to leave that pipeline's deals where they are; absent = closed-won. */
    stageByPipeline: z.record(z.string().min(1).max(100), z.string().min(1).max(100)),
  }),
  /** Hosts besides Aurora's own the screenshot and DXF downloader may fetch from. */
  extraAssetHosts: z
    .array(z.string().refine(isAssetHost, { error: (issue) => `"${String(issue.input)}" is not a host name (files.example.com) or an https origin (https://files.example.com).` }))
    .max(20, { error: 'at most 20 hosts' }),
  /** How long a design's last full read counts as fresh for the sync (minutes). */
  freshnessMinutes: z.number({ error: 'must be a whole number of minutes' }).int({ error: 'must be a whole number of minutes' }).min(0).max(10_080, { error: 'at most 10080 (a week)' }),
  owners: z.object({
    /** Deal owner → Aurora project owner on create. */
    enabled: z.boolean(),
    /** Also when the deal owner changes (on Update in Aurora / sync). */
    onOwnerChange: z.boolean(),
    /** HubSpot owner id → Aurora user id, before matching by email. */
    overrides: z.record(z.string().regex(/^\d{1,20}$/), z.string().min(1).max(100)),
    /** Aurora's users as last read when the settings were saved (matched by email; no Aurora request per deal). */
    auroraUsers: z
      .array(z.object({ id: z.string().min(1).max(100), name: z.string().max(200).nullable(), email: z.string().max(254).nullable() }))
      .max(500)
      .default([]),
    usersReadAt: z.string().max(40).nullable().default(null),
  }),
});

export type AppSettings = z.infer<typeof settingsSchema>;
export type ToAuroraSetting = AppSettings['fieldMap']['toAurora'][number];
export type ExtraTarget = AppSettings['fieldMap']['toHubSpot'][number];
