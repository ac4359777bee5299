// What changed between two versions of the settings, in the words of the settings page (for the change log).
import type { DealPipeline } from '../hubspot/deals';
import { factByKey, type FactKey } from './catalogue';
import { DONT_MOVE, type AppSettings } from './model';

export function describeChanges(before: AppSettings, after: AppSettings, pipelines: readonly DealPipeline[]): string[] {
  return [...postSaleChanges(before, after, pipelines), ...simpleChanges(before, after), ...fieldMapChanges(before, after), ...ownerChanges(before, after)];
}

function postSaleChanges(before: AppSettings, after: AppSettings, pipelines: readonly DealPipeline[]): string[] {
  const lines: string[] = [];
  if (before.postSale.moveStage !== after.postSale.moveStage) lines.push(`Move signed deals: ${onOff(before.postSale.moveStage)} → ${onOff(after.postSale.moveStage)}`);
  const ids = new Set([...Object.keys(before.postSale.stageByPipeline), ...Object.keys(after.postSale.stageByPipeline)]);
  for (const id of ids) {
    const [was, now] = [before.postSale.stageByPipeline[id], after.postSale.stageByPipeline[id]];
    if (was === now) continue;
    const pipeline = pipelines.find((candidate) => candidate.id === id);
    lines.push(`Post-sale stage for ${pipeline?.label ?? id}: ${stageWords(pipeline, was)} → ${stageWords(pipeline, now)}`);
  }
  return lines;
}

function simpleChanges(before: AppSettings, after: AppSettings): string[] {
  const lines: string[] = [];
  const hosts = (list: readonly string[]) => (list.length > 0 ? list.join(', ') : 'none');
  if (hosts(before.extraAssetHosts) !== hosts(after.extraAssetHosts)) lines.push(`Extra asset hosts: ${hosts(before.extraAssetHosts)} → ${hosts(after.extraAssetHosts)}`);
  if (before.freshnessMinutes !== after.freshnessMinutes) lines.push(`Freshness window: ${before.freshnessMinutes} → ${after.freshnessMinutes} minutes`);
  return lines;
}

function fieldMapChanges(before: AppSettings, after: AppSettings): string[] {
  const lines: string[] = [];
  if (before.fieldMap.siteAddressFrom !== after.fieldMap.siteAddressFrom) lines.push(`Site address from: ${before.fieldMap.siteAddressFrom} → ${after.fieldMap.siteAddressFrom}`);
  const toAurora = (s: AppSettings) => s.fieldMap.toAurora.map((r) => `${r.object}.${r.property} → ${r.aurora}${r.addressPart ? ` (${r.addressPart})` : ''}${r.required ? ', required' : ''}`);
  const toHubSpot = (s: AppSettings) => s.fieldMap.toHubSpot.map((t) => `${factByKey(t.fact as FactKey)?.aurora ?? t.fact} → ${t.object}.${t.property}`);
  lines.push(...listChanges('HubSpot → Aurora', toAurora(before), toAurora(after)), ...listChanges('Aurora → HubSpot', toHubSpot(before), toHubSpot(after)));
  return lines;
}

function ownerChanges(before: AppSettings, after: AppSettings): string[] {
  const lines: string[] = [];
  if (before.owners.enabled !== after.owners.enabled) lines.push(`Deal owner → Aurora project owner: ${onOff(before.owners.enabled)} → ${onOff(after.owners.enabled)}`);
  if (before.owners.onOwnerChange !== after.owners.onOwnerChange) lines.push(`Follow owner changes: ${onOff(before.owners.onOwnerChange)} → ${onOff(after.owners.onOwnerChange)}`);
  const overrides = (s: AppSettings) => Object.entries(s.owners.overrides).map(([owner, user]) => `owner ${owner} → Aurora user ${user}`);
  lines.push(...listChanges('Owner override', overrides(before), overrides(after)));
  return lines;
}

function listChanges(what: string, before: readonly string[], after: readonly string[]): string[] {
  const removed = before.filter((line) => !after.includes(line)).map((line) => `${what} removed: ${line}`);
  const added = after.filter((line) => !before.includes(line)).map((line) => `${what} added: ${line}`);
  return [...removed, ...added];
}

function stageWords(pipeline: DealPipeline | undefined, stageId: string | undefined): string {
  if (stageId === undefined) return 'closed won (default)';
  if (stageId === DONT_MOVE) return "don't move";
  return pipeline?.stages.find((stage) => stage.id === stageId)?.label ?? stageId;
}

const onOff = (value: boolean) => (value ? 'on' : 'off');
