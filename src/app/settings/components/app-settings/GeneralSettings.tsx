// Extra hosts design files may come from, and the sync's freshness window.
import { useState } from 'react';
import { Flex, Heading, Input, Text } from '@hubspot/ui-extensions';
import type { AppSettings } from '../../../../core/contract';

export interface GeneralSettingsProps {
  settings: AppSettings;
  edit: (change: (draft: AppSettings) => AppSettings) => void;
}

/** Keeps what the admin types (a half-typed list or number) and puts the parsed value in the draft. */
export function GeneralSettings({ settings, edit }: GeneralSettingsProps) {
  const [hostsText, setHostsText] = useState(settings.extraAssetHosts.join(', '));
  const [freshnessText, setFreshnessText] = useState(String(settings.freshnessMinutes));
  const setHosts = (text: string) => {
    setHostsText(text);
    edit((draft) => ({
      ...draft,
      extraAssetHosts: text
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean),
    }));
  };
  const setFreshness = (text: string) => {
    setFreshnessText(text);
    const minutes = Number(text.trim());
    // A value that is not a whole number is sent as is, so the save names the field instead of guessing.
    edit((draft) => ({ ...draft, freshnessMinutes: text.trim() === '' ? Number.NaN : minutes }));
  };
  return (
    <Flex direction="column" gap="sm">
      <Heading>Design files and sync</Heading>
      <Input
        label="Extra asset hosts"
        name="extra-asset-hosts"
        description="Screenshots and DXF files are only downloaded from Aurora's own hosts (*.aurorasolar.com) and these (comma-separated host names or https origins)."
        value={hostsText}
        onChange={setHosts}
      />
      <Input
        label="Freshness window (minutes)"
        name="freshness-minutes"
        description="A design read from Aurora within this window counts as current when the sync looks for changes."
        value={freshnessText}
        onChange={setFreshness}
      />
      <Text variant="microcopy">0 reads every design on every sync.</Text>
    </Flex>
  );
}
