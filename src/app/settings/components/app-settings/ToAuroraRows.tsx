// HubSpot → Aurora: which deal or contact property feeds each Aurora project field on Create (and Update) in Aurora.
import { Button, ButtonRow, Flex, Heading, Select, TableCell, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { AppSettings, SettingsChoices } from '../../../../core/contract';
import { PagedTable } from '../PagedTable';

type Row = AppSettings['fieldMap']['toAurora'][number];
const ADDRESS = 'location.property_address';
const ADDRESS_PARTS = ['street', 'city', 'state', 'zip', 'country'] as const;
/** Property types a value sent to Aurora may come from (src/core/settings/catalogue.ts TO_AURORA_SOURCE_TYPES). */
const SOURCE_TYPES = ['string', 'number', 'enumeration', 'phone_number'];

export interface ToAuroraRowsProps {
  settings: AppSettings;
  choices: SettingsChoices;
  edit: (change: (draft: AppSettings) => AppSettings) => void;
}

export function ToAuroraRows({ settings, choices, edit }: ToAuroraRowsProps) {
  const rows = settings.fieldMap.toAurora;
  const setRows = (change: (rows: Row[]) => Row[]) => edit((draft) => ({ ...draft, fieldMap: { ...draft.fieldMap, toAurora: change(draft.fieldMap.toAurora) } }));
  const update = (index: number, patch: Partial<Row>) => setRows((list) => list.map((row, i) => (i === index ? tidy({ ...row, ...patch }, choices) : row)));
  const add = () => setRows((list) => [...list, tidy({ aurora: 'customer_phone', object: 'deal', property: 'dealname', label: 'Deal Name', required: false }, choices)]);
  return (
    <Flex direction="column" gap="sm">
      <Heading>HubSpot → Aurora</Heading>
      <Text variant="microcopy">
        Sent when a rep creates the Aurora project (and by Update in Aurora). Required fields must have a value first. Aurora's project has no
        lead-source field: map the lead source to a Project tag (each tag row adds its property's value; tags are sent on create only).
      </Text>
      <Select
        label="Site address from"
        name="site-address-from"
        value={settings.fieldMap.siteAddressFrom}
        options={[
          { label: "The deal's primary contact", value: 'contact' },
          { label: 'The deal', value: 'deal' },
        ]}
        onChange={(value) => edit((draft) => ({ ...draft, fieldMap: { ...draft.fieldMap, siteAddressFrom: value === 'deal' ? 'deal' : 'contact' } }))}
      />
      <PagedTable
        testId="to-aurora-rows"
        header={
          <TableRow>
            <TableHeader>Aurora field</TableHeader>
            <TableHeader>From</TableHeader>
            <TableHeader>HubSpot property</TableHeader>
            <TableHeader>Required</TableHeader>
            <TableHeader>Remove</TableHeader>
          </TableRow>
        }
        rows={rows.map((row, index) => (
          <TableRow key={index}>
            <TableCell>
              <Select
                label={`Aurora field of row ${index + 1}`}
                name={`to-aurora-field-${index}`}
                value={row.aurora}
                options={choices.toAuroraFields.map((field) => ({ label: field.label, value: field.aurora }))}
                onChange={(value) => update(index, { aurora: String(value) as Row['aurora'] })}
              />
              {row.aurora === ADDRESS ? (
                <Select
                  label={`Address part of row ${index + 1}`}
                  name={`to-aurora-part-${index}`}
                  value={row.addressPart ?? 'street'}
                  options={ADDRESS_PARTS.map((part) => ({ label: part, value: part }))}
                  onChange={(value) => update(index, { addressPart: String(value) as Row['addressPart'] })}
                />
              ) : null}
            </TableCell>
            <TableCell>
              <Select
                label={`Object of row ${index + 1}`}
                name={`to-aurora-object-${index}`}
                value={row.object}
                options={[
                  { label: 'Deal', value: 'deal' },
                  { label: 'Primary contact', value: 'contact' },
                ]}
                onChange={(value) => update(index, { object: value === 'contact' ? 'contact' : 'deal' })}
              />
            </TableCell>
            <TableCell>
              <Select
                label={`HubSpot property of row ${index + 1}`}
                name={`to-aurora-property-${index}`}
                value={row.property}
                options={sourceOptions(choices, row)}
                onChange={(value) => update(index, { property: String(value) })}
              />
            </TableCell>
            <TableCell>
              <Select
                label={`Required in row ${index + 1}`}
                name={`to-aurora-required-${index}`}
                value={row.required ? 'yes' : 'no'}
                options={[
                  { label: 'Required', value: 'yes' },
                  { label: 'Optional', value: 'no' },
                ]}
                onChange={(value) => update(index, { required: value === 'yes' })}
              />
            </TableCell>
            <TableCell>
              <Button variant="transparent" onClick={() => setRows((list) => list.filter((_, i) => i !== index))}>
                Remove
              </Button>
            </TableCell>
          </TableRow>
        ))}
      />
      <ButtonRow>
        <Button variant="secondary" onClick={add}>
          Add a HubSpot → Aurora field
        </Button>
      </ButtonRow>
    </Flex>
  );
}

/** The properties a row may read: of its object, of a type that can become text; the current one even if it no longer fits. */
function sourceOptions(choices: SettingsChoices, row: Row) {
  const list = choices.properties[row.object].filter((property) => SOURCE_TYPES.includes(property.type));
  const options = list.map((property) => ({ label: `${property.label} (${property.name})`, value: property.name }));
  if (row.object === 'deal' && !options.some((option) => option.value === 'hs_object_id')) options.unshift({ label: 'Record ID (hs_object_id)', value: 'hs_object_id' });
  if (!options.some((option) => option.value === row.property)) options.unshift({ label: `${row.property} (not in this portal)`, value: row.property });
  return options;
}

/** Keeps a row consistent after an edit: the label follows the property, address parts only on the address. */
function tidy(row: Row, choices: SettingsChoices): Row {
  const label = choices.properties[row.object].find((property) => property.name === row.property)?.label ?? (row.property === 'hs_object_id' ? 'Record ID' : row.label);
  const { addressPart, ...rest } = row;
  return row.aurora === ADDRESS ? { ...rest, label, addressPart: addressPart ?? 'street' } : { ...rest, label };
}
