// Owner mapping: the deal owner's Aurora user owns a new project (and, if chosen, follows later owner changes); matched
// by email, or by an override the admin sets.
import { Button, ButtonRow, Flex, Heading, Select, TableCell, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { AppSettings, Person, SettingsChoices } from '../../../../core/contract';
import { PagedTable } from '../PagedTable';

export interface OwnerSettingsProps {
  settings: AppSettings;
  choices: SettingsChoices;
  edit: (change: (draft: AppSettings) => AppSettings) => void;
}

const personWords = (person: Person) => [person.name, person.email ? `(${person.email})` : null].filter(Boolean).join(' ') || person.id;

export function OwnerSettings({ settings, choices, edit }: OwnerSettingsProps) {
  const { owners } = settings;
  const setOwners = (change: (current: AppSettings['owners']) => AppSettings['owners']) => edit((draft) => ({ ...draft, owners: change(draft.owners) }));
  const overrides = Object.entries(owners.overrides);
  const setOverride = (previousOwnerId: string, ownerId: string, userId: string) =>
    setOwners((current) => {
      const { [previousOwnerId]: _removed, ...others } = current.overrides;
      return { ...current, overrides: ownerId ? { ...others, [ownerId]: userId } : others };
    });
  const unused = choices.owners.find((owner) => !(owner.id in owners.overrides));
  return (
    <Flex direction="column" gap="sm">
      <Heading>Aurora project owner</Heading>
      <Select
        label="Deal owner → Aurora project owner"
        name="owner-mapping"
        value={owners.enabled ? 'on' : 'off'}
        options={[
          { label: "Off: Aurora's default owner owns new projects", value: 'off' },
          { label: "On: the deal owner's Aurora user owns new projects", value: 'on' },
        ]}
        onChange={(value) => setOwners((current) => ({ ...current, enabled: value === 'on' }))}
      />
      {owners.enabled ? (
        <>
          <Select
            label="When the deal owner changes"
            name="owner-follow"
            value={owners.onOwnerChange ? 'follow' : 'keep'}
            options={[
              { label: 'Keep the Aurora project owner set at create', value: 'keep' },
              { label: "Follow: the next Sync or Update in Aurora gives the project to the new owner's Aurora user", value: 'follow' },
            ]}
            onChange={(value) => setOwners((current) => ({ ...current, onOwnerChange: value === 'follow' }))}
          />
          <Text variant="microcopy">
            The deal owner&apos;s Aurora user is found by email among Aurora&apos;s users (read when you save{owners.usersReadAt ? `; last read ${owners.usersReadAt}` : ''}), or set here. A deal owner with
            no Aurora user is named on the card before Create.
          </Text>
          {choices.peopleNote ? <Text variant="microcopy">{choices.peopleNote}</Text> : null}
          {overrides.length > 0 ? (
            <PagedTable
              testId="owner-overrides"
              header={
                <TableRow>
                  <TableHeader>HubSpot owner</TableHeader>
                  <TableHeader>Aurora user</TableHeader>
                  <TableHeader>Remove</TableHeader>
                </TableRow>
              }
              rows={overrides.map(([ownerId, userId], index) => (
                <TableRow key={ownerId}>
                  <TableCell>
                    <Select
                      label={`HubSpot owner of override ${index + 1}`}
                      name={`owner-override-owner-${index}`}
                      value={ownerId}
                      options={peopleOptions(choices.owners, ownerId, (id) => !(id in owners.overrides) || id === ownerId)}
                      onChange={(value) => setOverride(ownerId, String(value), userId)}
                    />
                  </TableCell>
                  <TableCell>
                    <Select
                      label={`Aurora user of override ${index + 1}`}
                      name={`owner-override-user-${index}`}
                      value={userId}
                      options={peopleOptions(choices.auroraUsers, userId, () => true)}
                      onChange={(value) => setOverride(ownerId, ownerId, String(value))}
                    />
                  </TableCell>
                  <TableCell>
                    <Button variant="transparent" onClick={() => setOverride(ownerId, '', userId)}>
                      Remove
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            />
          ) : null}
          {unused && choices.auroraUsers[0] ? (
            <ButtonRow>
              <Button variant="secondary" onClick={() => setOverride('', unused.id, choices.auroraUsers[0]!.id)}>
                Add an owner override
              </Button>
            </ButtonRow>
          ) : null}
        </>
      ) : null}
    </Flex>
  );
}

/** People to choose from; the current value stays listed even when it is no longer among them. */
function peopleOptions(people: Person[], current: string, allowed: (id: string) => boolean) {
  const options = people.filter((person) => allowed(person.id)).map((person) => ({ label: personWords(person), value: person.id }));
  if (!options.some((option) => option.value === current)) options.unshift({ label: `${current} (not found)`, value: current });
  return options;
}
