import { type ChangeEvent, type FormEvent, useRef, useState } from 'react';
import type { z } from 'zod';
import { type FieldErrors, firstInvalid, issuesByField, serverErrors } from './formErrors.ts';

/** The part of a TanStack mutation this form drives; its own error is the server's verdict. */
interface SaveMutation<Payload, Saved> {
  mutate: (payload: Payload, options: { onSuccess: (saved: Saved) => void; onError: (error: Error) => void }) => void;
  error: Error | null;
  reset: () => void;
}

interface DraftFormOptions<Field extends string, Draft extends Record<Field, unknown>, Payload, Saved> {
  /** In screen order: focus goes to the first field with a message. */
  fields: readonly Field[];
  /** A fresh draft, with a fresh client id, so a retry of the same draft cannot save it twice. */
  blank: () => Draft;
  schema: z.ZodType<Payload>;
  mutation: SaveMutation<Payload, Saved>;
  onSaved: (saved: Saved) => void;
}

type TextFieldOf<Field extends string, Draft extends Record<Field, unknown>> = { [K in Field]: Draft[K] extends string ? K : never }[Field];

/**
 * A create form's draft checked with the shared schema before it is sent (each message next to its
 * field) and again by the server, whose issues land on the same fields. After a save the form is
 * blank again and focus is back on its first field, ready for the next record.
 */
export function useDraftForm<Field extends string, Draft extends Record<Field, unknown>, Payload, Saved>({
  fields,
  blank,
  schema,
  mutation,
  onSaved,
}: DraftFormOptions<Field, Draft, Payload, Saved>) {
  const [draft, setDraft] = useState(blank);
  const [clientErrors, setClientErrors] = useState<FieldErrors<Field>>({});
  const elements = useRef(new Map<Field, HTMLElement>());
  // One callback per field for the life of the form, so React does not detach and re-attach each render.
  const refCallbacks = useRef(new Map<Field, (element: HTMLElement | null) => void>());

  const server = serverErrors(fields, mutation.error);
  const errors: FieldErrors<Field> = { ...server.fields, ...clientErrors };

  const ref = (field: Field) => {
    let callback = refCallbacks.current.get(field);
    if (!callback) {
      callback = (element) => {
        if (element) elements.current.set(field, element);
        else elements.current.delete(field);
      };
      refCallbacks.current.set(field, callback);
    }
    return callback;
  };

  const focus = (field: Field | undefined) => {
    if (field) elements.current.get(field)?.focus();
  };

  const edit = <K extends Field>(field: K, value: Draft[K]) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setClientErrors((current) => ({ ...current, [field]: undefined }));
    if (mutation.error) mutation.reset();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = schema.safeParse(draft);
    if (!parsed.success) {
      const found = issuesByField(fields, parsed.error.issues);
      setClientErrors(found);
      focus(firstInvalid(fields, found));
      return;
    }
    setClientErrors({});
    mutation.mutate(parsed.data, {
      onSuccess: (saved) => {
        setDraft(blank());
        onSaved(saved);
        focus(fields[0]);
      },
      onError: (error) => focus(firstInvalid(fields, serverErrors(fields, error).fields)),
    });
  };

  /** Everything a text input of the draft needs: its value, its edits, its message and its ref. */
  const textField = <K extends TextFieldOf<Field, Draft>>(field: K) => ({
    ref: ref(field),
    name: field,
    value: draft[field] as string,
    onChange: (event: ChangeEvent<HTMLInputElement>) => edit(field, event.target.value as Draft[K]),
    error: errors[field],
  });

  return { draft, errors, formError: server.form, edit, ref, submit, textField };
}
