/**
 * A button whose action is asked about first, in a modal dialog that names what will happen (retrying a dead job,
 * ending someone's sessions, disabling an account). The dialog's own Cancel and Escape leave everything as it was.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  className,
  disabled,
}: {
  /** The button's text (and accessible name). */
  children: ReactNode;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  className?: string;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <>
      <button type="button" className={className} disabled={disabled} onClick={() => setOpen(true)}>
        {children}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} onClose={() => setOpen(false)}>
        {open && (
          <div className="stack">
            <h2 id={titleId}>{title}</h2>
            <div>{message}</div>
            <div className="row">
              <button
                type="button"
                className={className === 'danger' ? 'danger' : 'primary'}
                onClick={() => {
                  setOpen(false);
                  onConfirm();
                }}
              >
                {confirmLabel}
              </button>
              <button type="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
            </div>
          </div>
        )}
      </dialog>
    </>
  );
}
