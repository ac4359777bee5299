// DOM versions of the @hubspot/ui-extensions components the card and settings page use, with their real props.
import {
  isValidElement,
  useEffect,
  useRef,
  useState,
  type CSSProperties,
  type FormEvent,
  type MouseEvent as ReactMouseEvent,
  type ReactNode,
} from 'react';
import type {
  AccordionProps,
  AlertProps,
  AllDistances,
  BoxProps,
  ButtonProps,
  ButtonRowProps,
  DescriptionListItemProps,
  DescriptionListProps,
  DividerProps,
  EmptyStateProps,
  ErrorStateProps,
  FlexJustify,
  FlexProps,
  FormProps,
  HeadingProps,
  HrefProp,
  ImageProps,
  InlineProps,
  InputProps,
  LinkProps,
  LoadingButtonProps,
  LoadingSpinnerProps,
  ProgressBarProps,
  Reactions,
  SelectProps,
  SortedTableHeaderProps,
  StatisticsItemProps,
  StatisticsProps,
  StatisticsTrendProps,
  StatusTagProps,
  TableCellProps,
  TableElementProps,
  TableHeaderProps,
  TableProps,
  TagProps,
  TextProps,
  TileProps,
  TooltipProps,
  WidthProps,
} from '@hubspot/ui-extensions';

const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

const DISTANCE_PX: Record<string, number> = {
  flush: 0,
  'extra-small': 4,
  xs: 4,
  small: 8,
  sm: 8,
  medium: 16,
  md: 16,
  large: 24,
  lg: 24,
  'extra-large': 32,
  xl: 32,
};
const distance = (value: AllDistances | undefined, fallback = 0) => (value === undefined ? fallback : (DISTANCE_PX[value] ?? fallback));

const SIZE_CLASS: Record<string, 'xs' | 'sm' | 'md'> = { 'extra-small': 'xs', xs: 'xs', small: 'sm', sm: 'sm', medium: 'md', md: 'md' };
const sizeClass = (size: string | undefined, fallback: 'xs' | 'sm' | 'md') => (size ? (SIZE_CLASS[size] ?? fallback) : fallback);

const JUSTIFY: Record<FlexJustify, CSSProperties['justifyContent']> = {
  start: 'flex-start',
  end: 'flex-end',
  center: 'center',
  around: 'space-around',
  between: 'space-between',
};
const ALIGN: Record<string, CSSProperties['alignItems']> = {
  start: 'flex-start',
  end: 'flex-end',
  center: 'center',
  baseline: 'baseline',
  stretch: 'stretch',
  auto: 'auto',
};

/** The SDK's event classes: what click and submit handlers receive. */
export class ExtensionEvent {
  type: string;
  bubbles: boolean;
  timeStamp: number;
  id: string;
  constructor(event: { type: string; bubbles: boolean; timeStamp: number }) {
    this.type = event.type;
    this.bubbles = event.bubbles;
    this.timeStamp = event.timeStamp;
    this.id = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : String(Math.random());
  }
}

export class FormSubmitExtensionEvent<V> extends ExtensionEvent {
  targetValue: V;
  constructor(value: V, event: { type: string; bubbles: boolean; timeStamp: number }) {
    super(event);
    this.targetValue = value;
  }
}

const extensionEvent = (event: { type: string; bubbles: boolean; timeStamp: number }) => new ExtensionEvent(event);

/** Overlays (panels, modals) are not part of the workbench: opening one fails loudly. */
const reactions: Reactions = {
  openPanel: (id) => reportUnsupported(`reactions.openPanel('${id}')`),
  closePanel: (id) => reportUnsupported(`reactions.closePanel('${id}')`),
  openModal: (id) => reportUnsupported(`reactions.openModal('${id}')`),
  closeModal: (id) => reportUnsupported(`reactions.closeModal('${id}')`),
};

const reported = new Set<string>();
/** Logs once per name that the card used something the workbench does not render. */
export function reportUnsupported(name: string) {
  if (reported.has(name)) return;
  reported.add(name);
  console.error(`[workbench] ${name} is not supported by the workbench renderer; it renders as a red box.`);
}

/** Stand-in for a component the workbench does not implement: a visible red box and a console error. */
export function unsupportedComponent(name: string) {
  function Unsupported() {
    reportUnsupported(`<${name}>`);
    return (
      <div className="uie-unsupported" data-unsupported={name} role="alert">
        &lt;{name}&gt; is not supported by the workbench renderer
      </div>
    );
  }
  Unsupported.displayName = `Unsupported(${name})`;
  return Unsupported;
}

function resolveHref(href: HrefProp | undefined): { url: string; external: boolean } | undefined {
  if (href === undefined) return undefined;
  const url = typeof href === 'string' ? href : href.url;
  const sameOrigin = (() => {
    if (typeof window === 'undefined') return false;
    try {
      return new URL(url, window.location.href).origin === window.location.origin;
    } catch {
      return false;
    }
  })();
  const external = typeof href === 'string' ? !sameOrigin : (href.external ?? !sameOrigin);
  return { url, external };
}

function openHref(href: HrefProp | undefined) {
  const target = resolveHref(href);
  if (!target) return;
  if (target.external) window.open(target.url, '_blank', 'noopener');
  else window.location.assign(target.url);
}

/** Wraps a trigger with its `overlay` prop: a Tooltip shows on hover; any other overlay renders (loudly) as itself. */
function WithOverlay({ overlay, children }: { overlay: ReactNode; children: ReactNode }) {
  if (overlay === undefined || overlay === null) return <>{children}</>;
  if (isValidElement(overlay) && overlay.type === Tooltip) {
    const placement = (overlay.props as TooltipProps).placement ?? 'top';
    return (
      <span className="uie-overlay-anchor">
        {children}
        <span className={cx('uie-tooltip', `uie-tooltip--${placement}`)} role="tooltip">
          {(overlay.props as TooltipProps).children}
        </span>
      </span>
    );
  }
  return (
    <>
      {children}
      {overlay}
    </>
  );
}

const ExternalIcon = () => (
  <svg className="uie-icon-external" viewBox="0 0 12 12" aria-hidden="true">
    <path d="M7 1h4v4M11 1 5.5 6.5M9.5 7.5V11H1V2.5h3.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
  </svg>
);

export function Alert({ title, children, variant = 'info', testId }: AlertProps) {
  return (
    <div className={cx('uie-alert', `uie-alert--${variant === 'error' ? 'danger' : variant}`)} role="alert" data-testid={testId}>
      <div className="uie-alert__title">{title}</div>
      {children !== undefined && <div className="uie-alert__body">{children}</div>}
    </div>
  );
}

export function Box({ children, alignSelf = 'auto', flex = 'auto', testId }: BoxProps) {
  const flexValue = typeof flex === 'number' ? `${flex} ${flex} 0` : { initial: '0 1 auto', auto: '1 1 auto', none: '0 0 auto' }[flex];
  return (
    <div className="uie-box" style={{ alignSelf: ALIGN[alignSelf], flex: flexValue }} data-testid={testId}>
      {children}
    </div>
  );
}

export function Button({ children, onClick, href, disabled, variant = 'secondary', type = 'button', size = 'md', truncate, overlay, testId }: ButtonProps) {
  const target = resolveHref(href);
  return (
    <WithOverlay overlay={overlay}>
      <button
        type={type}
        className={cx('uie-button', `uie-button--${variant}`, `uie-button--${sizeClass(size, 'md')}`, truncate && 'uie-truncate')}
        disabled={disabled}
        data-testid={testId}
        title={truncate && typeof children === 'string' ? children : undefined}
        onClick={(event) => {
          onClick?.(extensionEvent(event), reactions);
          if (href) openHref(href);
        }}
      >
        {children}
        {target?.external && <ExternalIcon />}
      </button>
    </WithOverlay>
  );
}

/** The mark HubSpot shows after a load for a `resultIconName` (a check mark by default; a failure shows its own icon). */
export function resultGlyph(iconName: string | undefined): string {
  return { warning: '⚠', xCircle: '✕', filledXCircleIcon: '✕', exclamation: '!', exclamationCircle: '!' }[iconName ?? 'success'] ?? '✓';
}

export function LoadingButton({ loading = false, resultIconName, children, disabled, variant = 'secondary', ...rest }: LoadingButtonProps) {
  // After a load finishes HubSpot briefly shows a result icon (a check mark by default).
  const [showResult, setShowResult] = useState(false);
  const wasLoading = useRef(loading);
  useEffect(() => {
    if (wasLoading.current && !loading) {
      setShowResult(true);
      const timer = setTimeout(() => setShowResult(false), 1500);
      wasLoading.current = loading;
      return () => clearTimeout(timer);
    }
    wasLoading.current = loading;
    return undefined;
  }, [loading]);
  return (
    <Button {...rest} variant={variant} disabled={disabled || loading}>
      {loading && <span className="uie-button__spinner" aria-label="Loading" />}
      {children}
      {showResult && (
        <span className="uie-button__result" data-icon={resultIconName ?? 'success'} aria-hidden="true">
          {resultGlyph(resultIconName)}
        </span>
      )}
    </Button>
  );
}

export function ButtonRow({ children, testId }: ButtonRowProps) {
  // Buttons wrap instead of collapsing into HubSpot's "More" dropdown.
  return (
    <div className="uie-button-row" data-testid={testId}>
      {children}
    </div>
  );
}

export function DescriptionList({ children, direction = 'column', testId }: DescriptionListProps) {
  return (
    <dl className={cx('uie-dl', `uie-dl--${direction}`)} data-testid={testId}>
      {children}
    </dl>
  );
}

export function DescriptionListItem({ label, children, testId }: DescriptionListItemProps) {
  return (
    <div className="uie-dl__item" data-testid={testId}>
      <dt className="uie-dl__label">{label}</dt>
      <dd className="uie-dl__value">{children}</dd>
    </div>
  );
}

export function Divider({ size, distance: legacyDistance, testId }: DividerProps) {
  const margin = distance(size ?? legacyDistance, 8);
  return <hr className="uie-divider" style={{ marginTop: margin, marginBottom: margin }} data-testid={testId} />;
}

/** A small neutral line drawing in HubSpot's illustration palette, standing in for the named illustration. */
function Illustration({ name, width, kind }: { name: string; width: number; kind: 'empty' | 'error' | 'support' | 'lock' }) {
  return (
    <svg className="uie-illustration" data-image={name} viewBox="0 0 160 110" width={width} aria-hidden="true">
      <ellipse cx="80" cy="100" rx="62" ry="7" fill="#eaf0f6" />
      {kind === 'empty' && (
        <>
          <rect x="34" y="28" width="92" height="62" rx="4" fill="#fff" stroke="#7fd1de" strokeWidth="3" />
          <path d="M34 44h92" stroke="#7fd1de" strokeWidth="3" />
          <rect x="46" y="54" width="30" height="8" rx="2" fill="#ffbcac" />
          <rect x="46" y="68" width="52" height="8" rx="2" fill="#dbe5ef" />
          <circle cx="120" cy="22" r="12" fill="#fed8a6" />
        </>
      )}
      {kind === 'error' && (
        <>
          <path d="M80 20 128 92H32Z" fill="#fff" stroke="#f2545b" strokeWidth="3" strokeLinejoin="round" />
          <path d="M80 46v22" stroke="#f2545b" strokeWidth="5" strokeLinecap="round" />
          <circle cx="80" cy="80" r="3.5" fill="#f2545b" />
        </>
      )}
      {kind === 'support' && (
        <>
          <circle cx="80" cy="56" r="34" fill="#fff" stroke="#7fd1de" strokeWidth="3" />
          <path d="M68 48a12 12 0 1 1 16 11c-3 1-4 3-4 6" fill="none" stroke="#0091ae" strokeWidth="4" strokeLinecap="round" />
          <circle cx="80" cy="75" r="3" fill="#0091ae" />
        </>
      )}
      {kind === 'lock' && (
        <>
          <rect x="52" y="50" width="56" height="42" rx="5" fill="#fff" stroke="#516f90" strokeWidth="3" />
          <path d="M62 50V38a18 18 0 0 1 36 0v12" fill="none" stroke="#516f90" strokeWidth="3" />
          <circle cx="80" cy="70" r="5" fill="#516f90" />
        </>
      )}
    </svg>
  );
}

export function EmptyState({ children, title, layout = 'horizontal', reverseOrder = false, imageWidth = 250, imageName = 'emptyStateCharts', flush = false, testId }: EmptyStateProps) {
  const image = (
    <div className="uie-empty__image" style={{ maxWidth: imageWidth }}>
      <Illustration name={imageName} width={Math.min(imageWidth, 160)} kind="empty" />
    </div>
  );
  const text = (
    <div className="uie-empty__text">
      {title && <h3 className="uie-empty__title">{title}</h3>}
      <div className="uie-empty__body">{children}</div>
    </div>
  );
  return (
    <div className={cx('uie-empty', `uie-empty--${layout}`, flush && 'uie-empty--flush')} data-testid={testId}>
      {reverseOrder ? (
        <>
          {text}
          {image}
        </>
      ) : (
        <>
          {image}
          {text}
        </>
      )}
    </div>
  );
}

export function ErrorState({ children, title, type = 'error', testId }: ErrorStateProps) {
  return (
    <div className="uie-error-state" data-testid={testId}>
      <Illustration name={type} width={140} kind={type} />
      <h3 className="uie-empty__title">{title ?? 'Something went wrong.'}</h3>
      <div className="uie-empty__body">{children}</div>
    </div>
  );
}

export function Flex({ children, direction = 'row', gap = 'flush', justify = 'start', align = 'stretch', alignSelf, wrap = false, testId }: FlexProps) {
  const wraps = wrap === true || wrap === 'wrap';
  return (
    <div
      className="uie-flex"
      data-testid={testId}
      style={{
        flexDirection: direction,
        gap: distance(gap),
        justifyContent: JUSTIFY[justify],
        alignItems: ALIGN[align],
        alignSelf: alignSelf ? ALIGN[alignSelf] : undefined,
        flexWrap: wraps ? 'wrap' : 'nowrap',
      }}
    >
      {children}
    </div>
  );
}

export function Inline({ children, justify = 'start', align = 'stretch', gap = 'flush', testId }: InlineProps) {
  return (
    <div className="uie-inline" data-testid={testId} style={{ justifyContent: JUSTIFY[justify], alignItems: ALIGN[align], gap: distance(gap) }}>
      {children}
    </div>
  );
}

export function Form({ children, onSubmit, autoComplete = 'on', testId }: FormProps) {
  return (
    <form
      className="uie-form"
      autoComplete={autoComplete}
      data-testid={testId}
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        const values: Record<string, string> = {};
        new FormData(event.currentTarget).forEach((value, key) => {
          if (typeof value === 'string') values[key] = value;
        });
        onSubmit?.(new FormSubmitExtensionEvent(values, event.nativeEvent), reactions);
      }}
    >
      {children}
    </form>
  );
}

export function Heading({ children, inline = false, testId }: HeadingProps) {
  return (
    <h2 className={cx('uie-heading', inline && 'uie-nowrap')} data-testid={testId}>
      {children}
    </h2>
  );
}

export function Image({ src, alt, width, height, href, onClick, overlay, testId }: ImageProps) {
  const target = resolveHref(href);
  const img = (
    <img
      className={cx('uie-image', (href || onClick) && 'uie-image--clickable')}
      src={src}
      alt={alt ?? ''}
      width={width}
      height={height}
      data-testid={testId}
      onClick={(event) => onClick?.(extensionEvent(event), reactions)}
    />
  );
  return (
    <WithOverlay overlay={overlay}>
      {target ? (
        <a href={target.url} target={target.external ? '_blank' : undefined} rel="noreferrer">
          {img}
        </a>
      ) : (
        img
      )}
    </WithOverlay>
  );
}

export function Link({ children, href, variant = 'primary', onClick, preventDefault = false, overlay, testId }: LinkProps) {
  const target = resolveHref(href);
  return (
    <WithOverlay overlay={overlay}>
      <a
        className={cx('uie-link', `uie-link--${variant}`)}
        href={target?.url}
        target={target?.external ? '_blank' : undefined}
        rel={target?.external ? 'noreferrer' : undefined}
        data-testid={testId}
        onClick={(event: ReactMouseEvent<HTMLAnchorElement>) => {
          if (preventDefault) event.preventDefault();
          onClick?.(extensionEvent(event), reactions);
        }}
      >
        {children}
        {target?.external && <ExternalIcon />}
      </a>
    </WithOverlay>
  );
}

export function LoadingSpinner({ label, showLabel = false, size = 'sm', layout = 'inline', testId }: LoadingSpinnerProps) {
  return (
    <div className={cx('uie-spinner', `uie-spinner--${layout}`, `uie-spinner--${sizeClass(size, 'sm')}`)} role="status" aria-label={label} data-testid={testId}>
      <span className="uie-spinner__ring" />
      <span className={showLabel ? 'uie-spinner__label' : 'uie-visually-hidden'}>{label}</span>
    </div>
  );
}

export function ProgressBar({ title, showPercentage = false, value = 0, maxValue, valueMax, valueDescription, variant = 'success', 'aria-label': ariaLabel, testId }: ProgressBarProps) {
  const max = maxValue ?? valueMax ?? 100;
  const percent = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return (
    <div className="uie-progress" data-testid={testId}>
      {(title || showPercentage) && (
        <div className="uie-progress__head">
          <span className="uie-progress__title">{title}</span>
          {showPercentage && <span className="uie-progress__percent">{Math.round(percent)}%</span>}
        </div>
      )}
      <div className="uie-progress__track" role="progressbar" aria-label={ariaLabel ?? title} aria-valuenow={value} aria-valuemax={max} aria-valuemin={0}>
        <div className={cx('uie-progress__fill', `uie-progress__fill--${variant}`)} style={{ width: `${percent}%` }} />
      </div>
      {valueDescription && <div className="uie-progress__description">{valueDescription}</div>}
    </div>
  );
}

export function Statistics({ children, testId }: StatisticsProps) {
  return (
    <div className="uie-stats" data-testid={testId}>
      {children}
    </div>
  );
}

export function StatisticsItem({ label, number, children, id, testId }: StatisticsItemProps) {
  return (
    <div className="uie-stats__item" id={id} data-testid={testId}>
      <div className="uie-stats__label">{label}</div>
      <div className="uie-stats__number">{number}</div>
      {children !== undefined && <div className="uie-stats__extra">{children}</div>}
    </div>
  );
}

export function StatisticsTrend({ value, direction = 'increase', color, testId }: StatisticsTrendProps) {
  const tone = color ?? (direction === 'increase' ? 'green' : 'red');
  return (
    <span className={cx('uie-trend', `uie-trend--${tone}`)} data-testid={testId}>
      {direction === 'increase' ? '▲' : '▼'} {value}
    </span>
  );
}

export function StatusTag({ children, variant = 'default', hollow = false, onClick, showRemoveIcon = false, onRemoveClick, testId }: StatusTagProps) {
  return (
    <span className={cx('uie-status', `uie-status--${variant}`, hollow && 'uie-status--hollow', onClick && 'uie-clickable')} data-testid={testId} onClick={onClick ? () => onClick() : undefined}>
      <span className="uie-status__dot" aria-hidden="true" />
      <span className="uie-status__text">{children}</span>
      {showRemoveIcon && (
        <button
          type="button"
          className="uie-status__remove"
          aria-label="Remove"
          onClick={(event) => {
            event.stopPropagation();
            onRemoveClick?.();
          }}
        >
          ×
        </button>
      )}
    </span>
  );
}

export function Tag({ children, variant = 'default', onClick, inline = false, overlay, testId }: TagProps) {
  return (
    <WithOverlay overlay={overlay}>
      <span
        className={cx('uie-tag', `uie-tag--${variant}`, inline && 'uie-tag--inline', onClick && 'uie-clickable')}
        data-testid={testId}
        role={onClick ? 'button' : undefined}
        onClick={onClick ? (event) => onClick(extensionEvent(event), reactions) : undefined}
      >
        {children}
      </span>
    </WithOverlay>
  );
}

export function Text({ children, variant = 'bodytext', inline = false, format, truncate = false, testId }: TextProps) {
  const truncateOptions = typeof truncate === 'object' ? truncate : undefined;
  const style: CSSProperties = {
    fontWeight: format?.fontWeight === 'bold' ? 700 : format?.fontWeight === 'demibold' ? 600 : undefined,
    fontStyle: format?.italic ? 'italic' : undefined,
    textDecoration: format?.lineDecoration === 'strikethrough' ? 'line-through' : format?.lineDecoration === 'underline' ? 'underline' : undefined,
    textTransform:
      format?.textTransform && format.textTransform !== 'none' && format.textTransform !== 'sentenceCase' ? format.textTransform : undefined,
    maxWidth: truncateOptions?.maxWidth,
  };
  const className = cx(
    'uie-text',
    variant === 'microcopy' && 'uie-text--micro',
    inline && 'uie-text--inline',
    truncate !== false && 'uie-truncate',
    format?.textTransform === 'sentenceCase' && 'uie-text--sentence',
  );
  const title = truncate === false ? undefined : (truncateOptions?.tooltipText ?? (typeof children === 'string' ? children : undefined));
  return inline ? (
    <span className={className} style={style} title={title} data-testid={testId}>
      {children}
    </span>
  ) : (
    <p className={className} style={style} title={title} data-testid={testId}>
      {children}
    </p>
  );
}

export function Tile({ children, compact = false, flush = false, testId }: TileProps) {
  return (
    <div className={cx('uie-tile', compact && 'uie-tile--compact', flush && 'uie-tile--flush')} data-testid={testId}>
      {children}
    </div>
  );
}

export function Tooltip({ children, placement = 'top', testId }: TooltipProps) {
  // Normally passed as an `overlay` (see WithOverlay); on its own it shows its text as a bubble.
  return (
    <span className={cx('uie-tooltip', 'uie-tooltip--static', `uie-tooltip--${placement}`)} role="tooltip" data-testid={testId}>
      {children}
    </span>
  );
}

export function Accordion({ title, children, defaultOpen = false, disabled = false, open, size = 'sm', onClick, testId }: AccordionProps) {
  const [openState, setOpenState] = useState(defaultOpen);
  const isOpen = open ?? openState;
  return (
    <div className={cx('uie-accordion', `uie-accordion--${sizeClass(size, 'sm')}`, isOpen && 'uie-accordion--open')} data-testid={testId}>
      <button
        type="button"
        className="uie-accordion__title"
        aria-expanded={isOpen}
        disabled={disabled}
        onClick={() => {
          onClick?.();
          if (open === undefined) setOpenState((value) => !value);
        }}
      >
        <span className="uie-accordion__chevron" aria-hidden="true">
          ›
        </span>
        {title}
      </button>
      {isOpen && <div className="uie-accordion__body">{children}</div>}
    </div>
  );
}

function widthStyle(width: WidthProps['width']): CSSProperties {
  if (width === undefined || width === 'auto') return {};
  if (width === 'min') return { width: '1%', whiteSpace: 'nowrap' };
  if (width === 'max') return { width: '100%' };
  return { width };
}

function Pagination({ pageCount, page, onPageChange, showButtonLabels = true, showFirstLastButtons = false, maxVisiblePageButtons = 5 }: Extract<TableProps, { paginated: true }>) {
  const current = Math.min(Math.max(page ?? 1, 1), Math.max(pageCount, 1));
  const visible = Math.max(1, maxVisiblePageButtons);
  const start = Math.max(1, Math.min(current - Math.floor(visible / 2), pageCount - visible + 1));
  const pages = Array.from({ length: Math.min(visible, pageCount) }, (_, index) => start + index);
  const go = (target: number) => {
    if (target >= 1 && target <= pageCount && target !== current) onPageChange(target);
  };
  const nav = (label: string, symbol: string, target: number, disabled: boolean) => (
    <button type="button" className="uie-pagination__nav" aria-label={label} disabled={disabled} onClick={() => go(target)}>
      {symbol}
      {showButtonLabels && <span> {label}</span>}
    </button>
  );
  return (
    <nav className="uie-pagination" aria-label="Pagination">
      {showFirstLastButtons && nav('First', '«', 1, current === 1)}
      {nav('Prev', '‹', current - 1, current === 1)}
      {pages.map((number) => (
        <button
          type="button"
          key={number}
          className={cx('uie-pagination__page', number === current && 'uie-pagination__page--current')}
          aria-current={number === current ? 'page' : undefined}
          onClick={() => go(number)}
        >
          {number}
        </button>
      ))}
      {nav('Next', '›', current + 1, current >= pageCount)}
      {showFirstLastButtons && nav('Last', '»', pageCount, current >= pageCount)}
    </nav>
  );
}

export function Table(props: TableProps) {
  const { children, bordered = true, flush = false, density = 'default', testId } = props;
  return (
    <div className={cx('uie-table-wrap', flush && 'uie-table-wrap--flush')} data-testid={testId}>
      <div className="uie-table-scroll">
        <table className={cx('uie-table', bordered && 'uie-table--bordered', `uie-table--${density}`)}>{children}</table>
      </div>
      {props.paginated && <Pagination {...props} />}
    </div>
  );
}

export const TableHead = ({ children, testId }: TableElementProps) => <thead data-testid={testId}>{children}</thead>;
export const TableBody = ({ children, testId }: TableElementProps) => <tbody data-testid={testId}>{children}</tbody>;
export const TableFooter = ({ children, testId }: TableElementProps) => <tfoot data-testid={testId}>{children}</tfoot>;
export const TableRow = ({ children, testId }: TableElementProps) => <tr data-testid={testId}>{children}</tr>;

const isSortable = (props: TableHeaderProps): props is SortedTableHeaderProps => props.sortDirection !== undefined && props.sortDirection !== 'never';

export function TableHeader(props: TableHeaderProps) {
  const { children, align, width, testId } = props;
  const style = { ...widthStyle(width), textAlign: align };
  if (!isSortable(props)) {
    return (
      <th style={style} data-testid={testId}>
        {children}
      </th>
    );
  }
  const { sortDirection, onSortChange, disabled } = props;
  const next = sortDirection === 'ascending' ? 'descending' : 'ascending';
  return (
    <th style={style} data-testid={testId} aria-sort={sortDirection === 'none' ? undefined : sortDirection}>
      <button type="button" className="uie-sort" disabled={disabled} onClick={() => onSortChange(next)}>
        {children}
        <span className={cx('uie-sort__arrow', `uie-sort__arrow--${sortDirection}`)} aria-hidden="true">
          {sortDirection === 'descending' ? '▼' : sortDirection === 'ascending' ? '▲' : '▲▼'}
        </span>
      </button>
    </th>
  );
}

export function TableCell({ children, align, width, colSpan, testId }: TableCellProps) {
  return (
    <td style={{ ...widthStyle(width), textAlign: align }} colSpan={colSpan} data-testid={testId}>
      {children}
    </td>
  );
}

function FieldFrame({
  label,
  required,
  tooltip,
  description,
  error,
  validationMessage,
  htmlFor,
  children,
  testId,
}: {
  label?: string;
  required?: boolean;
  tooltip?: string;
  description?: string;
  error?: boolean;
  validationMessage?: string;
  htmlFor: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className={cx('uie-field', error && 'uie-field--error')} data-testid={testId}>
      {label && (
        <label className="uie-field__label" htmlFor={htmlFor}>
          {label}
          {required && <span className="uie-field__required"> *</span>}
          {tooltip && (
            <span className="uie-overlay-anchor uie-field__hint">
              ⓘ
              <span className="uie-tooltip uie-tooltip--top" role="tooltip">
                {tooltip}
              </span>
            </span>
          )}
        </label>
      )}
      {description && <div className="uie-field__description">{description}</div>}
      {children}
      {validationMessage && <div className={error ? 'uie-field__message uie-field__message--error' : 'uie-field__message'}>{validationMessage}</div>}
    </div>
  );
}

let fieldCounter = 0;
const useFieldId = (name: string | undefined) => useRef(`uie-field-${name ?? 'field'}-${++fieldCounter}`).current;

export function Input({ label, name, value, defaultValue, required, readOnly, description, tooltip, placeholder, error, validationMessage, onChange, onInput, onBlur, onFocus, type = 'text', testId }: InputProps) {
  const id = useFieldId(name);
  const controlled = value !== undefined;
  return (
    <FieldFrame label={label} required={required} tooltip={tooltip} description={description} error={error} validationMessage={validationMessage} htmlFor={id} testId={testId}>
      <input
        id={id}
        className="uie-input"
        name={name}
        type={type}
        placeholder={placeholder}
        readOnly={readOnly}
        required={required}
        aria-invalid={error || undefined}
        {...(controlled ? { value } : { defaultValue })}
        onChange={(event) => onInput?.(event.target.value)}
        onBlur={(event) => {
          onChange?.(event.target.value);
          onBlur?.(event.target.value);
        }}
        onFocus={(event) => onFocus?.(event.target.value)}
      />
    </FieldFrame>
  );
}

export function Select({ label, name, value, options, required, readOnly, description, tooltip, placeholder, error, validationMessage, onChange, variant = 'input', testId }: SelectProps) {
  const id = useFieldId(name);
  return (
    <FieldFrame label={label} required={required} tooltip={tooltip} description={description} error={error} validationMessage={validationMessage} htmlFor={id} testId={testId}>
      <select
        id={id}
        className={cx('uie-select', `uie-select--${variant}`)}
        name={name}
        disabled={readOnly}
        required={required}
        aria-invalid={error || undefined}
        {...(value !== undefined ? { value: String(value) } : { defaultValue: '' })}
        onChange={(event) => {
          // The DOM only knows strings; hand the option's own value (string, number or boolean) back.
          const option = options.find((candidate) => String(candidate.value) === event.target.value);
          if (option) onChange?.(option.value);
        }}
      >
        <option value="" disabled>
          {placeholder ?? 'Select an option'}
        </option>
        {options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
