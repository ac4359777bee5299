// A store that reads several records of one object together: the first read of any of them (by their unique property)
// fetches them all in one batch call, and each later read of another is answered from that batch once. A webhook reads
// the app's settings record and then the design record its event names: one HubSpot call instead of two.
import type { ObjectRef, PropertyNameOf } from './context';
import type { RecordOptions } from './records';
import type { HubSpotStore } from './store';

export interface Prefetch<O extends ObjectRef> {
  object: O;
  idProperty: PropertyNameOf<O>;
  /** The unique values of the records read together. */
  values: readonly string[];
  /** Read besides what the first caller asks for; a later read asking for more than was read goes to HubSpot. */
  properties: readonly PropertyNameOf<O>[];
}

export function prefetchingStore<O extends ObjectRef>(store: HubSpotStore, prefetch: Prefetch<O>): HubSpotStore {
  let batch: { properties: Set<string>; records: Promise<Map<string, unknown>> } | null = null;
  const served = new Set<string>();
  const matches = (object: ObjectRef, value: string, options?: RecordOptions) =>
    object === prefetch.object && options?.idProperty === prefetch.idProperty && prefetch.values.includes(value) && !served.has(value);
  const getRecord: HubSpotStore['getRecord'] = async (object, value, properties, options) => {
    if (!matches(object, value, options)) return store.getRecord(object, value, properties, options);
    if (!batch) {
      const wanted = [...new Set([...prefetch.properties, ...properties])] as PropertyNameOf<O>[];
      const records = store.getRecordsByUniqueValue(prefetch.object, prefetch.values, wanted, prefetch.idProperty, options) as Promise<Map<string, unknown>>;
      batch = { properties: new Set(wanted), records };
      // A failed batch is not remembered: each read then goes to HubSpot itself, as without the batch.
      records.catch(() => undefined);
    }
    const { properties: read, records } = batch;
    if (!properties.every((name) => read.has(name))) return store.getRecord(object, value, properties, options);
    const found = await records.catch(() => undefined);
    served.add(value);
    if (!found) return store.getRecord(object, value, properties, options);
    return (found.get(value) ?? null) as Awaited<ReturnType<HubSpotStore['getRecord']>>;
  };
  return { ...store, getRecord };
}
