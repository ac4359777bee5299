// The linked project at a glance: status, owner, site, last sync, and the Sync button.
import { DescriptionList, DescriptionListItem, Flex, Heading, Link, LoadingButton, StatusTag, Text } from '@hubspot/ui-extensions';
import type { ProjectView, SyncInfo } from '../../../core/contract';
import { relativeTime, safeUrl, syncTag } from '../format';
import type { DealWrites } from '../hooks/useDealWrites';

export interface ProjectHeaderProps {
  project: ProjectView;
  sync: SyncInfo;
  syncAction: DealWrites['sync'];
  busy: boolean;
  now: Date;
}

export function ProjectHeader({ project, sync, syncAction, busy, now }: ProjectHeaderProps) {
  const url = safeUrl(project.url);
  const tag = syncTag(sync.status);
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" justify="between" align="center" wrap>
        <Heading>{project.name ?? 'Aurora project'}</Heading>
        <LoadingButton variant="primary" loading={syncAction.running} resultIconName={syncAction.resultIcon} disabled={busy && !syncAction.running} onClick={() => void syncAction.run()}>
          Sync
        </LoadingButton>
      </Flex>
      <DescriptionList direction="row">
        <DescriptionListItem label="Project status">
          <StatusTag variant="info">{project.status ?? 'No status'}</StatusTag>
        </DescriptionListItem>
        {project.ownerName ? (
          <DescriptionListItem label="Owner">
            <Text>{project.ownerName}</Text>
          </DescriptionListItem>
        ) : null}
        <DescriptionListItem label="Last synced">
          <Text>{sync.lastSyncedAt ? relativeTime(sync.lastSyncedAt, now) : 'Never'}</Text>
        </DescriptionListItem>
        <DescriptionListItem label="Sync status">
          <StatusTag variant={tag.variant}>{tag.label}</StatusTag>
        </DescriptionListItem>
      </DescriptionList>
      {project.address ? <Text variant="microcopy">Site: {project.address}</Text> : null}
      {url ? <Link href={{ url, external: true }}>Open in Aurora</Link> : null}
    </Flex>
  );
}
