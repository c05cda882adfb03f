/** Small pieces the pages share: a labelled field with its error, a copy button, the page header. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export function Field(props: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (aria: { id: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      {props.children({
        id: props.id,
        ...(props.error ? { 'aria-invalid': 'true' as const } : {}),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {props.hint && (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      {props.error && (
        <p id={`${props.id}-error`} class="field-error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Copies `text`; says so in words (and to screen readers), not only with a colour. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <button type="button" class="secondary" onClick={() => void copy()} aria-label={`Copy ${label}`}>
      {copied === 'yes' ? '✓ Copied' : copied === 'no' ? 'Select and copy by hand' : 'Copy'}
      <span class="sr-only" aria-live="polite">
        {copied === 'yes' ? `${label} copied` : ''}
      </span>
    </button>
  );
}

export function TopBar({ children }: { children?: ComponentChildren }) {
  return (
    <>
      <a class="skip" href="#content">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">FastForward</span>
        {children}
      </header>
    </>
  );
}
