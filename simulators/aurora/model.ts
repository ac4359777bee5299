// The simulator's physics: deterministic geocoding, a design layout sized from the project's consumption, and the
// summary, pricing and financings Aurora would report for it, all consistent with each other (watts, kWh, offset, BOM).
import { createHash } from 'node:crypto';

/** A deterministic PRNG seeded by a string, so the same design always gets the same numbers. */
export function seededRandom(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (random: () => number, min: number, max: number) => min + (max - min) * random();
const round2 = (value: number) => Math.round(value * 100) / 100;

// ---- geocoding

export interface Geocoded {
  property_address: string;
  latitude: number;
  longitude: number;
  property_address_components: { street_address: string; city: string; region: string | null; postal_code: string | null; country: string };
}

/** Addresses with real coordinates: Aurora's sandbox test addresses and the docs' San Francisco example. */
const KNOWN_PLACES: Geocoded[] = [
  place('901 Mears Ct', 'Stanford', 'CA', '94305', 37.4162953, -122.1570644),
  place('634 Mirada Ave', 'Stanford', 'CA', '94305', 37.4197, -122.1601),
  place('419 10th Ave', 'Belmar', 'NJ', '07719', 40.1786, -74.0243),
  place('7126 Casita Dr', 'Magnolia', 'TX', '77354', 30.2143, -95.7508),
  place('600 Montgomery St', 'San Francisco', 'CA', '94111', 37.7952, -122.4028),
  place('434 Brannan St', 'San Francisco', 'CA', '94107', 37.7796, -122.3953),
];

function place(street: string, city: string, region: string, postal: string, latitude: number, longitude: number): Geocoded {
  return {
    property_address: `${street}, ${city}, ${region} ${postal}, USA`,
    latitude,
    longitude,
    property_address_components: { street_address: street, city, region, postal_code: postal, country: 'United States' },
  };
}

/** Lower-case words and digits only, without a trailing country: compares addresses however they were typed. */
export function normalizeAddress(address: string): string {
  return address
    .toLowerCase()
    .replace(/,?\s*(usa|us|united states( of america)?)\s*$/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** "street, city, ST 12345[, country]" → a location; null when the text does not look like a street address. */
export function geocode(address: string): Geocoded | null {
  const known = KNOWN_PLACES.find((candidate) => normalizeAddress(candidate.property_address) === normalizeAddress(address));
  if (known) return structuredClone(known);
  const parts = address.split(',').map((part) => part.trim()).filter(Boolean);
  const [street, city, stateZip] = parts;
  if (!street || !city || !/\d/.test(street)) return null;
  const stateMatch = stateZip ? /^([A-Za-z]{2})(?:\s+(\d{5})(?:-\d{4})?)?$/.exec(stateZip) : null;
  if (stateZip && !stateMatch) return null;
  const region = stateMatch?.[1]?.toUpperCase() ?? null;
  const postal = stateMatch?.[2] ?? null;
  const random = seededRandom(normalizeAddress(address));
  // Somewhere in the continental US, stable per address.
  const latitude = round6(between(random, 26, 47.5));
  const longitude = round6(between(random, -123.5, -70));
  const tail = [region, postal].filter(Boolean).join(' ');
  return {
    property_address: `${street}, ${city}${tail ? `, ${tail}` : ''}, USA`,
    latitude,
    longitude,
    property_address_components: { street_address: street, city, region, postal_code: postal, country: 'United States' },
  };
}

/** A pin → the nearest known address, or a made-up one at that spot (Aurora reverse-geocodes, docs/aurora-api.md#creating-a-project). */
export function reverseGeocode(latitude: number, longitude: number): Geocoded {
  const near = KNOWN_PLACES.find((candidate) => Math.abs(candidate.latitude - latitude) < 0.002 && Math.abs(candidate.longitude - longitude) < 0.002);
  if (near) return { ...structuredClone(near), latitude, longitude };
  const number = 100 + Math.floor(seededRandom(`${latitude},${longitude}`)() * 9000);
  return {
    property_address: `${number} Pin Dr, Simville, CA 90000, USA`,
    latitude,
    longitude,
    property_address_components: { street_address: `${number} Pin Dr`, city: 'Simville', region: 'CA', postal_code: '90000', country: 'United States' },
  };
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

// ---- layout

export interface ModuleModel {
  id: string;
  name: string;
  manufacturer: string;
  sku: string;
  ratingW: number;
}

export const MODULE: ModuleModel = { id: '7d1c3a8e-4b6f-4f7e-9a51-2d0b6c1e4f30', name: 'REC Alpha Pure-R 430', manufacturer: 'REC', sku: 'REC430AA-PURE-R', ratingW: 430 };
export const MICROINVERTER = { id: 'c2f6e1a4-8d3b-4a9e-b7c5-1e2d3f4a5b60', name: 'IQ8M-72-2-US', manufacturer: 'Enphase', sku: 'IQ8M-72-2-US', ratedPowerW: 325 };
const RACKING = { id: 'e5a4b3c2-d1e0-4f9a-8b7c-6d5e4f3a2b10', name: 'IronRidge XR10 rail kit', manufacturer: 'IronRidge', sku: 'XR-10-168A' };

export interface ArrayLayout {
  face: number;
  azimuth: number;
  pitch: number;
  count: number;
  solarAccess: number;
}

export interface Layout {
  module: ModuleModel;
  arrays: ArrayLayout[];
  /** Net yield after shading, kWh per kWp per year (≈1400-1600). */
  specificYield: number;
}

export function moduleCount(layout: Layout): number {
  return layout.arrays.reduce((sum, array) => sum + array.count, 0);
}

/** Yield by latitude, 1400-1600 kWh/kWp, nudged per design. */
function specificYieldFor(latitude: number | null, random: () => number): number {
  const base = latitude === null ? 1500 : 1600 - (Math.abs(latitude) - 30) * 12;
  return Math.round(Math.min(1600, Math.max(1400, base + between(random, -20, 20))));
}

/**
 * A roof layout: either a given size, or one sized to cover ~90-110 % of the project's consumption.
 * Split over one or two roof faces.
 */
export function planLayout(seed: string, input: { latitude: number | null; annualConsumptionKwh: number; sizeKw?: number }): Layout {
  const random = seededRandom(seed);
  const specificYield = specificYieldFor(input.latitude, random);
  const targetWatts = input.sizeKw !== undefined ? input.sizeKw * 1000 : ((input.annualConsumptionKwh * between(random, 0.92, 1.1)) / specificYield) * 1000;
  const count = Math.max(6, Math.round(targetWatts / MODULE.ratingW));
  const pitch = Math.round(between(random, 18, 32));
  const arrays: ArrayLayout[] =
    count <= 14
      ? [{ face: 1, azimuth: 180, pitch, count, solarAccess: Math.round(between(random, 90, 98)) }]
      : [
          { face: 1, azimuth: 180, pitch, count: Math.ceil(count * 0.6), solarAccess: Math.round(between(random, 90, 98)) },
          { face: 2, azimuth: random() < 0.5 ? 90 : 270, pitch, count: count - Math.ceil(count * 0.6), solarAccess: Math.round(between(random, 82, 92)) },
        ];
  return { module: MODULE, arrays, specificYield };
}

export interface Sizes {
  stc: number;
  ptc: number;
  ac: number;
  modules: number;
}

export function sizesOf(layout: Layout | null): Sizes {
  if (!layout) return { stc: 0, ptc: 0, ac: 0, modules: 0 };
  const modules = moduleCount(layout);
  const stc = modules * layout.module.ratingW;
  return { stc, ptc: Math.round(stc * 0.9), ac: modules * MICROINVERTER.ratedPowerW, modules };
}

/** Share of the year's production per month (northern hemisphere). */
const MONTHLY_SHARE = [0.055, 0.063, 0.084, 0.093, 0.103, 0.107, 0.11, 0.104, 0.09, 0.076, 0.061, 0.054];

export function annualProductionKwh(layout: Layout): number {
  return Math.round((sizesOf(layout).stc / 1000) * layout.specificYield);
}

export interface SummaryOptions {
  /** Send `arrays` as a JSON string, as the docs text describes it. */
  arraysAsString?: boolean;
  /** Send `annual_offset` as a number instead of "104%". */
  offsetAsNumber?: boolean;
}

export interface DesignFacts {
  id: string;
  projectId: string;
  externalProviderId: string | null;
  createdAt: string;
  layout: Layout | null;
  simulated: boolean;
  annualConsumptionKwh: number;
}

/** GET …/designs/{id}/summary body (`design` root), shaped like the docs tutorial (docs/aurora-api.md#design-summary). */
export function designSummary(design: DesignFacts, options: SummaryOptions = {}): Record<string, unknown> {
  const sizes = sizesOf(design.layout);
  const layout = design.layout;
  const arrays = (layout?.arrays ?? []).map((array) => ({
    size: array.count * layout!.module.ratingW,
    azimuth: array.azimuth,
    pitch: array.pitch,
    face: array.face,
    orientation: 'portrait',
    configuration: 'microinverter',
    ground_mounted: false,
    module: { id: layout!.module.id, name: layout!.module.name, count: array.count, rating_stc: layout!.module.ratingW, orientation: 'portrait' },
    microinverter: { id: MICROINVERTER.id, name: MICROINVERTER.name, count: array.count, rated_power: MICROINVERTER.ratedPowerW },
    dc_optimizer: null,
    shading: {
      solar_access: { annual: array.solarAccess, monthly: MONTHLY_SHARE.map((_, i) => Math.min(100, array.solarAccess + (i >= 4 && i <= 7 ? 2 : -2))) },
      total_solar_resource_fraction: { annual: Math.round(array.solarAccess * 0.93) },
    },
  }));
  const bill = layout
    ? [
        { id: layout.module.id, name: layout.module.name, component_type: 'modules', sku: layout.module.sku, manufacturer_name: layout.module.manufacturer, quantity: sizes.modules },
        { id: MICROINVERTER.id, name: MICROINVERTER.name, component_type: 'microinverters', sku: MICROINVERTER.sku, manufacturer_name: MICROINVERTER.manufacturer, quantity: sizes.modules },
        { id: RACKING.id, name: RACKING.name, component_type: 'racking', sku: RACKING.sku, manufacturer_name: RACKING.manufacturer, quantity: Math.ceil(sizes.modules / 2) },
      ]
    : [];
  let energy: Record<string, unknown> | null = null;
  if (layout && design.simulated) {
    const annual = annualProductionKwh(layout);
    const monthly = MONTHLY_SHARE.map((share) => Math.round(annual * share));
    monthly[11] = annual - monthly.slice(0, 11).reduce((a, b) => a + b, 0);
    const offset = design.annualConsumptionKwh > 0 ? Math.round((annual / design.annualConsumptionKwh) * 100) : 0;
    energy = { up_to_date: true, annual, annual_offset: options.offsetAsNumber ? offset : `${offset}%`, monthly, hourly: null };
  }
  return {
    design_id: design.id,
    external_provider_id: design.externalProviderId,
    project_id: design.projectId,
    created_at: design.createdAt,
    system_size_stc: sizes.stc,
    system_size_ptc: sizes.ptc,
    system_size_ac: sizes.ac,
    bill_of_materials: bill,
    arrays: options.arraysAsString ? JSON.stringify(arrays) : arrays,
    string_inverters: [],
    storage_inverters: [],
    batteries: [],
    energy_production: energy,
  };
}

/** GET …/designs/{id}/pricing body (`pricing` root): price per watt × STC watts (docs/aurora-api.md#pricing). */
export function designPricing(layout: Layout | null, pricePerWatt: number): Record<string, unknown> {
  const sizes = sizesOf(layout);
  const base = round2(sizes.stc * pricePerWatt);
  return {
    pricing_method: 'price per watt',
    price_per_watt: pricePerWatt,
    system_price: base,
    system_price_breakdown: [{ item_type: 'base_price', item_price: base }],
    adders: [],
    pricing_by_component: layout
      ? [
          { component_type: 'modules', name: layout.module.name, quantity: sizes.modules },
          { component_type: 'microinverters', name: MICROINVERTER.name, quantity: sizes.modules },
        ]
      : [],
  };
}

export type FinancingOption = 'cash' | 'loans' | 'ppa';

export interface FinancingPlan {
  id: string;
  option: FinancingOption;
  name: string;
}

/** Monthly payment of an amortised loan. */
function monthlyPayment(principal: number, yearlyRate: number, months: number): number {
  const rate = yearlyRate / 12;
  return round2(rate === 0 ? principal / months : (principal * rate) / (1 - (1 + rate) ** -months));
}

const UTILITY_RATE = 0.27; // $/kWh avoided, for savings figures
const LOAN = { rate: 0.0599, months: 300, dealerFee: 0.18 };
const PPA = { rate: 0.145, escalation: 2.9 };

/** A financing's detail (`financing` root, docs/aurora-api.md#financings), consistent with the design's price and production. */
export function financingDetail(
  plan: FinancingPlan,
  selected: boolean,
  design: { id: string; projectId: string; layout: Layout | null; simulated: boolean },
  pricePerWatt: number,
): Record<string, unknown> {
  const price = Number(designPricing(design.layout, pricePerWatt).system_price);
  const annual = design.layout && design.simulated ? annualProductionKwh(design.layout) : 0;
  const yearlySavings = annual * UTILITY_RATE;
  const base = {
    id: plan.id,
    name: plan.name,
    financing_option: plan.option,
    selected_in_sales_mode: selected,
    design_id: design.id,
    project_id: design.projectId,
    up_to_date: design.simulated,
    system_price: price,
    lifetime_savings: round2(yearlySavings * 25 - (plan.option === 'ppa' ? annual * PPA.rate * 25 : price)),
    payback_period: yearlySavings > 0 && plan.option !== 'ppa' ? round2(price / yearlySavings) : null,
    incentive_values: [],
    year1_avoided_cost: MONTHLY_SHARE.map((share) => round2(yearlySavings * share)),
    annual_cashflows: [],
    financier: null as unknown,
  };
  if (plan.option === 'loans') {
    const payment = monthlyPayment(price, LOAN.rate, LOAN.months);
    return {
      ...base,
      loan_principal: price,
      down_payment: 0,
      monthly_payment_first_month: payment,
      avg_monthly_savings: round2(yearlySavings / 12 - payment),
      loans: [{ name: plan.name, duration_months: LOAN.months, dealer_fee_percentage: LOAN.dealerFee, periods: [] }],
      financier: { type: 'integrated', provider: 'sunlight', status: 'not_started', approved_loan_amount: null, external: null },
    };
  }
  if (plan.option === 'ppa') {
    return {
      ...base,
      epc_price_per_watt: pricePerWatt,
      escalation: PPA.escalation,
      solar_rate: PPA.rate,
      monthly_payment: round2((annual * PPA.rate) / 12),
      upfront_payment: 0,
    };
  }
  return { ...base, upfront_payment: price };
}

/** The summary form the list endpoint returns. */
export function financingSummary(detail: Record<string, unknown>): Record<string, unknown> {
  const { id, name, financing_option, selected_in_sales_mode, design_id, project_id } = detail;
  return { id, name, financing_option, selected_in_sales_mode, design_id, project_id };
}

/** The three plans every laid-out design gets; cash is the one selected in Sales Mode. */
export function defaultFinancingPlans(newId: () => string): FinancingPlan[] {
  return [
    { id: newId(), option: 'cash', name: 'Cash' },
    { id: newId(), option: 'loans', name: 'Sunlight 25 yr 5.99%' },
    { id: newId(), option: 'ppa', name: '25 yr PPA' },
  ];
}

/** Annual consumption for a project that has no profile: 8 000-14 000 kWh, stable per project. */
export function defaultConsumptionKwh(projectId: string): number {
  return Math.round(between(seededRandom(`consumption:${projectId}`), 8000, 14000) / 10) * 10;
}
