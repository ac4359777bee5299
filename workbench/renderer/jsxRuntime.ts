// JSX runtime for the card and settings code: HubSpot renders only its own components, so a raw DOM tag
// (<div>, <span>...) that would fail in HubSpot renders here as a red box instead of silently working.
import { Fragment, jsx as reactJsx, jsxs as reactJsxs } from 'react/jsx-runtime';
import type { ElementType } from 'react';
import { unsupportedComponent } from './components';

const standIns = new Map<string, ElementType>();

function guard(type: ElementType): ElementType {
  if (typeof type !== 'string') return type;
  let standIn = standIns.get(type);
  if (!standIn) {
    standIn = unsupportedComponent(type);
    standIns.set(type, standIn);
  }
  return standIn;
}

export { Fragment };
export const jsx = (type: ElementType, props: unknown, key?: string) => reactJsx(guard(type), props, key);
export const jsxs = (type: ElementType, props: unknown, key?: string) => reactJsxs(guard(type), props, key);
