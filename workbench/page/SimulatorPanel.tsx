// The right sidebar that plays Aurora's part for the deal's project: complete a design request, finish a simulation,
// add a screenshot, sign or cancel the contract; and the webhook deliveries those actions caused.
import { useCallback, useEffect, useState } from 'react';
import { Button, StatusTag } from '../renderer/components';
import type { SimAction, SimProjectView } from '../protocol';
import { getJson, postJson } from './api';

const REQUEST_VARIANT: Record<string, 'success' | 'warning' | 'danger' | 'info' | 'default'> = {
  submitted: 'info',
  designer_completed: 'success',
  accepted: 'success',
  designer_rejected: 'danger',
};

export function SimulatorPanel({ projectId, pollMs }: { projectId: string | null; pollMs: number }) {
  const [view, setView] = useState<SimProjectView | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);

  const load = useCallback(async () => {
    if (!projectId) return;
    try {
      setView(await getJson<SimProjectView>(`/api/simulator/projects/${encodeURIComponent(projectId)}`));
      setError(undefined);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [projectId]);

  useEffect(() => {
    setView(undefined);
    void load();
    const timer = setInterval(() => void load(), pollMs);
    return () => clearInterval(timer);
  }, [load, pollMs]);

  const act = async (label: string, action: SimAction) => {
    setBusy(label);
    try {
      await postJson('/api/simulator/actions', action);
      setError(undefined);
    } catch (failure) {
      setError(`${label}: ${(failure as Error).message}`);
    } finally {
      setBusy(undefined);
      void load();
    }
  };

  const agreement = view?.agreements[view.agreements.length - 1];
  const contractDesign = agreement?.designId ?? view?.designs[view.designs.length - 1]?.id ?? null;
  const moveAgreement = (status: string) => {
    if (projectId) void act(`Contract ${status}`, { action: 'move_agreement', projectId, designId: contractDesign, agreementId: agreement?.id ?? null, status });
  };

  return (
    <section className="wb-panel" data-testid="simulator-panel">
      <div className="wb-section__title">
        Play Aurora <small>simulator</small>
      </div>
      {!projectId && (
        <div className="wb-sim__group wb-muted">This deal has no Aurora project yet. Use “Create in Aurora” in the card.</div>
      )}
      {error && <div className="wb-sim__group wb-error">{error}</div>}
      {projectId && view && (
        <>
          <div className="wb-sim__group">
            <div className="wb-sim__label">Project</div>
            <div className="wb-sim__item">
              <span className="wb-sim__item-name">{view.name ?? view.projectId}</span>
              {view.status && <StatusTag>{view.status}</StatusTag>}
            </div>
          </div>
          <div className="wb-sim__group">
            <div className="wb-sim__label">Design requests</div>
            {view.designRequests.length === 0 && <div className="wb-muted">None. Ask for one from the card.</div>}
            {view.designRequests.map((request) => (
              <div className="wb-sim__item" key={request.id}>
                <StatusTag variant={REQUEST_VARIANT[request.status] ?? 'default'}>{request.status}</StatusTag>
                {request.status === 'submitted' && (
                  <span className="wb-sim__actions">
                    <Button size="xs" variant="primary" testId="sim-complete-request" disabled={!!busy} onClick={() => act('Complete request', { action: 'complete_design_request', designRequestId: request.id })}>
                      Complete
                    </Button>
                    <Button size="xs" testId="sim-reject-request" disabled={!!busy} onClick={() => act('Reject request', { action: 'reject_design_request', designRequestId: request.id })}>
                      Reject
                    </Button>
                  </span>
                )}
              </div>
            ))}
          </div>
          <div className="wb-sim__group">
            <div className="wb-sim__label">Designs</div>
            {view.designs.length === 0 && <div className="wb-muted">None yet.</div>}
            {view.designs.map((design) => (
              <div className="wb-sim__item" key={design.id}>
                <span className="wb-sim__item-name">
                  {design.name}
                  {design.systemSizeKw !== null && <span className="wb-muted"> · {design.systemSizeKw} kW</span>}
                  <span className="wb-muted">
                    {' '}
                    · {design.simulated ? 'simulated' : 'not simulated'} · {design.assets} asset{design.assets === 1 ? '' : 's'}
                  </span>
                </span>
                <span className="wb-sim__actions">
                  <Button size="xs" testId="sim-finish-simulation" disabled={!!busy} onClick={() => act('Finish simulation', { action: 'finish_simulation', designId: design.id })}>
                    Finish simulation
                  </Button>
                  <Button size="xs" testId="sim-create-asset" disabled={!!busy} onClick={() => act('Add screenshot', { action: 'create_asset', designId: design.id })}>
                    Add screenshot
                  </Button>
                </span>
              </div>
            ))}
          </div>
          <div className="wb-sim__group">
            <div className="wb-sim__label">Contract</div>
            <div className="wb-sim__item">
              <span>{agreement ? <StatusTag variant={agreement.status === 'signed' ? 'success' : 'default'}>{agreement.status}</StatusTag> : <span className="wb-muted">Not sent</span>}</span>
              <span className="wb-sim__actions">
                <Button size="xs" variant="primary" testId="sim-sign-contract" disabled={!!busy || !contractDesign} onClick={() => moveAgreement('signed')}>
                  Sign
                </Button>
                <Button size="xs" testId="sim-cancel-contract" disabled={!!busy || !agreement} onClick={() => moveAgreement('canceled')}>
                  Cancel
                </Button>
              </span>
            </div>
          </div>
          <div className="wb-sim__group">
            <div className="wb-sim__label">Webhook deliveries</div>
            {view.deliveries.length === 0 ? (
              <div className="wb-muted">None yet.</div>
            ) : (
              <ul className="wb-log" data-testid="webhook-deliveries">
                {view.deliveries.map((delivery, index) => (
                  <li key={`${delivery.at}-${index}`} title={delivery.url}>
                    <span className={`wb-log__status ${delivery.status !== null && delivery.status < 300 ? 'wb-log__status--ok' : 'wb-log__status--bad'}`}>{delivery.status ?? '—'}</span>
                    <span className="wb-log__what">{delivery.event}</span>
                    {delivery.attempts > 1 && <span className="wb-muted">×{delivery.attempts}</span>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </section>
  );
}
