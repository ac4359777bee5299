// Order-safety rules: agreement statuses and deal stages only move forward; a cancellation after signing is flagged;
// and the hand-off note's words.
import type { DealPipeline } from '../../src/core/hubspot/deals';
import { signedStageFor } from '../../src/core/mapping/postSale';
import { handoffNote } from '../../src/core/postSale/notes';
import { decideAgreementStatus, decideStageMove } from '../../src/core/postSale/precedence';

const pipeline: DealPipeline = {
  id: 'default',
  label: 'Sales Pipeline',
  closedWonStageId: 'closedwon',
  stages: [
    { id: 'appointmentscheduled', label: 'Appointment', displayOrder: 0, isClosed: false, probability: 0.2 },
    { id: 'contractsent', label: 'Contract sent', displayOrder: 1, isClosed: false, probability: 0.9 },
    { id: 'closedwon', label: 'Closed won', displayOrder: 2, isClosed: true, probability: 1 },
    { id: 'installed', label: 'Installed', displayOrder: 3, isClosed: true, probability: 1 },
    { id: 'closedlost', label: 'Closed lost', displayOrder: 4, isClosed: true, probability: 0 },
  ],
};

describe('agreement status precedence', () => {
  it('moves forward, never back', () => {
    expect(decideAgreementStatus(null, 'sent')).toEqual({ action: 'advance', status: 'sent' });
    expect(decideAgreementStatus('sent', 'viewed')).toEqual({ action: 'advance', status: 'viewed' });
    expect(decideAgreementStatus('viewed', 'signed')).toEqual({ action: 'advance', status: 'signed' });
    expect(decideAgreementStatus('signed', 'viewed')).toEqual({ action: 'keep' });
    expect(decideAgreementStatus('signed', 'sent')).toEqual({ action: 'keep' });
    expect(decideAgreementStatus('viewed', 'sent')).toEqual({ action: 'keep' });
    expect(decideAgreementStatus('signed', 'signed')).toEqual({ action: 'keep' });
    expect(decideAgreementStatus('declined', 'viewed')).toEqual({ action: 'keep' });
    expect(decideAgreementStatus('cancel_pending', 'canceled')).toEqual({ action: 'advance', status: 'canceled' });
    expect(decideAgreementStatus('canceled', 'cancel-pending')).toEqual({ action: 'keep' });
  });

  it('flags a cancellation after signing instead of applying it', () => {
    expect(decideAgreementStatus('signed', 'cancel-pending')).toEqual({ action: 'flag_cancellation', status: 'cancel_pending' });
    expect(decideAgreementStatus('signed', 'canceled')).toEqual({ action: 'flag_cancellation', status: 'canceled' });
    expect(decideAgreementStatus('signed', 'declined')).toEqual({ action: 'keep' });
  });

  it('records a status Aurora adds later only over nothing', () => {
    expect(decideAgreementStatus(null, 'countersigned')).toEqual({ action: 'advance', status: 'countersigned' });
    expect(decideAgreementStatus('viewed', 'countersigned')).toEqual({ action: 'keep' });
  });
});

describe('deal stage moves', () => {
  it('moves forward to the target once, and never from a later stage', () => {
    expect(decideStageMove(pipeline, 'contractsent', 'closedwon')).toEqual({ move: true, from: 'contractsent', to: 'closedwon' });
    expect(decideStageMove(pipeline, 'closedwon', 'closedwon')).toEqual({ move: false, reason: 'already_there' });
    expect(decideStageMove(pipeline, 'installed', 'closedwon')).toEqual({ move: false, reason: 'already_further' });
    expect(decideStageMove(pipeline, 'closedlost', 'closedwon')).toEqual({ move: true, from: 'closedlost', to: 'closedwon' });
    expect(decideStageMove(pipeline, 'contractsent', 'nope')).toEqual({ move: false, reason: 'unknown_target' });
  });

  it('targets the configured stage of the pipeline, else its closed-won stage', () => {
    expect(signedStageFor(pipeline)).toBe('closedwon');
    expect(signedStageFor(pipeline, { signedStageByPipeline: { default: 'installed' }, moveStage: true })).toBe('installed');
    expect(signedStageFor(pipeline, { signedStageByPipeline: {}, moveStage: false })).toBeNull();
    expect(signedStageFor({ ...pipeline, closedWonStageId: null })).toBeNull();
  });
});

describe('the hand-off note', () => {
  it('names the design, size, price and proposal, with every value escaped for HubSpot’s HTML notes', () => {
    const note = handoffNote({
      agreement: { id: 'a1', status: 'signed', agreement_template_name: 'PPA <2026>' },
      design: {
        id: '7',
        properties: { aurora_design_name: 'South & <b>West</b>', aurora_system_size_kw: '9.46', aurora_price: '28853', aurora_proposal_url: 'https://x.example/p?a=1&b=2' },
      },
      stageLabel: 'Closed Won',
    });
    expect(note).toBe(
      '<p>Contract signed in Aurora Solar (PPA &lt;2026&gt;).</p><p>Design: South &amp; &lt;b&gt;West&lt;/b&gt;</p><p>System size: 9.46 kW</p>' +
        '<p>Price: $28,853.00</p><p>Proposal: <a href="https://x.example/p?a=1&amp;b=2">https://x.example/p?a=1&amp;b=2</a></p><p>The deal moved to Closed Won.</p>',
    );
    expect(handoffNote({ agreement: { id: 'a1', status: 'signed' }, design: undefined, stageLabel: null })).toContain('<p>Design: none named in Aurora</p>');
  });
});
