// The deal list, like HubSpot's Deals index page, read from HubSpot (the simulator or a real portal).
import { useEffect, useState } from 'react';
import { LoadingSpinner, StatusTag } from '../renderer/components';
import type { DealSummary } from '../protocol';
import { getJson } from './api';

const money = (amount: string | null) => {
  const value = amount === null ? NaN : Number(amount);
  return Number.isFinite(value) ? value.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }) : '—';
};

const SYNC_VARIANT: Record<string, 'success' | 'warning' | 'danger' | 'default'> = { ok: 'success', partial: 'warning', error: 'danger' };

export function DealsView() {
  const [deals, setDeals] = useState<DealSummary[] | Error | undefined>(undefined);
  useEffect(() => {
    getJson<DealSummary[]>('/api/deals').then(setDeals, (error: Error) => setDeals(error));
  }, []);

  return (
    <>
      <h1 className="wb-title">Deals</h1>
      <p className="wb-subtitle">{Array.isArray(deals) ? `${deals.length} records` : 'Open a deal to see the Aurora Solar card.'}</p>
      {deals instanceof Error && <div className="wb-error">Could not read the deals from HubSpot: {deals.message}</div>}
      {deals === undefined && <LoadingSpinner label="Loading deals" showLabel layout="centered" />}
      {Array.isArray(deals) && (
        <div className="wb-index">
          <table data-testid="deal-list">
            <thead>
              <tr>
                <th>Deal name</th>
                <th>Deal stage</th>
                <th>Amount</th>
                <th>Aurora project</th>
                <th>Contract</th>
              </tr>
            </thead>
            <tbody>
              {deals.map((deal) => (
                <tr key={deal.id}>
                  <td>
                    <a className="wb-index__name" href={`#/deals/${encodeURIComponent(deal.id)}`}>
                      {deal.name ?? `Deal ${deal.id}`}
                    </a>
                  </td>
                  <td>{deal.stageLabel ?? '—'}</td>
                  <td>{money(deal.amount)}</td>
                  <td>
                    {deal.auroraProjectId ? (
                      <StatusTag variant={SYNC_VARIANT[deal.auroraSyncStatus ?? ''] ?? 'default'}>Linked{deal.auroraSyncStatus ? ` · ${deal.auroraSyncStatus}` : ''}</StatusTag>
                    ) : (
                      <span className="wb-muted">Not linked</span>
                    )}
                  </td>
                  <td>{deal.auroraAgreementStatus ?? <span className="wb-muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
