// The record's left sidebar: core deal properties, the app's `aurora_*` properties (changes flash) and the contacts.
import { useState } from 'react';
import type { DealDetail, PropertyDefinition } from '../protocol';

/** Shows a value the way HubSpot's sidebar does: money, dates, and stage labels instead of internal values. */
function display(definition: PropertyDefinition, value: string, deal: DealDetail): string {
  if (definition.name === 'dealstage') return deal.stageLabel ?? value;
  if (definition.name === 'amount') {
    const amount = Number(value);
    return Number.isFinite(amount) ? amount.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }) : value;
  }
  if (definition.type === 'datetime' || definition.type === 'date') {
    const at = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
    return Number.isNaN(at.getTime()) ? value : at.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: definition.type === 'date' ? undefined : 'short' });
  }
  return value;
}

const isEmpty = (value: string | null | undefined): value is null | undefined | '' => value === null || value === undefined || value === '';

function PropertyRow({ definition, deal, changed }: { definition: PropertyDefinition; deal: DealDetail; changed: boolean }) {
  const value = deal.properties[definition.name];
  const shown = isEmpty(value) ? '—' : display(definition, value, deal);
  return (
    <div className={`wb-prop ${isEmpty(value) ? 'wb-prop--empty' : ''} ${changed ? 'wb-prop--changed' : ''}`} data-property={definition.name}>
      <dt title={definition.name}>{definition.label}</dt>
      <dd className={shown.length > 60 ? 'wb-prop__long' : undefined} title={shown.length > 60 ? shown : undefined}>
        {/^https?:\/\//.test(shown) ? (
          <a href={shown} target="_blank" rel="noreferrer">
            {shown}
          </a>
        ) : (
          shown
        )}
      </dd>
    </div>
  );
}

export function PropertiesPanel({ deal, changed }: { deal: DealDetail; changed: Set<string> }) {
  const [showEmpty, setShowEmpty] = useState(false);
  const filled = deal.aurora.filter((definition) => !isEmpty(deal.properties[definition.name]));
  const empty = deal.aurora.filter((definition) => isEmpty(deal.properties[definition.name]));
  return (
    <>
      <section className="wb-panel">
        <div className="wb-section__title">About this deal</div>
        <div className="wb-section__body">
          <dl className="wb-props" data-testid="core-properties">
            {deal.core.map((definition) => (
              <PropertyRow key={definition.name} definition={definition} deal={deal} changed={changed.has(definition.name)} />
            ))}
          </dl>
        </div>
      </section>
      <section className="wb-panel">
        <div className="wb-section__title">
          Aurora Solar <small>live from HubSpot</small>
        </div>
        <div className="wb-section__body">
          {deal.aurora.length === 0 ? (
            <p className="wb-muted">No Aurora properties in this portal yet: run “Set up HubSpot” on the settings page.</p>
          ) : (
            <>
              {filled.length === 0 && <p className="wb-muted">None set yet.</p>}
              <dl className="wb-props" data-testid="aurora-properties">
                {filled.map((definition) => (
                  <PropertyRow key={definition.name} definition={definition} deal={deal} changed={changed.has(definition.name)} />
                ))}
                {showEmpty && empty.map((definition) => <PropertyRow key={definition.name} definition={definition} deal={deal} changed={false} />)}
              </dl>
              {empty.length > 0 && (
                <button type="button" className="wb-linkish" onClick={() => setShowEmpty((value) => !value)}>
                  {showEmpty ? 'Hide empty properties' : `Show ${empty.length} empty properties`}
                </button>
              )}
            </>
          )}
        </div>
      </section>
      <section className="wb-panel">
        <div className="wb-section__title">Contacts ({deal.contacts.length})</div>
        <div className="wb-section__body">
          {deal.contactsError && <p className="wb-muted">{deal.contactsError}</p>}
          {deal.contacts.length === 0 && !deal.contactsError && <p className="wb-muted">No associated contacts.</p>}
          {deal.contacts.map((contact) => {
            const p = contact.properties;
            const street = [p.address, p.city, [p.state, p.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
            return (
              <div className="wb-contact" key={contact.id}>
                <strong>{[p.firstname, p.lastname].filter(Boolean).join(' ') || `Contact ${contact.id}`}</strong>
                <div className="wb-muted">{p.email ?? 'no email'}</div>
                <div>{p.address ? street : <span className="wb-missing">No street address{street ? ` (${street})` : ''}</span>}</div>
              </div>
            );
          })}
        </div>
      </section>
    </>
  );
}
