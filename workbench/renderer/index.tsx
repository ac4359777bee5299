// The workbench's stand-in for `@hubspot/ui-extensions` in the browser bundle: same exports, rendered to the DOM.
import { useEffect, useState } from 'react';
import type { HubSpotFetchOptions, HubSpotFetchRequestURI } from '@hubspot/ui-extensions';
import { unsupportedComponent } from './components';
import { extend, serverless, useHostApi } from './host';

export {
  Accordion,
  Alert,
  Box,
  Button,
  ButtonRow,
  DescriptionList,
  DescriptionListItem,
  Divider,
  EmptyState,
  ErrorState,
  Flex,
  Form,
  Heading,
  Image,
  Inline,
  Input,
  Link,
  LoadingButton,
  LoadingSpinner,
  ProgressBar,
  Select,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  Tile,
  Tooltip,
  ExtensionEvent,
  FormSubmitExtensionEvent,
} from './components';

/** @deprecated in the SDK too: the event shape of older handlers. */
export class RemoteEvent<V> {
  type: string;
  bubbles: boolean;
  timeStamp: number;
  targetValue: V;
  constructor(value: V, event: Event) {
    this.type = event.type;
    this.bubbles = event.bubbles;
    this.timeStamp = event.timeStamp;
    this.targetValue = value;
  }
}

/** Status of the deprecated runServerlessFunction result. */
export const ServerlessExecutionStatus = { Success: 'SUCCESS', Error: 'ERROR' } as const;

// The rest of the SDK's components exist so the bundle builds, and show a red box when rendered.
export const AutoGrid = unsupportedComponent('AutoGrid');
export const BarChart = unsupportedComponent('BarChart');
export const Card = unsupportedComponent('Card');
export const Checkbox = unsupportedComponent('Checkbox');
export const CurrencyInput = unsupportedComponent('CurrencyInput');
export const DateInput = unsupportedComponent('DateInput');
export const Dropdown = unsupportedComponent('Dropdown');
export const Icon = unsupportedComponent('Icon');
export const Illustration = unsupportedComponent('Illustration');
export const LineChart = unsupportedComponent('LineChart');
export const List = unsupportedComponent('List');
export const Modal = unsupportedComponent('Modal');
export const ModalBody = unsupportedComponent('ModalBody');
export const ModalFooter = unsupportedComponent('ModalFooter');
export const MultiSelect = unsupportedComponent('MultiSelect');
export const NumberInput = unsupportedComponent('NumberInput');
export const Panel = unsupportedComponent('Panel');
export const PanelBody = unsupportedComponent('PanelBody');
export const PanelFooter = unsupportedComponent('PanelFooter');
export const PanelSection = unsupportedComponent('PanelSection');
export const RadioButton = unsupportedComponent('RadioButton');
export const ScoreCircle = unsupportedComponent('ScoreCircle');
export const SearchInput = unsupportedComponent('SearchInput');
export const Spacer = unsupportedComponent('Spacer');
export const Stack = unsupportedComponent('Stack');
export const StepIndicator = unsupportedComponent('StepIndicator');
export const StepperInput = unsupportedComponent('StepperInput');
export const Tab = unsupportedComponent('Tab');
export const Tabs = unsupportedComponent('Tabs');
export const TextArea = unsupportedComponent('TextArea');
export const Textarea = unsupportedComponent('Textarea');
export const TimeInput = unsupportedComponent('TimeInput');
export const Toggle = unsupportedComponent('Toggle');
export const ToggleGroup = unsupportedComponent('ToggleGroup');

function fetchNotSupported(url: HubSpotFetchRequestURI, _options?: HubSpotFetchOptions): Promise<Response> {
  const message = `hubspot.fetch(${String(url)}) is not supported by the workbench: the app talks to its backends through app functions.`;
  console.error(`[workbench] ${message}`);
  return Promise.reject(new Error(message));
}

export const hubspot = { extend, serverless, fetch: fetchNotSupported };

export const logger = {
  debug: (data: string | number) => console.debug(data),
  info: (data: string | number) => console.info(data),
  warn: (data: string | number) => console.warn(data),
  error: (data: string | number) => console.error(data),
};

export const useExtensionApi = () => useHostApi('useExtensionApi');
export const useExtensionContext = () => useHostApi('useExtensionContext').context;
export const useExtensionActions = () => useHostApi('useExtensionActions').actions;

export function useDebounce<T>(value: T, delayMs = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

export function useCrmSearch(): never {
  throw new Error('useCrmSearch is not supported by the workbench renderer.');
}
