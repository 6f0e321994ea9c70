import { type RefObject, useEffect, useId, useRef } from 'react';

export interface ModalDialog {
  dialog: RefObject<HTMLDialogElement | null>;
  titleId: string;
  bodyId: string;
}

/**
 * The behaviour every modal question shares, on the native `<dialog>`: opened modal on mount (focus
 * trapped inside, Escape reaches `onCancel`), the initial focus where `focusFirst` says, and focus
 * handed back on close to whatever had it before. Mount the dialog only while it is open.
 */
export function useModalDialog(focusFirst: (dialog: HTMLDialogElement) => HTMLElement | null | undefined): ModalDialog {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  // Read once, on opening: a dialog's initial focus does not move with later renders.
  const chooseFocus = useRef(focusFirst);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!element.open) element.showModal();
    chooseFocus.current(element)?.focus();
    return () => {
      if (element.open) element.close();
      if (returnFocusTo?.isConnected) returnFocusTo.focus();
    };
  }, []);

  return { dialog, titleId, bodyId };
}
