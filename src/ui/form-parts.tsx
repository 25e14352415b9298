import type { ReactNode } from 'react';
import { messageText, type MessageCode } from '@/messages/messages';
import type { FormState } from '@/tasks/form-state';

export function NameField(props: {
  id: string;
  label: string;
  defaultValue?: string;
  error?: MessageCode;
  children?: ReactNode;
}) {
  const errorId = `${props.id}-error`;
  const error = props.error ? messageText(props.error) : undefined;
  return (
    <div>
      <label htmlFor={props.id}>{props.label}</label>
      <div className="field-row">
        <input
          id={props.id}
          name="name"
          type="text"
          autoComplete="off"
          aria-required="true"
          defaultValue={props.defaultValue}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        {props.children}
      </div>
      <p id={errorId} className="error" aria-live="polite">
        {error}
      </p>
    </div>
  );
}

export function FormMessages({ state }: { state: FormState }) {
  return (
    <>
      <p className="status" role="status" aria-live="polite">
        {state.status === 'success' && state.message ? messageText(state.message, state.params) : ''}
      </p>
      {state.status === 'error' && state.message ? (
        <p className="notice error" role="alert">
          {messageText(state.message, state.params)}
        </p>
      ) : null}
    </>
  );
}
