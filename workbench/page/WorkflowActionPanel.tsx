// "Run workflow action": sends the deal through one of the app's workflow actions exactly as HubSpot's workflow engine
// would (the execution request POSTed to the action endpoint), and shows the answer: outputs, failure reason, or retry.
import { useState } from 'react';
import { Button, StatusTag } from '../renderer/components';
import type { WorkflowActionRun } from '../protocol';
import { postJson } from './api';

const ACTIONS = [
  { value: 'create_project', label: 'Create Aurora project' },
  { value: 'sync_deal', label: 'Sync from Aurora' },
  { value: 'update_project', label: 'Update Aurora project' },
];

function verdict(run: WorkflowActionRun): { label: string; variant: 'success' | 'warning' | 'danger' } {
  const state = run.response.body?.outputFields?.hs_execution_state;
  if (run.response.status === 429) return { label: `429: HubSpot retries in ${run.response.retryAfter ?? '?'} s`, variant: 'warning' };
  if (run.response.status !== 200) return { label: `HTTP ${run.response.status}`, variant: 'danger' };
  return state === 'SUCCESS' ? { label: 'SUCCESS', variant: 'success' } : { label: String(state ?? 'no state'), variant: 'danger' };
}

export function WorkflowActionPanel({ dealId, onDone }: { dealId: string; onDone: () => void }) {
  const [action, setAction] = useState(ACTIONS[0]!.value);
  const [optIn, setOptIn] = useState(true);
  const [sendAddress, setSendAddress] = useState(false);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<WorkflowActionRun | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const inputFields = action === 'update_project' ? { confirm_address_change: String(sendAddress) } : {};
      setRun(await postJson<WorkflowActionRun>(`/api/workflow-actions/${action}`, { dealId, inputFields, optIn }));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
      onDone();
    }
  };

  const outputs = Object.entries(run?.response.body?.outputFields ?? {}).filter(([name]) => name !== 'hs_execution_state');
  const shown = run ? verdict(run) : undefined;
  return (
    <section className="wb-panel" data-testid="workflow-action-panel">
      <div className="wb-section__title">
        Run workflow action <small>as HubSpot sends it</small>
      </div>
      <div className="wb-sim__group">
        <select className="uie-select uie-select--input" aria-label="Workflow action" data-testid="workflow-action-select" value={action} onChange={(event) => setAction(event.target.value)}>
          {ACTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <label className="wb-check">
          <input type="checkbox" checked={optIn} data-testid="workflow-action-opt-in" onChange={(event) => setOptIn(event.target.checked)} /> First set Aurora automation = Yes (the workflow's step)
        </label>
        {action === 'update_project' && (
          <label className="wb-check">
            <input type="checkbox" checked={sendAddress} onChange={(event) => setSendAddress(event.target.checked)} /> Send address changes
          </label>
        )}
        <Button size="xs" variant="primary" testId="workflow-action-run" disabled={busy} onClick={() => void send()}>
          {busy ? 'Running…' : 'Run workflow action'}
        </Button>
      </div>
      {error && <div className="wb-sim__group wb-error">{error}</div>}
      {run && shown && (
        <div className="wb-sim__group" data-testid="workflow-action-result">
          <div className="wb-sim__item">
            <StatusTag variant={shown.variant} testId="workflow-action-verdict">
              {shown.label}
            </StatusTag>
            <span className="wb-muted">{run.ms} ms</span>
          </div>
          {run.response.body?.failureReason && <div className="wb-error">{run.response.body.failureReason}</div>}
          {run.response.body?.message && <div className="wb-error">{run.response.body.message}</div>}
          {outputs.length > 0 && (
            <ul className="wb-log" data-testid="workflow-action-outputs">
              {outputs.map(([name, value]) => (
                <li key={name}>
                  <span className="wb-log__what wb-mono">{name}</span>
                  <span>{value === null || value === '' ? '—' : String(value)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
