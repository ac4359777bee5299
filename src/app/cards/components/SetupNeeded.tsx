// The card before an admin has finished setting the app up: what is missing and where to fix it; no buttons that would fail.
import { Alert, Link, Text } from '@hubspot/ui-extensions';

export interface SetupNeededProps {
  problems: string[];
  /** HubSpot's Connected apps page, where the app's Settings tab lives; null when the portal is unknown. */
  settingsUrl: string | null;
}

export function SetupNeeded({ problems, settingsUrl }: SetupNeededProps) {
  return (
    <Alert title="Aurora Solar is not set up yet" variant="warning">
      <Text>A HubSpot admin needs to finish setting up the Aurora Solar app before this card can create or sync projects.</Text>
      {problems.map((problem) => (
        <Text key={problem}>• {problem}</Text>
      ))}
      <Text>
        Admins: in HubSpot, open Marketplace → Connected apps → Aurora Solar → Settings, then run Test connection and Set up HubSpot.
      </Text>
      {settingsUrl ? <Link href={{ url: settingsUrl, external: true }}>Open Connected apps to set up Aurora Solar</Link> : null}
    </Alert>
  );
}
