// The app function calls this page made, newest first: which uid, how long, and how it ended.
import { useEffect, useState } from 'react';
import type { FunctionCallRecord } from '../protocol';
import { onFunctionCalls } from './api';

export function FunctionCallsPanel() {
  const [calls, setCalls] = useState<FunctionCallRecord[]>([]);
  useEffect(() => onFunctionCalls(setCalls), []);
  return (
    <section className="wb-panel">
      <div className="wb-section__title">
        App function calls <small>functions host</small>
      </div>
      <div className="wb-section__body">
        {calls.length === 0 ? (
          <p className="wb-muted">None yet.</p>
        ) : (
          <ul className="wb-log" data-testid="function-calls">
            {calls.map((call, index) => (
              <li key={`${call.at}-${index}`}>
                <span className={`wb-log__status ${!call.ok ? 'wb-log__status--bad' : call.summary === 'ok: false' ? 'wb-log__status--warn' : 'wb-log__status--ok'}`}>
                  {!call.ok ? 'ERR' : call.summary === 'ok: false' ? 'FAIL' : 'OK'}
                </span>
                <span className="wb-log__what wb-mono" title={call.summary}>
                  {call.uid}
                </span>
                <span className="wb-muted">{call.ms} ms</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
