// The linked project at a glance: status, owner, site, last sync, and the Sync and Refresh everything buttons.
import { useState } from 'react';
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
  // Both buttons run the one sync; the one pressed last shows its spinner and outcome.
  const [pressed, setPressed] = useState<'sync' | 'refresh'>('sync');
  const press = (which: 'sync' | 'refresh') => {
    setPressed(which);
    void syncAction.run(which === 'refresh');
  };
  const shows = (which: 'sync' | 'refresh') => ({
    loading: syncAction.running && pressed === which,
    resultIconName: pressed === which ? syncAction.resultIcon : undefined,
    disabled: busy && !(syncAction.running && pressed === which),
  });
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" justify="between" align="center" wrap>
        <Heading>{project.name ?? 'Aurora project'}</Heading>
        <Flex direction="row" gap="xs">
          <LoadingButton variant="secondary" {...shows('refresh')} onClick={() => press('refresh')}>
            Refresh everything
          </LoadingButton>
          <LoadingButton variant="primary" {...shows('sync')} onClick={() => press('sync')}>
            Sync
          </LoadingButton>
        </Flex>
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
