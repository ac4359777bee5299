// Test support for the card and settings page: a stateful stand-in for the app functions, fixtures, and text helpers.
import type {
  DealOverview,
  DesignRow,
  Failure,
  FunctionUid,
  ParamsOf,
  ProjectView,
  ResultOf,
  SyncSummary,
  UserError,
} from '../../src/core/contract';
import type { TablePaginatedProps, TableProps } from '@hubspot/ui-extensions';
import { isRenderedElementNode, type RenderedElementNode, type RenderedRootNode } from '@hubspot/ui-extensions/testing';
import type { CallFunction } from '@aurora/ui-shared';

export const NOW = new Date('2026-11-28T12:00:00Z');
export const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

export type Handler<U extends FunctionUid> = (params: ParamsOf<U>) => ResultOf<U> | Promise<ResultOf<U>>;
export type Handlers = { [U in FunctionUid]?: Handler<U> };

/** A promise the test resolves when it wants: holds a function call "in flight" to see loading states. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * Answers the card's calls by uid from `handlers`, like the functions host would; `failNext` and `holdNext` change the
 * next answer of one uid. A uid without a handler is recorded in `unhandled` (tests assert it stays empty).
 */
export function functionHost(handlers: Handlers) {
  const unhandled: string[] = [];
  const failures = new Map<FunctionUid, UserError[]>();
  const holds = new Map<FunctionUid, Promise<void>[]>();
  const call = (async (uid: FunctionUid, params: unknown) => {
    const hold = holds.get(uid)?.shift();
    if (hold) await hold;
    const failure = failures.get(uid)?.shift();
    if (failure) return { ok: false, error: failure } satisfies Failure;
    const handler = handlers[uid] as ((params: unknown) => unknown) | undefined;
    if (!handler) {
      unhandled.push(uid);
      return { ok: false, error: userError('internal', `No app function answers ${uid}.`) } satisfies Failure;
    }
    return handler(params);
  }) as CallFunction;
  return {
    call,
    unhandled,
    failNext(uid: FunctionUid, error: UserError) {
      failures.set(uid, [...(failures.get(uid) ?? []), error]);
    },
    /** The next call of `uid` waits until the returned gate is opened. */
    holdNext(uid: FunctionUid) {
      const g = gate();
      holds.set(uid, [...(holds.get(uid) ?? []), g.opened]);
      return g;
    },
  };
}

export const userError = (code: UserError['code'], message: string, action = 'Try again in a minute.', retryable = true): UserError => ({
  code,
  message,
  action,
  retryable,
});

export const project = (overrides: Partial<ProjectView> = {}): ProjectView => ({
  id: 'a09d77f4-c98c-4681-b172-07ba6cae39b3',
  url: 'https://v2-sandbox.aurorasolar.com/projects/a09d77f4-c98c-4681-b172-07ba6cae39b3',
  name: 'Rivera residence',
  status: 'Design in progress',
  ownerName: 'Sam Lee',
  address: '901 Mears Ct, Stanford, CA 94305',
  ...overrides,
});

export const design = (n: number, overrides: Partial<DesignRow> = {}): DesignRow => ({
  id: `design-${n}`,
  name: `Option ${n}`,
  systemSizeKw: 6 + n / 10,
  annualProductionKwh: 9000 + n * 100,
  offsetPercent: 90 + n / 10,
  moduleCount: 16 + n,
  price: 20000 + n * 250,
  pricePerWatt: 3.1,
  financing: 'Cash',
  monthlyPayment: null,
  agreementStatus: null,
  proposalUrl: `https://v2-sandbox.aurorasolar.com/e-proposal/design-${n}`,
  screenshotUrl: null,
  dxfUrl: null,
  milestone: null,
  isPrimary: false,
  isSold: false,
  lastSyncedAt: minutesAgo(3),
  createdAt: new Date(Date.UTC(2026, 9, 1) + n * 60_000).toISOString(),
  ...overrides,
});

export function overview(overrides: Partial<DealOverview> = {}): DealOverview {
  return {
    setup: { ready: true, problems: [] },
    deal: { id: '1001', name: 'Rivera solar', stage: 'qualifiedtobuy' },
    link: {
      state: 'not_linked',
      preflight: {
        ready: true,
        missing: [],
        willSend: [
          { label: 'Customer', value: 'Ana Rivera (ana@example.com)' },
          { label: 'Address', value: '901 Mears Ct, Stanford, CA 94305' },
        ],
      },
    },
    designs: [],
    dealDesign: null,
    designRequest: null,
    sync: { status: 'never', lastSyncedAt: null, lastError: null, pending: [] },
    outOfDate: [],
    attention: null,
    ...overrides,
  };
}

export const linked = (overrides: Partial<DealOverview> = {}): DealOverview =>
  overview({
    link: { state: 'linked', project: project() },
    sync: { status: 'ok', lastSyncedAt: minutesAgo(3), lastError: null, pending: [] },
    ...overrides,
  });

export const summary = (overrides: Partial<SyncSummary> = {}): SyncSummary => ({
  status: 'ok',
  designs: 0,
  changedDesigns: 0,
  changedDealProperties: [],
  skipped: [],
  designsLeft: 0,
  busyUntil: null,
  keyLacks: [],
  ...overrides,
});

/**
 * A deal as the app functions see it: the overview they would build, changed by the writes the card makes.
 * Handlers follow the contract's semantics (create links, sync stamps the time, accept adds the design, ...).
 */
export function fakeDeal(initial: DealOverview, options: { auroraDesigns?: DesignRow[]; skipped?: string[]; partial?: Partial<SyncSummary> } = {}) {
  const state = { overview: structuredClone(initial), auroraDesigns: options.auroraDesigns ?? initial.designs };
  const syncNow = (): SyncSummary => {
    const before = new Map(state.overview.designs.map((d) => [d.id, JSON.stringify(d)]));
    state.overview.designs = structuredClone(state.auroraDesigns);
    const skipped = options.skipped ?? [];
    state.overview.sync = {
      status: skipped.length > 0 ? 'partial' : 'ok',
      lastSyncedAt: NOW.toISOString(),
      lastError: skipped.length > 0 ? `Could not sync: ${skipped.join('; ')}.` : null,
      pending: [],
    };
    const changed = state.overview.designs.filter((d) => before.get(d.id) !== JSON.stringify(d)).length;
    return summary({ status: skipped.length > 0 ? 'partial' : 'ok', designs: state.overview.designs.length, changedDesigns: changed, skipped, ...options.partial });
  };
  const handlers: Handlers = {
    aurora_deal_overview: () => ({ ok: true, overview: structuredClone(state.overview) }),
    aurora_create_project: () => {
      const link = state.overview.link;
      if (link.state === 'linked') return { ok: true, outcome: 'already_linked', project: link.project };
      if (link.state === 'creating') return { ok: true, outcome: 'in_progress' };
      if (link.preflight.missing.length > 0) return { ok: true, outcome: 'needs_input', missing: link.preflight.missing };
      const created = project({ status: 'New' });
      state.overview.link = { state: 'linked', project: created };
      return { ok: true, outcome: 'created', project: created };
    },
    aurora_sync_deal: () => ({ ok: true, sync: syncNow() }),
    aurora_update_project: ({ confirmAddressChange }) => {
      const fields = state.overview.outOfDate;
      if (fields.some((field) => field.confirmRequired) && !confirmAddressChange) return { ok: true, outcome: 'needs_confirmation', sent: [] };
      state.overview.outOfDate = [];
      return { ok: true, outcome: fields.length > 0 ? 'updated' : 'unchanged', sent: fields.map((field) => ({ label: field.label, value: 'new value' })) };
    },
    aurora_design_request: ({ action }) => {
      const current = state.overview.designRequest;
      if (action === 'create') {
        state.overview.designRequest = { id: 'dr-1', status: 'submitted', rejectionReason: null, designId: null };
      } else if (action === 'accept') {
        if (!current || current.status !== 'designer_completed') return { ok: false, error: userError('invalid_input', 'Nothing to accept.') };
        const accepted = design(99, { id: 'design-accepted', name: 'Roof model design' });
        state.auroraDesigns = [...state.auroraDesigns, accepted];
        state.overview.designRequest = { ...current, status: 'accepted', designId: accepted.id };
        return { ok: true, designRequest: state.overview.designRequest, sync: syncNow() };
      }
      const request = state.overview.designRequest;
      if (!request) return { ok: false, error: userError('invalid_input', 'No design request.') };
      return { ok: true, designRequest: request };
    },
    aurora_create_design: () => {
      const blank = design(state.auroraDesigns.length + 1, { id: 'design-blank', name: 'Blank design', systemSizeKw: null, price: null });
      state.auroraDesigns = [...state.auroraDesigns, blank];
      return { ok: true, designId: blank.id, sync: syncNow() };
    },
    aurora_make_primary: ({ designId }) => {
      const chosen = state.overview.designs.find((row) => row.id === designId);
      if (!chosen) return { ok: false, error: userError('invalid_input', 'This design is not one of the Aurora project linked to this deal.', 'Press Sync.', false) };
      state.overview.designs = state.overview.designs.map((row) => ({ ...row, isPrimary: row.id === designId }));
      const sold = state.overview.designs.find((row) => row.isSold);
      const feeds = sold ?? chosen;
      state.overview.dealDesign = { id: feeds.id, name: feeds.name, reason: sold ? 'sold' : 'primary' };
      return { ok: true, dealDesign: state.overview.dealDesign };
    },
    aurora_unlink_project: () => {
      state.overview.link = { state: 'not_linked', preflight: { ready: true, missing: [], willSend: [] } };
      state.overview.designs = [];
      return { ok: true, unlinked: true };
    },
  };
  return { state, handlers };
}

/** The part of a rendered node (root, element or text) that holds text. */
interface NodeWithText {
  text: string | null;
  childNodes?: readonly NodeWithText[];
}

/** All text under a node, including nested components' text (the renderer's `text` holds direct text only). */
export function textOf(node: NodeWithText | null | undefined): string {
  if (!node) return '';
  if (!node.childNodes) return node.text ?? '';
  return node.childNodes.map((child) => textOf(child)).join('');
}

/** A rendered Table as its paginated variant (TableProps is a union, so its page props need narrowing). */
export const paginatedTable = (table: RenderedElementNode<TableProps>) => table as unknown as RenderedElementNode<TablePaginatedProps>;

type RenderedParent = Pick<RenderedRootNode, 'childNodes'>;

/** Where each button sits: its label and its parent ("ButtonRow", "Flex(row)", "Flex(column)", "Alert", "TableCell", ...). */
export function buttonPlacements(root: RenderedParent): { label: string; parent: string }[] {
  const placements: { label: string; parent: string }[] = [];
  const visit = (node: RenderedParent, parent: string) => {
    for (const child of node.childNodes) {
      if (!isRenderedElementNode(child)) continue;
      if (child.name === 'Button' || child.name === 'LoadingButton') placements.push({ label: textOf(child), parent });
      visit(child, child.name === 'Flex' ? `Flex(${(child.props as { direction?: string }).direction ?? 'row'})` : child.name);
    }
  };
  visit(root, 'root');
  return placements;
}

/**
 * Parents that keep a button at its own width. HubSpot stretches a button placed directly in a column Flex (whose
 * default alignment is stretch) to a full-width bar; ButtonRow, row Flex and table cells do not.
 */
export const BUTTON_ROW_PARENTS = ['ButtonRow', 'Flex(row)', 'TableCell'];

/** Buttons that would not look like HubSpot's: not in a row of buttons. */
export const stretchedButtons = (root: RenderedParent) => buttonPlacements(root).filter((placement) => !BUTTON_ROW_PARENTS.includes(placement.parent));
