// Formatting both extensions use comes from @aurora/format (shared with the functions' notes); tag colours live here.
export { humanize, relativeTime } from '@aurora/format';

/** The colours of HubSpot's StatusTag and Tag. */
export type TagVariant = 'danger' | 'warning' | 'info' | 'success' | 'default';
