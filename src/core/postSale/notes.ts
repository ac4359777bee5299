// The post-sale notes on the deal's timeline: the hand-off note (what was sold) and the flag of a cancellation after
// signing. Each is written once, under its claim, at a time fixed on that claim, so a note whose create answer was lost
// is found again instead of written twice.
import { formatKw, formatMoney } from '@aurora/format';
import type { AuroraAgreement } from '../aurora/schemas';
import type { Deps } from '../deps';
import type { DesignRecord } from '../hubspot/context';
import { readNumber, readText, safeWebLink } from '../mapping/conversions';

/** Words every hand-off note holds (how a note found on the deal is known to be one). */
export const HANDOFF_NOTE_WORDS = 'Contract signed in Aurora Solar';
/** The first words of the note that flags a cancellation after signing. */
export const ATTENTION_WORDS = 'Needs attention:';

export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** HubSpot shows a note's body as HTML: one paragraph per line, every value escaped. */
export const paragraphs = (lines: readonly string[]) => lines.map((line) => `<p>${line}</p>`).join('');

/** The hand-off note: what was sold, for the people who take it from here. `later`: written after the hand-off itself. */
export function handoffNote(input: { agreement: AuroraAgreement; design?: DesignRecord; stageLabel: string | null; later?: boolean }): string {
  const p = input.design?.properties ?? {};
  const size = readNumber(p.aurora_system_size_kw);
  const price = readNumber(p.aurora_price);
  // The record's link is editable in HubSpot: only an http(s) link becomes an href.
  const proposal = safeWebLink(p.aurora_proposal_url);
  const template = input.agreement.agreement_template_name;
  const stage = input.later
    ? "The deal was handed over when the contract was signed; this note waited for the design's figures from Aurora."
    : input.stageLabel
      ? `The deal moved to ${escapeHtml(input.stageLabel)}.`
      : 'The deal stage was left as it was.';
  return paragraphs([
    `${HANDOFF_NOTE_WORDS}${template ? ` (${escapeHtml(template)})` : ''}.`,
    `Design: ${escapeHtml(readText(p.aurora_design_name) ?? 'none named in Aurora')}`,
    `System size: ${size === null ? 'not available' : formatKw(size)}`,
    `Price: ${price === null ? 'not available' : formatMoney(price)}`,
    `Proposal: ${proposal ? `<a href="${escapeHtml(proposal)}">${escapeHtml(proposal)}</a>` : 'none yet'}`,
    stage,
  ]);
}

/**
 * Writes a post-sale note at its fixed time. Under a claim taken over from a call that died, the note that call may have
 * written (HubSpot wrote it, its answer was lost) is looked for on the deal first and adopted: never a second note.
 */
export async function writeNoteOnce(
  deps: Deps,
  input: { dealId: string; body: string; words: string; timestamp: string | null; takenOver: boolean; deadline: number },
): Promise<{ id: string }> {
  const { dealId, timestamp, deadline } = input;
  if (input.takenOver && timestamp) {
    const written = await deps.hubspot.findDealNote(dealId, { timestamp, bodyIncludes: input.words }, { deadline });
    if (written) return written;
  }
  return deps.hubspot.addNoteToDeal(dealId, input.body, { deadline, ...(timestamp ? { timestamp: new Date(timestamp) } : {}) });
}
