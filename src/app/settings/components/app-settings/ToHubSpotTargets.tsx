// Aurora → HubSpot: extra deal or Aurora Design properties that get an Aurora value on every sync (the app's own
// properties are always written; these are copies where your team wants them).
import { Button, ButtonRow, Flex, Heading, Select, TableCell, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { AppSettings, SettingsChoices } from '../../../../core/contract';
import { PagedTable } from '../PagedTable';

type Target = AppSettings['fieldMap']['toHubSpot'][number];
const NONE = '';

export interface ToHubSpotTargetsProps {
  settings: AppSettings;
  choices: SettingsChoices;
  edit: (change: (draft: AppSettings) => AppSettings) => void;
}

export function ToHubSpotTargets({ settings, choices, edit }: ToHubSpotTargetsProps) {
  const targets = settings.fieldMap.toHubSpot;
  const setTargets = (change: (list: Target[]) => Target[]) => edit((draft) => ({ ...draft, fieldMap: { ...draft.fieldMap, toHubSpot: change(draft.fieldMap.toHubSpot) } }));
  const update = (index: number, patch: Partial<Target>) => setTargets((list) => list.map((target, i) => (i === index ? { ...target, ...patch } : target)));
  const firstFact = choices.facts[0]?.key ?? 'design.systemSizeWatts';
  return (
    <Flex direction="column" gap="sm">
      <Heading>Aurora → HubSpot</Heading>
      <Text variant="microcopy">
        Every sync writes the app&apos;s own properties (the Field map table below). Add a row to copy an Aurora value into another deal or Aurora Design
        property too; a design value on the deal is the rolled-up (sold, primary or newest) design&apos;s.
      </Text>
      {targets.length === 0 ? <Text>No extra properties.</Text> : null}
      {targets.length > 0 ? (
        <PagedTable
          testId="to-hubspot-targets"
          header={
            <TableRow>
              <TableHeader>Aurora value</TableHeader>
              <TableHeader>Into</TableHeader>
              <TableHeader>HubSpot property</TableHeader>
              <TableHeader>Remove</TableHeader>
            </TableRow>
          }
          rows={targets.map((target, index) => (
            <TableRow key={index}>
              <TableCell>
                <Select
                  label={`Aurora value of extra row ${index + 1}`}
                  name={`to-hubspot-fact-${index}`}
                  value={target.fact}
                  options={choices.facts.map((fact) => ({ label: fact.label, value: fact.key }))}
                  onChange={(value) => update(index, { fact: String(value) })}
                />
              </TableCell>
              <TableCell>
                <Select
                  label={`Object of extra row ${index + 1}`}
                  name={`to-hubspot-object-${index}`}
                  value={target.object}
                  options={[
                    { label: 'Deal', value: 'deal' },
                    { label: 'Aurora Design', value: 'aurora_design' },
                  ]}
                  onChange={(value) => update(index, { object: value === 'aurora_design' ? 'aurora_design' : 'deal', property: NONE })}
                />
              </TableCell>
              <TableCell>
                <Select
                  label={`HubSpot property of extra row ${index + 1}`}
                  name={`to-hubspot-property-${index}`}
                  value={target.property}
                  placeholder="Choose a property"
                  options={targetOptions(choices, target)}
                  onChange={(value) => update(index, { property: String(value) })}
                />
              </TableCell>
              <TableCell>
                <Button variant="transparent" onClick={() => setTargets((list) => list.filter((_, i) => i !== index))}>
                  Remove
                </Button>
              </TableCell>
            </TableRow>
          ))}
        />
      ) : null}
      <ButtonRow>
        <Button variant="secondary" onClick={() => setTargets((list) => [...list, { fact: firstFact, object: 'deal', property: NONE }])}>
          Add an Aurora → HubSpot property
        </Button>
      </ButtonRow>
    </Flex>
  );
}

/** Writable properties of the chosen object whose type fits the value (the app's own aurora_ properties excluded). */
function targetOptions(choices: SettingsChoices, target: Target) {
  const types = choices.facts.find((fact) => fact.key === target.fact)?.types ?? [];
  const fitting = choices.properties[target.object].filter((property) => !property.readOnly && types.includes(property.type) && !property.name.startsWith('aurora_'));
  const options = fitting.map((property) => ({ label: `${property.label} (${property.name}, ${property.type})`, value: property.name }));
  if (target.property && !options.some((option) => option.value === target.property)) options.unshift({ label: `${target.property} (does not fit)`, value: target.property });
  return options;
}
