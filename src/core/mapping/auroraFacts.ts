// Pure readers from Aurora's answers to the facts the field map writes: module count, BOM summary, selected financing,
// the design's agreement, and which assets are its screenshot and DXF.
import { parseArrays, parseAuroraDate } from '../aurora/parse';
import type { AuroraAgreement, AuroraAsset, AuroraDesign, AuroraDesignSummary, AuroraFinancing } from '../aurora/schemas';

/** Modules in the design: the bill of materials' `modules` lines, else the arrays' module counts; null when neither says. */
export function moduleCount(summary: AuroraDesignSummary): number | null {
  const lines = (summary.bill_of_materials ?? []).filter((item) => item.component_type === 'modules' && typeof item.quantity === 'number');
  if (lines.length > 0) return lines.reduce((sum, item) => sum + (item.quantity ?? 0), 0);
  const arrays = parseArrays(summary.arrays).filter((array) => typeof array.module?.count === 'number');
  return arrays.length > 0 ? arrays.reduce((sum, array) => sum + (array.module?.count ?? 0), 0) : null;
}

/** One line per bill-of-materials item, biggest component kinds first: "28 × SNPM GxB 300 (modules)". */
export function bomSummary(summary: AuroraDesignSummary): string | null {
  const lines = (summary.bill_of_materials ?? [])
    .filter((item) => item.name && typeof item.quantity === 'number' && item.quantity > 0)
    .map((item) => `${item.quantity} × ${item.name}${item.component_type ? ` (${item.component_type})` : ''}`);
  return lines.length > 0 ? lines.slice(0, 20).join('\n') : null;
}

/** The selected financing's kind and monthly payment (a loan's first month when it has no flat payment). */
export function financingFacts(financing: AuroraFinancing | null): { financingType: string | null; monthlyPayment: number | null } {
  if (!financing) return { financingType: null, monthlyPayment: null };
  return {
    financingType: financing.financing_option ?? financing.name ?? null,
    monthlyPayment: financing.monthly_payment ?? financing.monthly_payment_first_month ?? null,
  };
}

const time = (value: string | null | undefined): number => parseAuroraDate(value)?.getTime() ?? 0;

/** The agreement that speaks for a design: a signed one if any (signing is final), else the newest. */
export function agreementOfDesign(agreements: readonly AuroraAgreement[], designId: string): AuroraAgreement | null {
  const mine = agreements.filter((agreement) => agreement.design_id === designId);
  return mine.find((agreement) => agreement.status === 'signed') ?? [...mine].sort((a, b) => time(b.created_at) - time(a.created_at))[0] ?? null;
}

const isScreenshot = (asset: AuroraAsset) => /screenshot/i.test(asset.asset_type ?? '') && !/site survey/i.test(asset.asset_type ?? '');
const isDxf = (asset: AuroraAsset) => /dxf/i.test(asset.asset_type ?? '');

/** The newest asset of a kind (list order breaks ties: Aurora appends). */
function newest(assets: readonly AuroraAsset[], matches: (asset: AuroraAsset) => boolean): AuroraAsset | null {
  let best: AuroraAsset | null = null;
  for (const asset of assets) if (matches(asset) && (!best || time(asset.created_at) >= time(best.created_at))) best = asset;
  return best;
}

/** The design's CAD screenshot (manual or auto-saved) and DXF export, newest of each. */
export function designAssets(assets: readonly AuroraAsset[]): { screenshot: AuroraAsset | null; dxf: AuroraAsset | null } {
  return { screenshot: newest(assets, isScreenshot), dxf: newest(assets, isDxf) };
}

/** Newest designs first: a new design is the one a rep is waiting for. */
export function newestFirst(designs: readonly AuroraDesign[]): AuroraDesign[] {
  return [...designs].sort((a, b) => time(b.created_at) - time(a.created_at));
}

/** "Sam Sunny", else the e-mail, else null. */
export function personName(user: { first_name?: string | null; last_name?: string | null; email?: string | null }): string | null {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return name || user.email || null;
}
